// Main-side handle on the replica host worker: typed calls, events, shutdown.
import { Worker } from 'node:worker_threads';
import type { HostMessage, SerialisedError, WorkerMessage } from './protocol';
import type { ReplicaApi, ReplicaConfig, ReplicaEvent, ReplicaMethod } from './replica-service';

export class ReplicaHostError extends Error {
  constructor(readonly info: SerialisedError) {
    super(info.message);
    this.name = info.name;
  }

  get code(): string | undefined {
    return this.info.code;
  }
}

type Result<M extends ReplicaMethod> = Awaited<ReturnType<ReplicaApi[M]>>;

export interface WorkerEntry {
  /** The worker script (built .js, or .ts when execArgv loads a TypeScript loader). */
  url: URL | string;
  execArgv?: string[];
  argv?: string[];
}

export class ReplicaHost {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(event: ReplicaEvent) => void>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: WorkerMessage) => this.receive(message));
    worker.on('exit', () => {
      for (const { reject } of this.waiting.values()) reject(new Error('The replica host stopped.'));
      this.waiting.clear();
    });
  }

  static async start(config: ReplicaConfig, entry: WorkerEntry): Promise<ReplicaHost> {
    const worker = new Worker(entry.url, {
      workerData: config, execArgv: entry.execArgv ?? [], argv: entry.argv ?? [], transferList: config.centralPort ? [config.centralPort] : [],
    });
    const host = new ReplicaHost(worker);
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: WorkerMessage) => {
        if (message.kind === 'ready') resolve();
        if (message.kind === 'failed') reject(new ReplicaHostError(message.error));
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return host;
  }

  private receive(message: WorkerMessage): void {
    if (message.kind === 'event') for (const listener of this.listeners) listener(message.event);
    if (message.kind !== 'reply') return;
    const waiter = this.waiting.get(message.id);
    this.waiting.delete(message.id);
    if (!waiter) return;
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(new ReplicaHostError(message.error));
  }

  call<M extends ReplicaMethod>(method: M, ...args: Parameters<ReplicaApi[M]>): Promise<Result<M>> {
    const id = this.nextId++;
    const message: HostMessage = { id, method, args };
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage(message);
    });
  }

  onEvent(listener: (event: ReplicaEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops sync, closes the replica (writes are already durable), ends the worker. */
  async stop(): Promise<void> {
    await this.call('close').catch(() => undefined);
    await this.worker.terminate();
  }
}
