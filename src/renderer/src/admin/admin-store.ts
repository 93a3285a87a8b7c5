// Administration: what the signed-in user may administer (for the navigation), and the overview the
// screen shows, read from central (online only). Actions go to central and reload the overview.
import { create } from 'zustand';
import type { ChannelInput, ChannelOutput } from '../../../shared/ipc/contract';
import type { AdminCapabilities, AdminChannel, AdminOverview } from '../../../shared/ipc/domains/admin';
import type { ErrorInfo } from '../../../shared/errors';
import { IpcError, call, onEvent } from '../ipc/client';
import { useWorkspace } from '../stores/workspace-store';

interface AdminStore {
  capabilities: AdminCapabilities | null;
  overview: AdminOverview | null;
  loading: boolean;
  /** Why the overview could not be loaded (offline: SERVER_UNREACHABLE). */
  problem: ErrorInfo | null;
  /** What the last action did, for the status line. */
  notice: string | null;
  loadCapabilities(): Promise<void>;
  loadOverview(): Promise<void>;
  /** Runs an admin action on central, then reloads the overview; a refusal is thrown (IpcError). */
  act<C extends AdminChannel>(channel: C, input: ChannelInput<C>, notice: string): Promise<ChannelOutput<C>>;
}

/** True when the user may use some part of Administration. */
export function administers(caps: AdminCapabilities | null): boolean {
  return !!caps && (caps.people || caps.createProjects || caps.members || caps.roles);
}

const initial = { capabilities: null, overview: null, loading: false, problem: null, notice: null };

export const useAdmin = create<AdminStore>((set, get) => ({
  ...initial,
  async loadCapabilities() {
    try {
      set({ capabilities: await call('admin:capabilities', undefined) });
    } catch {
      // Signed out or unknown: no Administration entry.
      set({ capabilities: null });
    }
  },
  async loadOverview() {
    set({ loading: true });
    try {
      const overview = await call('admin:overview', undefined);
      set({ overview, capabilities: overview.capabilities, problem: null, loading: false });
    } catch (error) {
      const problem = error instanceof IpcError ? error.info : { code: 'INTERNAL' as const, message: String(error) };
      set({ problem, loading: false });
    }
  },
  async act(channel, input, notice) {
    set({ notice: null });
    const value = await call(channel, input);
    set({ notice });
    await get().loadOverview();
    return value;
  },
}));

onEvent('session:changed', () => {
  useAdmin.setState(initial);
  if (useWorkspace.getState().route.screen === 'admin') useWorkspace.getState().go({ screen: 'documents' });
});

// Someone's role or membership changed (perhaps the user's own): ask again what they may administer.
onEvent('replica:changed', ({ tables }) => {
  if (tables.some((t) => t === 'users' || t === 'roles' || t === 'role_permissions' || t === 'project_members')) void useAdmin.getState().loadCapabilities();
});

// Back online: what was only known on the device is asked of the server again.
onEvent('sync:status', (status) => {
  if (status.state === 'idle' && useAdmin.getState().capabilities?.source === 'device') void useAdmin.getState().loadCapabilities();
});
