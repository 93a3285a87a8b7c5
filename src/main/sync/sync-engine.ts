// Runs sync in the background: push the outbox, then pull; on a local write (debounced), on a change
// the beacon reports (or a LISTEN poke from the embedded demo central), periodically, and on demand.
// Pulls go to a read-only standby when one is configured and has replayed everything the device knows
// of, else to the primary. Transient failures retry with jittered exponential backoff; an ended session
// stops the engine and keeps the outbox.
import type { CentralConnection } from '../central/connection';
import type { ReplicaStore } from '../replica/replica-store';
import { pull } from './pull';
import type { PullSummary } from './pull';
import { compactDocuments } from './compaction';
import { push } from './push';
import { uploadAttachments, UPLOAD_BUDGET_BYTES } from './uploads';
import type { UploadSummary } from './uploads';
import type { PushSummary } from './push';
import { describeError, isSignedOut, isTransient, StandbyBehindError } from './sync-errors';
import { readBeacon, readSnapshot } from './beacon';
import type { Beacon } from './beacon';

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

/** The quickest beacon check, right after a change. */
const BEACON_QUICK_MS = 250;

/** The wait before the next beacon check: doubling from 250 ms with each quiet check, up to `maxMs`. */
function beaconDelay(maxMs: number, quietChecks: number): number {
  return Math.min(maxMs, BEACON_QUICK_MS * 2 ** Math.min(quietChecks, 16));
}

/** Snapshot checks that found a commit, in a row, before the engine asks the beacon straight away. */
const BUSY_AFTER = 3;
/** The beacon is read at least this often whatever the snapshot says: a session's expiry is no commit. */
const BEACON_REFRESH_MS = 5 * 60_000;
/** With the beacon on, a full sync this often all the same: a safety net (30 s without it: the demo). */
const SAFETY_SYNC_MS = 30 * 60_000;
/** A quiet check confirms the replica is up to date: "last synced" moves on at most this often. */
const CONFIRM_EVERY_MS = 60_000;

