// The replica host's worker thread: owns the SQLite replica and the sync engine, off the main event loop.
import { parentPort, workerData } from 'node:worker_threads';
import type { ReplicaConfig } from './replica-service';
import { REPLICA_METHODS, ReplicaService } from './replica-service';
import type { ReplicaMethod } from './replica-service';
import type { HostMessage, WorkerMessage } from './protocol';

const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);
let service: ReplicaService;
try {
  service = new ReplicaService(workerData as ReplicaConfig, (event) => post({ kind: 'event', event }));
  post({ kind: 'ready' });
} catch (error) {
  post({ kind: 'failed', error: serialise(error) });
  throw error;
}

function serialise(error: unknown) {
  const e = error as { name?: string; message?: string; code?: string };
  return { name: e.name ?? 'Error', message: e.message ?? String(error), ...(e.code ? { code: e.code } : {}) };
}

port.on('message', async (message: HostMessage) => {
  if (!REPLICA_METHODS.includes(message.method)) {
    post({ kind: 'reply', id: message.id, ok: false, error: { name: 'Error', message: `Unknown method ${message.method}` } });
    return;
  }
  try {
    const method = service[message.method as ReplicaMethod] as (...args: unknown[]) => unknown;
    const value = await method.apply(service, message.args);
    post({ kind: 'reply', id: message.id, ok: true, value });
    if (message.method === 'close') port.close();
  } catch (error) {
    post({ kind: 'reply', id: message.id, ok: false, error: serialise(error) });
  }
});
