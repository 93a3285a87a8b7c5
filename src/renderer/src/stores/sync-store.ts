// The sync status bar and the panel of changes central refused.
import { create } from 'zustand';
import type { ProblemChanges, SyncStatusView } from '../../../shared/ipc/domains/sync';
import { call, describe, onEvent } from '../ipc/client';

interface SyncStore {
  status: SyncStatusView | null;
  problems: ProblemChanges;
  error: string | null;
  load(): Promise<void>;
  retry(): Promise<void>;
  dismiss(mutationId: number): Promise<void>;
}

export const useSync = create<SyncStore>((set, get) => ({
  status: null,
  problems: { rejected: [], keptAside: [] },
  error: null,
  async load() {
    try {
      set({ status: await call('sync:status', undefined), problems: await call('sync:problems', undefined), error: null });
    } catch (error) {
      set({ error: describe(error) });
    }
  },
  async retry() {
    try {
      set({ status: await call('sync:retry', undefined), error: null });
      await get().load();
    } catch (error) {
      set({ error: describe(error) });
    }
  },
  async dismiss(mutationId) {
    set({ problems: await call('sync:dismissRejection', { mutationId }) });
  },
}));

onEvent('sync:status', (status) => {
  const previous = useSync.getState().status;
  useSync.setState({ status });
  if (previous?.rejected !== status.rejected) void useSync.getState().load();
});
