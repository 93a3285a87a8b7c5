// The desktop app's main side without Electron: settings, session, the replica host and the IPC
// handlers behind one dispatch function. Electron's main (src/main/index.ts) and the browser host
// (src/main/browser-host, for tests) both run it, so the renderer talks to the very same handlers.
import type { Envelope, EventMap, EventName } from '../../shared/ipc/contract';
import type { AppIdentity } from '../ipc/handlers';
import { createHandlers } from '../ipc/handlers';
import { createRouter } from '../ipc/router';
import type { WorkerEntry } from '../replica-host/replica-host';

/** Where the session token is kept: the OS keychain (Electron safeStorage) in the app. */
export interface SecretStore {
  read(): string | undefined;
  write(secret: string): void;
  clear(): void;
}

export interface DesktopOptions {
  /** The app's data folder (Electron's userData): settings, replicas, logs. */
  dataDir: string;
  /** The built replica host worker (out/main/replica-worker.js). */
  replicaWorker: WorkerEntry;
  secrets: SecretStore;
  identity: AppIdentity;
}

export type EventListener = <E extends EventName>(event: E, payload: EventMap[E]) => void;

export interface Desktop {
  dispatch(channel: unknown, input: unknown): Promise<Envelope<unknown>>;
  onEvent(listener: EventListener): () => void;
  /** Stops sync and closes the replica; every acknowledged write is already durable. */
  close(): Promise<void>;
}

export async function openDesktop(options: DesktopOptions): Promise<Desktop> {
  const listeners = new Set<EventListener>();
  const dispatch = createRouter(createHandlers(options.identity));
  return {
    dispatch,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };
}
