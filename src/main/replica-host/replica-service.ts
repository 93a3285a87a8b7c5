// Everything the app asks of its replica, in one object: local writes, reads, search, sync control.
// Runs inside the replica host worker (replica-worker.ts); tests also use it directly.
import type { CreateInput, UpdateInput, WritableKind } from '../../shared/replica/inputs';
import type { TableName } from '../../shared/replica/registry';
import { connectPg, listenPg } from '../central/connection';
import { LocalWriter } from '../replica/local-writer';
import { ReplicaReads } from '../replica/reads';
import type { SearchHit, TestCaseFilter } from '../replica/reads';
import { ReplicaStore } from '../replica/replica-store';
import type { KeptAside, Rejection } from '../replica/replica-store';
import { SyncEngine } from '../sync/sync-engine';
import type { SyncOutcome, SyncStatus } from '../sync/sync-engine';

export interface ReplicaConfig {
  replicaPath: string;
  /** postgres:// URL of central, as application_user. */
  centralUrl: string;
  token: string;
  pollIntervalMs?: number;
  backoff?: { initialMs: number; maxMs: number };
  /** Start syncing at once (default true). */
  autoSync?: boolean;
}

export type ReplicaEvent =
  | { type: 'status'; status: SyncStatus }
  | { type: 'changed'; tables: string[] };

export class ReplicaService {
  readonly store: ReplicaStore;
  readonly reads: ReplicaReads;
  readonly writer: LocalWriter;
  readonly engine: SyncEngine;

  constructor(config: ReplicaConfig, emit: (event: ReplicaEvent) => void) {
    this.store = new ReplicaStore(config.replicaPath);
    this.reads = new ReplicaReads(this.store.db);
    this.engine = new SyncEngine({
      store: this.store,
      token: config.token,
      connect: () => connectPg(config.centralUrl),
      listen: (onPoke, onLost) => listenPg(config.centralUrl, 'promanage_sync', onPoke, onLost),
      ...(config.pollIntervalMs ? { pollIntervalMs: config.pollIntervalMs } : {}),
      ...(config.backoff ? { backoff: config.backoff } : {}),
    });
    this.writer = new LocalWriter(this.store, () => this.engine.requestSync());
    this.store.onChange((tables) => emit({ type: 'changed', tables: [...tables] }));
    this.engine.onStatus((status) => emit({ type: 'status', status }));
    if (config.autoSync !== false) this.engine.start();
  }

  create<K extends WritableKind>(kind: K, projectId: string, input: CreateInput<K>, id?: string): { id: string } {
    return this.writer.create(kind, projectId, input, id);
  }

  update<K extends WritableKind>(kind: K, id: string, changes: UpdateInput<K>): void {
    this.writer.update(kind, id, changes);
  }

  remove(kind: WritableKind, id: string): void {
    this.writer.remove(kind, id);
  }

  row(table: TableName, id: string): Record<string, unknown> | undefined {
    return this.reads.row(table, id);
  }

  rows(table: TableName, projectId: string): Record<string, unknown>[] {
    return this.reads.rows(table, projectId);
  }

  testCases(filter: TestCaseFilter): Record<string, unknown>[] {
    return this.reads.testCases(filter);
  }

  search(text: string, options: { projectId?: string; limit?: number } = {}): SearchHit[] {
    return this.reads.search(text, options);
  }

  projects(): string[] {
    return this.store.replicatedProjects();
  }

  status(): SyncStatus {
    return this.engine.status;
  }

  syncNow(): Promise<SyncOutcome> {
    return this.engine.syncNow();
  }

  rejections(): Rejection[] {
    return this.store.rejections();
  }

  dismissRejection(mutationId: number): void {
    this.store.dismissRejection(mutationId);
  }

  keptAside(): KeptAside[] {
    return this.store.keptAside();
  }

  /** Stops syncing and closes the replica; pending writes are already durable in SQLite. */
  async close(): Promise<void> {
    await this.engine.stop();
    this.store.close();
  }
}

/** The methods the host can call across the worker boundary. */
export type ReplicaApi = Pick<ReplicaService, 'create' | 'update' | 'remove' | 'row' | 'rows' | 'testCases' | 'search' | 'projects'
  | 'status' | 'syncNow' | 'rejections' | 'dismissRejection' | 'keptAside' | 'close'>;
export type ReplicaMethod = keyof ReplicaApi;
export const REPLICA_METHODS: readonly ReplicaMethod[] = ['create', 'update', 'remove', 'row', 'rows', 'testCases', 'search',
  'projects', 'status', 'syncNow', 'rejections', 'dismissRejection', 'keptAside', 'close'];
