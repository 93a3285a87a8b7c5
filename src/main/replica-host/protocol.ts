// Messages between the main process and the replica host worker.
import type { ReplicaEvent, ReplicaMethod } from './replica-service';

export interface HostMessage {
  id: number;
  method: ReplicaMethod;
  args: unknown[];
}

export interface SerialisedError {
  name: string;
  message: string;
  code?: string;
}

export type WorkerMessage =
  | { kind: 'ready' }
  | { kind: 'failed'; error: SerialisedError }
  | { kind: 'event'; event: ReplicaEvent }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: SerialisedError };
