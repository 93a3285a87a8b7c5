import { create } from 'zustand';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { call } from '../ipc/client';

interface AppState {
  info: ChannelOutput<'app:info'> | null;
  error: string | null;
  load(): Promise<void>;
}

export const useAppStore = create<AppState>((set) => ({
  info: null,
  error: null,
  async load() {
    try {
      set({ info: await call('app:info', undefined), error: null });
    } catch (error) {
      set({ error: error instanceof Error ? error.message : String(error) });
    }
  },
}));
