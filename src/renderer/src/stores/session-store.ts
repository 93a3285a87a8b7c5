// Who is signed in; sign in and out.
import { create } from 'zustand';
import type { ChannelInput } from '../../../shared/ipc/contract';
import type { SessionState } from '../../../shared/ipc/domains/session';
import { call, onEvent } from '../ipc/client';

interface SessionStore {
  state: SessionState | null;
  load(): Promise<void>;
  signIn(input: ChannelInput<'session:signIn'>): Promise<void>;
  signOut(): Promise<void>;
}

export const useSession = create<SessionStore>((set) => ({
  state: null,
  async load() {
    set({ state: await call('session:state', undefined) });
  },
  async signIn(input) {
    set({ state: await call('session:signIn', input) });
  },
  async signOut() {
    set({ state: await call('session:signOut', undefined) });
  },
}));

onEvent('session:changed', (state) => useSession.setState({ state }));
