// The local replica: mirrored rows, the outbox of unpushed mutations, cursors, rejections. Every
// local write stores the row and its outbox mutation in one SQLite transaction (WAL), so an
// acknowledged save survives a killed process. Pulled rows are overlaid with still-pending local
// mutations so a pull never hides a change the user made.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { TableDef, TableName } from '../../shared/replica/registry';
import { REPLICATED_TABLES, TABLES } from '../../shared/replica/registry';
import { decodeRow, fromPulled, toSqlite } from './codec';
import { migrateLocal, SEARCHABLE } from './local-schema';
import type { SearchableTable } from './local-schema';
import { rejectionText } from './rejection-text';

/** From this many rows in one pulled page, new rows are indexed for search in bulk. */
const BULK_INDEX_ROWS = 500;

export type CentralRow = Record<string, unknown> & { id: string };
export type Op = 'insert' | 'update';

export interface Mutation {
  mutationId: number;
  table: TableName;
  rowId: string;
  projectId: string | null;
  op: Op;
  values: Record<string, unknown>;
  clientTime: string;
}

export interface Rejection extends Omit<Mutation, 'projectId' | 'clientTime'> {
  code: string;
  message: string;
  hint: string | null;
  rejectedAt: string;
}

export interface KeptAside extends Mutation {
  reason: string;
}

export type ChangeListener = (tables: ReadonlySet<string>) => void;

interface MutationRow {
  mutation_id: number;
  table_name: TableName;
  row_id: string;
  project_id: string | null;
  op: Op;
  payload: string;
  client_time: string;
}

const toMutation = (r: MutationRow): Mutation => ({
  mutationId: r.mutation_id, table: r.table_name, rowId: r.row_id, projectId: r.project_id, op: r.op,
  values: JSON.parse(r.payload) as Record<string, unknown>, clientTime: r.client_time,
});

/** `npm start` runs Electron with a better-sqlite3 build for Electron's ABI beside Node's (scripts/electron-native.mjs). */
export function sqliteOptions(): Database.Options {
  const binding = process.env.PROMANAGE_SQLITE_BINDING;
  return binding ? { nativeBinding: binding } : {};
}

export class ReplicaStore {
  readonly db: Database.Database;
  private readonly listeners = new Set<ChangeListener>();
  private readonly upserts = new Map<TableName, Database.Statement>();
  private outboxStatement: Database.Statement | undefined;
  private readonly rowReads = new Map<TableName, Database.Statement>();
  private pendingChanges = new Set<string>();
  private streaming = false;
  private checkpointHeld = false;

  constructor(path: string) {
    this.db = new Database(path, sqliteOptions());
    // 8 KB pages for a new replica (an existing one keeps its size): a bootstrap ~5 % faster than at
    // 4 KB (rows of a few hundred bytes to a few KB, fewer page splits); 16 KB was slower again.
    this.db.pragma('page_size = 8192');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // A 16 MB page cache (SQLite's default is 2 MB) for indexes keyed by random UUIDs; a larger one
    // made a 100,000-row bootstrap no faster and the replica host's memory larger.
    this.db.pragma('cache_size = -16384');
    this.db.pragma('temp_store = MEMORY');
    // After a large pull's checkpoint the write-ahead log shrinks back to this size on disk.
    this.db.pragma('journal_size_limit = 33554432');
    this.db.pragma('foreign_keys = OFF');
    migrateLocal(this.db);
    if (!this.getState('client_id')) this.setState('client_id', randomUUID());
  }

  close(): void {
    this.db.close();
  }

  /**
   * A large pull is being applied in many transactions (see pull.ts): the replica may hold part of
   * it, so work derived from the data (document text) waits until it ends. Automatic checkpoints are
   * held from its start until `checkpoint` runs (the replica service runs it a second after the pull,
   * off the pull's path): copying the log into the database every few MB made a 100,000-row bootstrap
   * a quarter slower, and re-enabling them at the pull's end made its next write copy the whole log.
   */
  beginStreamedPull(): void {
    this.streaming = true;
    this.checkpointHeld = true;
    this.db.pragma('wal_autocheckpoint = 0');
  }

