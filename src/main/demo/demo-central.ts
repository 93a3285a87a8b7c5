// Main-side handle on the demo workspace's central database (demo-central-worker.ts): start it, hand
// out MessagePorts for connections (the sign-in here, the replica host's sync engine), stop it.
import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { WorkerEntry } from '../replica-host/replica-host';
import type { DemoCentralMessage, DemoCentralWorkerData } from './demo-central-worker';

export class DemoCentral {
  private constructor(private readonly worker: Worker, readonly seeded: boolean) {}

  static async start(data: DemoCentralWorkerData, entry: WorkerEntry): Promise<DemoCentral> {
    const worker = new Worker(entry.url, { workerData: data, execArgv: entry.execArgv ?? [], argv: entry.argv ?? [] });
    const ready = await new Promise<Extract<DemoCentralMessage, { kind: 'ready' }>>((resolve, reject) => {
      worker.once('message', (message: DemoCentralMessage) => {
        if (message.kind === 'ready') resolve(message);
        else reject(Object.assign(new Error(`The demo workspace could not start: ${message.error.message}`), { code: message.error.code }));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The demo workspace stopped while starting (exit code ${code}).`)));
    });
    return new DemoCentral(worker, ready.seeded);
  }

  /** A new port to the embedded central; transfer it to whoever connects. */
  channel(): MessagePort {
    const { port1, port2 } = new MessageChannel();
    this.worker.postMessage({ kind: 'connect', port: port2 }, [port2]);
    return port1;
  }

  async stop(): Promise<void> {
    this.worker.postMessage({ kind: 'close' });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void this.worker.terminate().then(() => resolve()), 5000);
      this.worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
