// Runs sync in the background: push the outbox, then pull; on a local write (debounced), on a poke
// from central (LISTEN), periodically, and on demand. Transient failures retry with jittered
// exponential backoff; an ended session stops the engine and keeps the outbox.
import type { CentralConnection } from '../central/connection';
import type { ReplicaStore } from '../replica/replica-store';
import { pull } from './pull';
import type { PullSummary } from './pull';
import { compactDocuments } from './compaction';
import { push } from './push';
import { uploadAttachments, UPLOAD_BUDGET_BYTES } from './uploads';
import type { UploadSummary } from './uploads';
import type { PushSummary } from './push';
import { describeError, isSignedOut, isTransient } from './sync-errors';

export type SyncState = 'idle' | 'syncing' | 'offline' | 'signed-out' | 'stopped';

export interface SyncStatus {
  state: SyncState;
  online: boolean;
  pending: number;
  rejected: number;
  /** Rows waiting for the search index (a large pull's, indexed right after it). */
  indexing: number;
  lastSyncedAt: string | null;
  lastError: string | null;
}

/** The counts a status carries, read from the replica. */
function counts(store: ReplicaStore): Pick<SyncStatus, 'pending' | 'rejected' | 'indexing'> {
  return { pending: store.pendingCount(), rejected: store.rejectionCount(), indexing: store.searchBacklog() };
}

export interface SyncEngineOptions {
  store: ReplicaStore;
  /** Opens a connection to central as application_user. */
  connect: () => Promise<CentralConnection>;
  token: string;
  /** Subscribes to central's pokes; returns an unsubscribe. Optional (no live updates without it). */
  listen?: (onPoke: (payload: string) => void, onLost: (error: unknown) => void) => Promise<() => Promise<void>>;
  pollIntervalMs?: number;
  debounceMs?: number;
  backoff?: { initialMs: number; maxMs: number };
  /** Compact a document's Yjs log on the server once it holds more updates than this (default 200). */
  compactionThreshold?: number;
  /** Attachment bytes uploaded per round, after push and pull (default 4 MB); more follow in the next round. */
  uploadBudgetBytes?: number;
  /** Called after each pull that completed (the replica host frees memory after a large one). */
  afterPull?: (summary: PullSummary) => void;
}

export type SyncOutcome =
  | { type: 'synced'; push: PushSummary; pull: PullSummary; upload: UploadSummary; pushMs: number; pullMs: number }
  | { type: 'offline'; error: string }
  | { type: 'signed-out' }
  | { type: 'failed'; error: string };

export class SyncEngine {
  private conn: CentralConnection | undefined;
  private running: Promise<SyncOutcome> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private failures = 0;
  private heldBackDelay = 0;
  private stopped = true;
  private readonly listeners = new Set<(status: SyncStatus) => void>();
  private current: SyncStatus;

  constructor(private readonly options: SyncEngineOptions) {
    this.current = {
      state: 'stopped', online: false, ...counts(options.store),
      lastSyncedAt: options.store.getState('last_synced_at') ?? null, lastError: null,
    };
  }

  get status(): SyncStatus {
    return { ...this.current, ...counts(this.options.store) };
  }

  /** The state alone (the status also counts rows in the replica). */
  get state(): SyncState {
    return this.current.state;
  }

  onStatus(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Announces the status again (the counts it carries have changed). */
  refreshStatus(): void {
    this.setStatus({});
  }

  private setStatus(patch: Partial<SyncStatus>): void {
    this.current = { ...this.current, ...counts(this.options.store), ...patch };
    for (const listener of this.listeners) listener(this.current);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.setStatus({ state: 'idle' });
    this.requestSync(0);
    this.poll = setInterval(() => this.requestSync(0), this.options.pollIntervalMs ?? 30_000);
    void this.startListening();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.poll);
    await this.running?.catch(() => undefined);
    await this.unlisten?.().catch(() => undefined);
    this.unlisten = undefined;
    await this.dropConnection();
    if (this.current.state !== 'signed-out') this.setStatus({ state: 'stopped' });
  }

  /** Asks for a sync soon (debounced); local writes call this. */
  requestSync(delayMs = this.options.debounceMs ?? 30): void {
    this.setStatus({});
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.syncNow(), delayMs);
  }

  /** Runs one push + pull now (or joins the one running, then runs again). */
  async syncNow(): Promise<SyncOutcome> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.cycle().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.requestSync(0);
      }
    });
    return this.running;
  }

  private async cycle(): Promise<SyncOutcome> {
    const { store, token } = this.options;
    this.setStatus({ state: 'syncing' });
    try {
      this.conn ??= await this.options.connect();
      const started = performance.now();
      const pushed = await push(this.conn, store, token);
      const pushedAt = performance.now();
      const pulled = await pull(this.conn, store, token);
      this.options.afterPull?.(pulled);
      await compactDocuments(this.conn, store, token, this.options.compactionThreshold ?? 200);
      const pulledAt = performance.now();
      // Files last, a bounded slice per round: a large one never holds back the changes behind it.
      const uploaded = await uploadAttachments(this.conn, store, token, this.options.uploadBudgetBytes ?? UPLOAD_BUDGET_BYTES);
      this.failures = 0;
      const now = new Date().toISOString();
      store.setState('last_synced_at', now);
      this.setStatus({ state: 'idle', online: true, lastSyncedAt: now, lastError: null });
      if (!this.unlisten && !this.stopped) void this.startListening();
      // A transaction still running on the server kept some commits out of this pull: look again soon
      // (250 ms, doubling to 8 s while it lasts) rather than at the next poll.
      this.heldBackDelay = pulled.heldBack ? Math.min(8000, Math.max(250, this.heldBackDelay * 2)) : 0;
      if (pulled.heldBack) this.requestSync(this.heldBackDelay);
      else if (uploaded.remaining > 0 && uploaded.chunks + uploaded.stored.length + uploaded.refused.length > 0) this.requestSync(0);
      return { type: 'synced', push: pushed, pull: pulled, upload: uploaded, pushMs: pushedAt - started, pullMs: pulledAt - pushedAt };
    } catch (error) {
      if (isSignedOut(error)) {
        this.stopped = true;
        clearTimeout(this.timer);
        clearInterval(this.poll);
        this.setStatus({ state: 'signed-out', lastError: describeError(error) });
        return { type: 'signed-out' };
      }
      await this.dropConnection();
      this.failures++;
      const transient = isTransient(error);
      this.setStatus({ state: transient ? 'offline' : 'idle', online: !transient, lastError: describeError(error) });
      this.retryLater();
      return transient ? { type: 'offline', error: describeError(error) } : { type: 'failed', error: describeError(error) };
    }
  }

  /** Jittered exponential backoff: initial × 2^(failures-1), capped, times a random 0.5–1.5. */
  private retryLater(): void {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 1000, maxMs: 30_000 };
    const delay = Math.min(maxMs, initialMs * 2 ** Math.min(this.failures - 1, 16)) * (0.5 + Math.random());
    this.requestSync(delay);
  }

  private async startListening(): Promise<void> {
    const listen = this.options.listen;
    if (!listen || this.unlisten || this.stopped) return;
    try {
      this.unlisten = await listen(
        () => this.requestSync(),
        () => {
          this.unlisten = undefined;
          this.requestSync(0);
        },
      );
      if (this.stopped) await this.unlisten();
    } catch {
      this.unlisten = undefined;
    }
  }

  private async dropConnection(): Promise<void> {
    const conn = this.conn;
    this.conn = undefined;
    await conn?.close().catch(() => undefined);
  }
}
