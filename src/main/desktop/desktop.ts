// The desktop app's main side without Electron: settings, session, the replica host and the IPC
// handlers behind one dispatch function. Electron's main (src/main/index.ts) and the browser host
// (src/main/browser-host, for tests) both run it, so the renderer talks to the very same handlers.
import type { Envelope, EventMap, EventName } from '../../shared/ipc/contract';
import type { AppIdentity } from '../ipc/handlers';
import { createHandlers } from '../ipc/handlers';
import { createRouter } from '../ipc/router';
import type { WorkerEntry } from '../replica-host/replica-host';
import { DemoCentral } from '../demo/demo-central';
import { join } from 'node:path';
import { DesktopSession } from './session';
import type { SecretStore } from './session';
import { SettingsFile } from './settings';

export type { SecretStore };

export interface DesktopOptions {
  /** The app's data folder (Electron's userData): settings, replicas, logs. */
  dataDir: string;
  /** The built replica host worker (out/main/replica-worker.js). */
  replicaWorker: WorkerEntry;
  secrets: SecretStore;
  identity: AppIdentity;
  /** The built demo central worker (out/main/demo-central-worker.js) and the central migrations. */
  demo?: { worker: WorkerEntry; migrationsDir: string };
  /** How often the engine pulls without a poke (default: the engine's). */
  pollIntervalMs?: number;
}

export type EventListener = <E extends EventName>(event: E, payload: EventMap[E]) => void;

export interface Desktop {
  dispatch(channel: unknown, input: unknown): Promise<Envelope<unknown>>;
  onEvent(listener: EventListener): () => void;
  readonly settings: SettingsFile;
  /** Stops sync and closes the replica; every acknowledged write is already durable. */
  close(): Promise<void>;
}

export async function openDesktop(options: DesktopOptions): Promise<Desktop> {
  const listeners = new Set<EventListener>();
  const emit = <E extends EventName>(event: E, payload: EventMap[E]) => {
    for (const listener of listeners) listener(event, payload);
  };
  const settings = new SettingsFile(options.dataDir);
  let demo: Promise<DemoCentral> | undefined;
  const openDemo = () => {
    const config = options.demo;
    if (!config) return Promise.reject(new Error('The demo workspace is not available in this build.'));
    demo ??= DemoCentral.start({ dataDir: join(options.dataDir, 'demo-central'), migrationsDir: config.migrationsDir }, config.worker)
      .catch((error: unknown) => {
        demo = undefined;
        throw error;
      });
    return demo;
  };
  const session = new DesktopSession(options.dataDir, settings, options.secrets, options.replicaWorker, {
    session: (state) => emit('session:changed', state),
    status: (status) => emit('sync:status', status),
    changed: (tables) => emit('replica:changed', { tables }),
    progress: (progress) => emit('export:progress', progress),
  }, options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}, openDemo);
  await session.resume();
  const dispatch = createRouter(createHandlers(options.identity, session, openDemo));
  return {
    dispatch,
    settings,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await session.close();
      if (demo) await (await demo.catch(() => undefined))?.stop();
      listeners.clear();
    },
  };
}