  /** `completed`: the pull went through, and its checkpoint follows; else they resume now. */
  endStreamedPull(completed: boolean): void {
    this.streaming = false;
    if (!completed) this.resumeCheckpoints();
  }

  private resumeCheckpoints(): void {
    this.checkpointHeld = false;
    this.db.pragma('wal_autocheckpoint = 1000');
  }

  get streamingPull(): boolean {
    return this.streaming;
  }

  /** A streamed pull has ended and its log still waits for `checkpoint`. */
  get checkpointDue(): boolean {
    return this.checkpointHeld && !this.streaming;
  }

  /** Copies the write-ahead log into the database; after a streamed pull, automatic checkpoints resume. */
  checkpoint(): void {
    if (!this.db.open) return;
    this.db.pragma('wal_checkpoint(PASSIVE)');
    if (this.checkpointDue) this.resumeCheckpoints();
  }

  // ---- state and cursors ------------------------------------------------------------------
  getState(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setState(key: string, value: string): void {
    this.db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  get clientId(): string {
    return this.getState('client_id')!;
  }

  getCursor(scope: string): string {
    const row = this.db.prepare('SELECT cursor FROM sync_cursors WHERE scope = ?').get(scope) as { cursor: string } | undefined;
    return row?.cursor ?? '0';
  }

  setCursor(scope: string, cursor: string): void {
    this.db.prepare('INSERT INTO sync_cursors (scope, cursor) VALUES (?, ?) ON CONFLICT (scope) DO UPDATE SET cursor = excluded.cursor')
      .run(scope, cursor);
  }

  /** Project ids the replica holds (those with a cursor). */
  replicatedProjects(): string[] {
    return (this.db.prepare(`SELECT substr(scope, 3) AS id FROM sync_cursors WHERE scope LIKE 'p:%'`).all() as { id: string }[]).map((r) => r.id);
  }

  /** Projects whose first pull has started but not finished (some of their rows may be here already). */
  loadingProjects(): string[] {
    return (this.db.prepare(`SELECT substr(scope, 3) AS id FROM sync_cursors WHERE scope LIKE 'l:%'`).all() as { id: string }[]).map((r) => r.id);
  }

  markLoading(projectId: string): void {
    this.db.prepare(`INSERT OR IGNORE INTO sync_cursors (scope, cursor) VALUES (?, '0')`).run(`l:${projectId}`);
  }

  loaded(projectId: string): void {
    this.db.prepare('DELETE FROM sync_cursors WHERE scope = ?').run(`l:${projectId}`);
  }

  // ---- change events ------------------------------------------------------------------------
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private touched(table: string): void {
    this.pendingChanges.add(table);
  }

  /** Runs `work` in one SQLite transaction and then tells listeners which tables changed. */
  transaction<T>(work: () => T): T {
    const result = this.db.transaction(work)();
    if (!this.db.inTransaction && this.pendingChanges.size > 0) {
      const changed = this.pendingChanges;
      this.pendingChanges = new Set();
      for (const listener of this.listeners) listener(changed);
    }
    return result;
  }

  /** Tells listeners that local-only tables changed (the attachment cache after an upload, …). */
  announce(...tables: string[]): void {
    for (const table of tables) this.touched(table);
    this.transaction(() => undefined);
  }

  // ---- rows -------------------------------------------------------------------------------
  /** The outbox insert, prepared once (every local write queues through it). */
  private get outboxInsert(): Database.Statement {
    this.outboxStatement ??= this.db.prepare(
      'INSERT INTO outbox (table_name, row_id, project_id, op, payload, client_time) VALUES (?, ?, ?, ?, ?, ?)');
    return this.outboxStatement;
  }

  private upsertStatement(table: TableDef): Database.Statement {
    let statement = this.upserts.get(table.name);
    if (!statement) {
      const names = table.columns.map((c) => c.name);
      statement = this.db.prepare(
        `INSERT INTO ${table.name} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})
         ON CONFLICT (id) DO UPDATE SET ${names.filter((n) => n !== 'id').map((n) => `${n} = excluded.${n}`).join(', ')}`,
      );
      this.upserts.set(table.name, statement);
    }
    return statement;
  }

  private writeRow(table: TableDef, row: Record<string, unknown>): void {
    const values = table.columns.map((column) => toSqlite(column, row[column.name]));
    this.upsertStatement(table).run(values);
  }

  readRow(tableName: TableName, id: string): Record<string, unknown> | undefined {
    const table = TABLES[tableName];
    let statement = this.rowReads.get(tableName);
    if (!statement) {
      statement = this.db.prepare(`SELECT * FROM ${tableName} WHERE id = ?`);
      this.rowReads.set(tableName, statement);
    }
    const row = statement.get(id) as Record<string, unknown> | undefined;
    return row ? decodeRow(table, row) : undefined;
  }

  /** Ids of a table's rows that have mutations still waiting in the outbox. */
  private pendingRowIds(tableName: TableName): Set<string> {
    return new Set((this.db.prepare('SELECT DISTINCT row_id FROM outbox WHERE table_name = ?').all(tableName) as { row_id: string }[])
      .map((r) => r.row_id));
  }

  /** Applies rows in central's JSON form (e.g. the server's copy of a rejected row), keeping pending local changes on top. */
  applyPulled(tableName: TableName, rows: readonly CentralRow[]): void {
    const table = TABLES[tableName];
    const pending = this.pendingRowIds(tableName);
    for (const row of rows) {
      this.writeRow(table, row);
      if (pending.has(row.id)) this.overlayPending(table, row.id);
    }
    if (rows.length > 0) this.touched(tableName);
  }

  /**
   * Applies pulled rows given as text arrays in registry column order (see pullExpression), keeping
   * pending local changes on top. `count` says how many `rows` holds (it may be a lazy iterable).
   */
  applyPulledRows(tableName: TableName, rows: Iterable<readonly (string | null)[]>, count: number): void {
    if (count === 0) return;
    const table = TABLES[tableName];
    const idIndex = table.columns.findIndex((c) => c.name === 'id');
    const pending = this.pendingRowIds(tableName);
    const upsert = this.upsertStatement(table);
    const hasBytes = table.columns.some((c) => c.type === 'bytea');
    // Many new rows, or a large pull's: they go in outside the search index (its triggers leave rows in
    // the search backlog alone) and are indexed in one statement after them, or after the large pull.
    const bulk = tableName in SEARCHABLE && (count >= BULK_INDEX_ROWS || this.streaming);
    const apply = () => {
      // A backlog already waiting (a large pull's) is left to the replica host's slices.
      const started = bulk && this.db.prepare(
        `INSERT OR IGNORE INTO search_backlog (table_name, from_rid) SELECT ?, coalesce(max(rid), 0) + 1 FROM ${tableName}`,
      ).run(tableName).changes === 1;
      for (const row of rows) {
        const values = hasBytes ? row.map((v, i) => fromPulled(table.columns[i]!, v)) : row;
        upsert.run(values);
        if (pending.has(row[idIndex]!)) this.overlayPending(table, row[idIndex]!);
      }
      if (started && !this.streaming) this.indexSearchBacklog(Number.POSITIVE_INFINITY, tableName as SearchableTable);
    };
    // Not as a savepoint inside the pull's transaction: with the search triggers on the table, every
    // statement inside a savepoint makes FTS5 sync its pending index data, several times slower.
    if (this.db.inTransaction) apply();
    else this.db.transaction(apply)();
    this.touched(tableName);
  }

  /**
   * Indexes up to `limit` rows of the search backlog (of one table if named) in the caller's
   * transaction, oldest first; returns how many rows still wait.
   */
  indexSearchBacklog(limit = Number.POSITIVE_INFINITY, only?: SearchableTable): number {
    let budget = limit;
    for (const { table, from } of this.backlog()) {
      if ((only && table !== only) || budget <= 0) continue;
      const cols = SEARCHABLE[table].join(', ');
      const last = Number.isFinite(budget)
        ? (this.db.prepare(`SELECT rid FROM ${table} WHERE rid >= ? ORDER BY rid LIMIT 1 OFFSET ?`).pluck().get(from, budget - 1) as number | undefined)
        : undefined;
      const indexed = this.db.prepare(`INSERT INTO ${table}_fts (rowid, ${cols}) SELECT rid, ${cols} FROM ${table} WHERE rid >= ? AND rid <= ?`)
        .run(from, last ?? Number.MAX_SAFE_INTEGER).changes;
      budget -= indexed;
      const more = last !== undefined && this.db.prepare(`SELECT 1 FROM ${table} WHERE rid > ? LIMIT 1`).get(last) !== undefined;
      // Done: new rows go through the index triggers again.
      if (!more) this.db.prepare('DELETE FROM search_backlog WHERE table_name = ?').run(table);
      else this.db.prepare('UPDATE search_backlog SET from_rid = ? WHERE table_name = ?').run(last + 1, table);
      this.touched(table);
    }
    return this.searchBacklog();
  }

  /**
   * Rows not in the search index yet (see indexSearchBacklog), from the rowid range alone: exact but
   * for rows deleted meanwhile, and cheap enough for every status (counting them was not, mid-pull).
   */
  searchBacklog(): number {
    return this.backlog().reduce((sum, { table, from }) =>
      sum + Math.max(0, ((this.db.prepare(`SELECT max(rid) FROM ${table}`).pluck().get() as number | null) ?? 0) - from + 1), 0);
  }

  /**
   * Ends the backlog of tables with no row left at or above it (after a purge or reset): else the next
   * large pull's rows below it would go through the index triggers one by one.
   */
  private dropEmptyBacklog(): void {
    for (const { table, from } of this.backlog()) {
      if (this.db.prepare(`SELECT 1 FROM ${table} WHERE rid >= ? LIMIT 1`).get(from) === undefined) {
        this.db.prepare('DELETE FROM search_backlog WHERE table_name = ?').run(table);
      }
    }
  }

  private backlog(): { table: SearchableTable; from: number }[] {
    return this.db.prepare('SELECT table_name AS "table", from_rid AS "from" FROM search_backlog ORDER BY table_name').all() as { table: SearchableTable; from: number }[];
  }

  /** Re-applies a row's pending mutations on top of what was just stored. */
  private overlayPending(table: TableDef, rowId: string): void {
    const current = this.readRow(table.name, rowId) ?? { id: rowId };
    const overlays = this.db.prepare('SELECT payload FROM outbox WHERE table_name = ? AND row_id = ? ORDER BY mutation_id')
      .all(table.name, rowId) as { payload: string }[];
    let merged: Record<string, unknown> = current;
    for (const m of overlays) merged = { ...merged, ...(JSON.parse(m.payload) as Record<string, unknown>) };
    this.writeRow(table, merged);
  }

  deleteRows(tableName: TableName, ids: readonly string[]): void {
    const statement = this.db.prepare(`DELETE FROM ${tableName} WHERE id = ?`);
    for (const id of ids) statement.run(id);
    if (ids.length > 0) this.touched(tableName);
  }

  // ---- local writes -------------------------------------------------------------------------
  /**
   * Writes a row locally and queues its mutation. `values` are the client-writable fields in central
   * form; `localOnly` fills server-owned fields locally until the server's row arrives.
   */
  write(tableName: TableName, op: Op, rowId: string, projectId: string | null, values: Record<string, unknown>,
    localOnly: Record<string, unknown> = {}): number {
    const table = TABLES[tableName];
    return this.transaction(() => {
      const current = op === 'update' ? this.readRow(tableName, rowId) : undefined;
      this.writeRow(table, { ...(current ?? {}), ...localOnly, ...values, id: rowId });
      this.touched(tableName);
      this.touched('outbox');
      const info = this.outboxInsert.run(tableName, rowId, projectId, op, JSON.stringify(values), new Date().toISOString());
      return Number(info.lastInsertRowid);
    });
  }

  /**
   * Inserts many new rows of one table with their outbox mutations in one transaction (a baseline's
   * items): as `write` row by row, in one transaction and with one change announcement.
   */
  insertMany(tableName: TableName, rows: readonly { rowId: string; projectId: string; values: Record<string, unknown>; localOnly: Record<string, unknown> }[]): void {
    if (rows.length === 0) return;
    const table = TABLES[tableName];
    const outbox = this.outboxInsert;
    const upsert = this.upsertStatement(table);
    this.transaction(() => {
      const now = new Date().toISOString();
      for (const row of rows) {
        const merged: Record<string, unknown> = { ...row.localOnly, ...row.values, id: row.rowId };
        upsert.run(table.columns.map((column) => toSqlite(column, merged[column.name])));
        outbox.run(tableName, row.rowId, row.projectId, 'insert', JSON.stringify(row.values), now);
      }
      this.touched(tableName);
      this.touched('outbox');
    });
  }

  /**
   * Changes server-owned fields of a row locally, with no outbox entry: central's own rule applied
   * optimistically (a link made suspect by this device's new version). The server's row replaces them
   * when it is pulled.
   */
  patchLocal(tableName: TableName, rowId: string, values: Record<string, unknown>): void {
    this.transaction(() => {
      const current = this.readRow(tableName, rowId);
      if (!current) return;
      this.writeRow(TABLES[tableName], { ...current, ...values, id: rowId });
      this.touched(tableName);
    });
  }

  // ---- outbox ----------------------------------------------------------------------------
  pendingMutations(limit: number): Mutation[] {
    return (this.db.prepare('SELECT * FROM outbox ORDER BY mutation_id LIMIT ?').all(limit) as MutationRow[]).map(toMutation);
  }

  pendingCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
  }

  /** Records what central did with pushed mutations: applied/skipped leave the outbox; rejected ones are
   *  rolled back locally to the server's row (or removed when the server has none) and listed. */
  settle(results: readonly PushResult[]): void {
    this.transaction(() => {
      const remove = this.db.prepare('DELETE FROM outbox WHERE mutation_id = ?');
      const get = this.db.prepare('SELECT * FROM outbox WHERE mutation_id = ?');
      for (const result of results) {
        const raw = get.get(result.id) as MutationRow | undefined;
        if (!raw) continue;
        remove.run(result.id);
        this.touched('outbox');
        if (result.status !== 'rejected') continue;
        const code = result.code ?? 'UNKNOWN';
        const text = rejectionText(raw.table_name, raw.op, code, result.message ?? 'The server refused this change.', result.hint ?? null);
        this.db.prepare(
          `INSERT OR REPLACE INTO rejections (mutation_id, table_name, row_id, op, payload, code, message, hint, rejected_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(raw.mutation_id, raw.table_name, raw.row_id, raw.op, raw.payload, code, text.message, text.hint, new Date().toISOString());
        this.touched('rejections');
        if (result.row) this.applyPulled(raw.table_name, [result.row]);
        else {
          this.deleteRows(raw.table_name, [raw.row_id]);
          this.replayPending(raw.table_name, raw.row_id);
        }
      }
    });
  }

  rejections(includeDismissed = false): Rejection[] {
    const rows = this.db.prepare(`SELECT * FROM rejections ${includeDismissed ? '' : 'WHERE dismissed = 0'} ORDER BY mutation_id`)
      .all() as (MutationRow & { code: string; message: string; hint: string | null; rejected_at: string })[];
    return rows.map((r) => ({
      mutationId: r.mutation_id, table: r.table_name, rowId: r.row_id, op: r.op, values: JSON.parse(r.payload) as Record<string, unknown>,
      code: r.code, message: r.message, hint: r.hint, rejectedAt: r.rejected_at,
    }));
  }

  rejectionCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM rejections WHERE dismissed = 0').get() as { n: number }).n;
  }

  dismissRejection(mutationId: number): void {
    this.transaction(() => {
      this.db.prepare('UPDATE rejections SET dismissed = 1 WHERE mutation_id = ?').run(mutationId);
      this.touched('rejections');
    });
  }

  /** Re-creates a row from its pending mutations (after its server copy went away). */
  private replayPending(tableName: TableName, rowId: string): void {
    const rows = this.db.prepare('SELECT * FROM outbox WHERE table_name = ? AND row_id = ? ORDER BY mutation_id').all(tableName, rowId) as MutationRow[];
    if (rows.length === 0 || rows[0]!.op !== 'insert') return;
    let merged: Record<string, unknown> = { id: rowId };
    for (const m of rows) merged = { ...merged, ...(JSON.parse(m.payload) as Record<string, unknown>) };
    this.writeRow(TABLES[tableName], merged);
  }

  // ---- purge and reset --------------------------------------------------------------------
  /** Drops a project the user lost access to; its unpushed changes are kept aside, not dropped. */
  purgeProject(projectId: string, reason: string): number {
    return this.transaction(() => {
      const kept = this.db.prepare(
        `INSERT INTO kept_aside (mutation_id, table_name, row_id, project_id, op, payload, client_time, reason, kept_at)
         SELECT mutation_id, table_name, row_id, project_id, op, payload, client_time, ?, ? FROM outbox WHERE project_id = ?`,
      ).run(reason, new Date().toISOString(), projectId).changes;
      this.db.prepare('DELETE FROM outbox WHERE project_id = ?').run(projectId);
      for (const table of REPLICATED_TABLES) {
        if (table.name === 'projects') this.db.prepare('DELETE FROM projects WHERE id = ?').run(projectId);
        else if (table.scope === 'project') this.db.prepare(`DELETE FROM ${table.name} WHERE project_id = ?`).run(projectId);
        this.touched(table.name);
      }
      this.db.prepare('DELETE FROM sync_cursors WHERE scope IN (?, ?)').run(`p:${projectId}`, `l:${projectId}`);
      this.dropEmptyBacklog();
      this.touched('outbox');
      this.touched('kept_aside');
      return Number(kept);
    });
  }

  keptAside(): KeptAside[] {
    const rows = this.db.prepare('SELECT * FROM kept_aside ORDER BY mutation_id').all() as (MutationRow & { reason: string })[];
    return rows.map((r) => ({ ...toMutation(r), reason: r.reason }));
  }

  /** Forgets every replicated row and cursor (central was restored), keeping the outbox, whose
   *  changes are replayed so the user still sees them. */
  resetReplica(): void {
    this.transaction(() => {
      for (const table of REPLICATED_TABLES) {
        this.db.prepare(`DELETE FROM ${table.name}`).run();
        this.touched(table.name);
      }
      this.db.prepare('DELETE FROM sync_cursors').run();
      this.dropEmptyBacklog();
      const inserts = this.db.prepare(`SELECT DISTINCT table_name, row_id FROM outbox WHERE op = 'insert'`).all() as MutationRow[];
      for (const { table_name, row_id } of inserts) this.replayPending(table_name, row_id);
    });
  }
}

export interface PushResult {
  id: number;
  status: 'applied' | 'skipped' | 'rejected';
  code?: string;
  message?: string;
  hint?: string | null;
  row?: CentralRow | null;
}
