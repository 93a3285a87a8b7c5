// The demo workspace's central database in its own worker thread, so its queries never block the main
// event loop. Clients connect with a MessagePort (port-central-client.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { openDemoDatabase } from './demo-database';
import { PortCentralServer } from './port-central-server';

export interface DemoCentralWorkerData {
  dataDir: string;
  migrationsDir: string;
}

export type DemoCentralMessage =
  | { kind: 'ready'; seeded: boolean; migrated: string[] }
  | { kind: 'failed'; error: { message: string; code?: string } };

const port = parentPort!;
const { dataDir, migrationsDir } = workerData as DemoCentralWorkerData;

try {
  const { db, migrated, seeded } = await openDemoDatabase(dataDir, migrationsDir);
  const server = new PortCentralServer(db);
  port.on('message', (message: { kind: 'connect'; port: MessagePort } | { kind: 'close' }) => {
    if (message.kind === 'connect') server.serve(message.port);
    if (message.kind === 'close') void db.close().finally(() => port.close());
  });
  port.postMessage({ kind: 'ready', seeded, migrated } satisfies DemoCentralMessage);
} catch (error) {
  const e = error as { message?: string; code?: string };
  port.postMessage({ kind: 'failed', error: { message: e.message ?? String(error), ...(e.code ? { code: e.code } : {}) } } satisfies DemoCentralMessage);
}
