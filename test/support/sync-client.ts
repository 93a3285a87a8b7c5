// A desktop client for sync tests: its own SQLite replica file, the local write API, and push/pull
// against central as application_user with its own session.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CentralConnection } from '../../src/main/central/connection';
import { connectPg } from '../../src/main/central/connection';
import { LocalWriter } from '../../src/main/replica/local-writer';
import { ReplicaStore } from '../../src/main/replica/replica-store';
import { pull } from '../../src/main/sync/pull';
import type { PullOptions } from '../../src/main/sync/pull';
import { push } from '../../src/main/sync/push';
import { sessionToken } from './sessions';
import type { User } from './world';

export class SyncClient {
  readonly store: ReplicaStore;
  readonly writer: LocalWriter;
  private conn: CentralConnection | undefined;

  private constructor(readonly name: string, readonly path: string, readonly url: string, readonly token: string, readonly user: User) {
    this.store = new ReplicaStore(path);
    this.writer = new LocalWriter(this.store);
  }

  static async signIn(name: string, url: string, user: User, path?: string): Promise<SyncClient> {
    const token = await sessionToken(url, user, name);
    return new SyncClient(name, path ?? join(mkdtempSync(join(tmpdir(), `replica-${name}-`)), 'replica.db'), url, token, user);
  }

  /** The same device after a restart: a new store on the same replica file and session. */
  reopen(): SyncClient {
    this.store.close();
    return new SyncClient(this.name, this.path, this.url, this.token, this.user);
  }

  private async connection(): Promise<CentralConnection> {
    this.conn ??= await connectPg(this.url);
    return this.conn;
  }

  /** Runs against central; a failed connection is dropped (as the engine does) so the next call reconnects. */
  private async withConnection<T>(work: (conn: CentralConnection) => Promise<T>): Promise<T> {
    try {
      return await work(await this.connection());
    } catch (error) {
      await this.conn?.close().catch(() => undefined);
      this.conn = undefined;
      throw error;
    }
  }

  push() {
    return this.withConnection((conn) => push(conn, this.store, this.token));
  }

  pull(options?: PullOptions) {
    return this.withConnection((conn) => pull(conn, this.store, this.token, options));
  }

  /** Pulls through page queries, as from a central without COPY (PGlite), on the same real server. */
  pullPaged(options?: PullOptions) {
    return this.withConnection((conn) => pull({ ...conn, copyOut: undefined }, this.store, this.token, options));
  }

  /**
   * Pulls until every cursor has passed every transaction that had started by now. Pull horizons are
   * cluster-wide (pg_snapshot_xmin): a long transaction anywhere on the server, such as another test
   * file's, holds them back for a while without any row being missed. `pullOnce` pulls (streamed by default).
   */
  async pullUntilCaughtUp(timeoutMs = 30_000, pullOnce = () => this.pull()) {
    const target = await this.withConnection(async (conn) =>
      BigInt((await conn.query<{ x: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x')).rows[0]!.x));
    const deadline = Date.now() + timeoutMs;
    const merged = { rows: 0, bootstrapped: [] as string[], purged: [] as string[], reset: false, heldBack: false };
    for (;;) {
      const pulled = await pullOnce();
      merged.rows += pulled.rows;
      merged.bootstrapped.push(...pulled.bootstrapped);
      merged.purged.push(...pulled.purged);
      merged.reset ||= pulled.reset;
      const cursors = this.store.db.prepare('SELECT cursor FROM sync_cursors').all() as { cursor: string }[];
      if (cursors.every((c) => BigInt(c.cursor) >= target)) return merged;
      if (Date.now() > deadline) throw new Error(`${this.name}: pull did not catch up with xid ${target}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Waits until every transaction that had started by now has ended, so that the next pull's horizon
   * passes every commit made so far (for a test that must know what one pull brings).
   */
  async horizonSettled(timeoutMs = 30_000) {
    await this.withConnection(async (conn) => {
      const xid = async (sql: string) => BigInt((await conn.query<{ x: string }>(sql)).rows[0]!.x);
      const target = await xid('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x');
      const deadline = Date.now() + timeoutMs;
      while (await xid('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x') < target) {
        if (Date.now() > deadline) throw new Error(`${this.name}: transactions older than xid ${target} are still running`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
  }

  /** Push, then pull until caught up. */
  async sync() {
    const pushed = await this.push();
    const pulled = await this.pullUntilCaughtUp();
    return { pushed, pulled };
  }

  rows(table: string, where = '1 = 1', params: unknown[] = []): Record<string, unknown>[] {
    return this.store.db.prepare(`SELECT * FROM ${table} WHERE ${where} ORDER BY id`).all(...params) as Record<string, unknown>[];
  }

  async close(): Promise<void> {
    await this.conn?.close().catch(() => undefined);
    this.conn = undefined;
    this.store.close();
  }
}