export interface SyncEngineOptions {
  store: ReplicaStore;
  /** Opens a connection to central as application_user (the primary: push, beacon, and pulls as a fallback). */
  connect: () => Promise<CentralConnection>;
  /** Opens a connection to a read-only standby of central, where pulls go when it is up to date. */
  connectReader?: () => Promise<CentralConnection>;
  /** After a standby failed, pulls go to the primary for this long before it is tried again (30 s). */
  readerRetryMs?: number;
  /**
   * Asks central's change beacon (app.sync_beacon, one statement through any pooler) whether anything
   * the user may see changed, and syncs when it did: 250 ms after a change (seen or made here), then
   * twice as long after each check that finds none, up to `intervalMs` (or the operator's interval),
   * each wait 90–100 % of that at random so that desktops spread out. While the server is quiet a check
   * is only its snapshot (pg_current_snapshot(), no table), and the beacon is read when a commit ended
   * since the last reading or 5 minutes passed; after three such checks in a row, straight away. With it,
   * the periodic sync defaults to every 30 minutes (a safety net) instead of 30 s, and a quiet check
   * moves "last synced" on (the replica is up to date without a sync round).
   */
  beacon?: { intervalMs: number };
  token: string;
  /** Subscribes to central's pokes; returns an unsubscribe. Optional (no live updates without it). */
  listen?: (onPoke: (payload: string) => void, onLost: (error: unknown) => void) => Promise<() => Promise<void>>;
  pollIntervalMs?: number;
  /** How often a quiet beacon check moves "last synced" on (default 60 s). */
  confirmEveryMs?: number;
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
  private reader: CentralConnection | undefined;
  private readerDownUntil = 0;
  private beaconTimer: NodeJS.Timeout | undefined;
  private beaconCheck: Promise<void> | undefined;
  private lastSignature: string | undefined;
  /** The operator's beacon interval, as central last said (else the option's). */
  private beaconMs: number | undefined;
  /** Beacon checks in a row that found no change (the wait doubles with each, up to the interval). */
  private quietChecks = 0;
  /**
   * The snapshot the last beacon was read under, and when: an unchanged snapshot spares the next read.
   * (What is not MVCC — a session's expiry, the operator's interval — waits for the next reading, at
   * most BEACON_REFRESH_MS.)
   */
  private lastSnapshot: string | undefined;
  private lastBeaconAt = 0;
  /** Snapshot checks in a row that found a commit: at BUSY_AFTER the server is busy, and only the beacon is read. */
  private busyChecks = 0;
  /** A commit the device knows of (its own push, the beacon's newest): a pull must reach past it. */
  private mustReach = 0n;
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
    this.poll = setInterval(() => this.requestSync(0), this.options.pollIntervalMs ?? (this.options.beacon ? SAFETY_SYNC_MS : 30_000));
    this.scheduleBeacon();
    void this.startListening();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.poll);
    clearTimeout(this.beaconTimer);
    await this.beaconCheck;
    await this.running?.catch(() => undefined);
    await this.unlisten?.().catch(() => undefined);
    this.unlisten = undefined;
    await this.dropConnection();
    await this.dropReader();
    if (this.current.state !== 'signed-out') this.setStatus({ state: 'stopped' });
  }

  /**
   * A local write: sync soon (debounced), and check the beacon often again — someone is at work here,
   * and answers from others tend to follow.
   */
  localChange(): void {
    this.quickenBeacon();
    this.requestSync();
  }

  /** Asks for a sync soon (debounced). */
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
      await this.beaconCheck;
      this.conn ??= await this.options.connect();
      const started = performance.now();
      const pushed = await push(this.conn, store, token, { onCommitted: (xid) => this.mustPass(xid) });
      const pushedAt = performance.now();
      if (this.options.beacon) {
        // Read before the pull: a commit after this changes the signature, so the next check sees it.
        const beacon = await readBeacon(this.conn, token);
        if (beacon) {
          this.noteBeacon(beacon);
          this.adoptSignature(beacon);
        }
      }
      const pulled = await this.pullFromBest();
      if (pulled.reset) this.mustReach = 0n;
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
      // So did a pull that has not reached a commit the device knows of (the beacon's newest).
      const behind = pulled.heldBack || BigInt(pulled.horizon) <= this.mustReach;
      this.heldBackDelay = behind ? Math.min(8000, Math.max(250, this.heldBackDelay * 2)) : 0;
      if (behind) this.requestSync(this.heldBackDelay);
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

  private mustPass(xid: string): void {
    if (BigInt(xid) > this.mustReach) this.mustReach = BigInt(xid);
  }

  /**
   * Pulls from the standby when one is configured, up, and has replayed every commit the device knows
   * of (else pull.ts refuses before applying anything); otherwise, or if it fails midway, from the primary.
   * The standby's word on the session is not final either (a new session may not have reached it).
   */
  private async pullFromBest(): Promise<PullSummary> {
    const { connectReader, store, token } = this.options;
    if (connectReader && Date.now() >= this.readerDownUntil) {
      try {
        this.reader ??= await connectReader();
        return await pull(this.reader, store, token, { standbyMustExceed: this.mustReach.toString() });
      } catch (error) {
        if (!(error instanceof StandbyBehindError) && !isSignedOut(error)) {
          await this.dropReader();
          this.readerDownUntil = Date.now() + (this.options.readerRetryMs ?? 30_000);
        }
      }
    }
    return pull(this.conn!, store, token);
  }

  /** Back to the quickest beacon checks (a change made here), the next one within 250 ms. */
  private quickenBeacon(): void {
    if (!this.options.beacon || this.quietChecks === 0 || this.stopped) return;
    this.quietChecks = 0;
    if (!this.beaconCheck) this.scheduleBeacon();
  }

  private scheduleBeacon(): void {
    const beacon = this.options.beacon;
    if (!beacon || this.stopped) return;
    clearTimeout(this.beaconTimer);
    this.beaconTimer = setTimeout(() => {
      this.beaconCheck = this.checkBeacon().finally(() => {
        this.beaconCheck = undefined;
        this.scheduleBeacon();
      });
    }, beaconDelay(this.beaconMs ?? beacon.intervalMs, this.quietChecks) * (0.9 + 0.1 * Math.random()));
  }

  /**
   * One beacon check, when connected and no sync is running (offline, the backoff retry reconnects).
   * While the server is quiet, first its snapshot: unchanged since the last beacon, nothing changed.
   */
  private async checkBeacon(): Promise<void> {
    const conn = this.conn;
    if (this.running || !conn || this.stopped) return;
    try {
      if (this.snapshotWillDo()) {
        if (await readSnapshot(conn) === this.lastSnapshot) {
          this.busyChecks = 0;
          this.quietChecks++;
          this.confirmUpToDate();
          return;
        }
        this.busyChecks++;
      }
      const beacon = await readBeacon(conn, this.options.token);
      if (beacon) this.noteBeacon(beacon);
      else this.beaconMs = undefined;
      if (beacon?.signature === this.lastSignature) {
        this.quietChecks++;
        this.confirmUpToDate();
        return;
      }
      this.quietChecks = 0;
      if (beacon) this.adoptSignature(beacon);
      this.requestSync(0); // changed, or signed out (the sync says so)
    } catch {
      if (this.conn === conn) await this.dropConnection();
      this.requestSync(0);
    }
  }

  /**
   * Nothing changed since the last pull reached past the beacon's newest commit, and nothing waits to be
   * pushed: the replica is up to date now, which "last synced" says (at most once a minute), though
   * no sync round ran.
   */
  private confirmUpToDate(): void {
    const last = this.current.lastSyncedAt ? Date.parse(this.current.lastSyncedAt) : 0;
    if (Date.now() - last < (this.options.confirmEveryMs ?? CONFIRM_EVERY_MS) || this.current.state !== 'idle' || !this.current.online) return;
    if (this.heldBackDelay > 0 || this.options.store.pendingCount() > 0) return;
    const now = new Date().toISOString();
    this.options.store.setState('last_synced_at', now);
    this.setStatus({ lastSyncedAt: now });
  }

  /** Whether the snapshot alone may answer the next check: the server is quiet, the beacon read lately. */
  private snapshotWillDo(): boolean {
    return this.lastSnapshot !== undefined && this.busyChecks < BUSY_AFTER && Date.now() - this.lastBeaconAt < BEACON_REFRESH_MS;
  }

  /** A beacon that leads to a sync: its signature is the one to compare with, its newest commit one a pull must pass. */
  private adoptSignature(beacon: Beacon): void {
    this.lastSignature = beacon.signature;
    this.mustPass(beacon.lastXid);
  }

  /** A beacon was read: remember its snapshot; the same one twice running means the server has gone quiet. */
  private noteBeacon(beacon: Beacon): void {
    this.beaconMs = beacon.checkMs;
    if (beacon.snapshot === this.lastSnapshot) this.busyChecks = 0;
    this.lastSnapshot = beacon.snapshot;
    this.lastBeaconAt = Date.now();
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

  private async dropReader(): Promise<void> {
    const reader = this.reader;
    this.reader = undefined;
    await reader?.close().catch(() => undefined);
  }

  private async dropConnection(): Promise<void> {
    const conn = this.conn;
    this.conn = undefined;
    await conn?.close().catch(() => undefined);
  }
}
