// Pull (architecture.md §5): one REPEATABLE READ READ ONLY transaction as the user; horizon =
// pg_snapshot_xmin(pg_current_snapshot()); per scope and table, rows with cursor <= sync_xid < horizon,
// streamed by COPY from a real server (paged by (sync_xid, id) from PGlite), applied as they arrive;
// cursor := horizon at the end.
import type { CentralConnection } from '../central/connection';
import type { TableDef, TableName } from '../../shared/replica/registry';
import { REPLICATED_TABLES } from '../../shared/replica/registry';
import type { ReplicaStore } from '../replica/replica-store';
import { pullExpression } from '../replica/codec';
import { parseCopyText } from '../central/copy-text';
import { SignedOutError, StandbyBehindError } from './sync-errors';

export interface PullOptions {
  /** Rows a page query asks for (5,000), where central cannot stream a table by COPY (PGlite). */
  pageSize?: number;
  /** Rows gathered before they are applied in a local transaction of their own (5,000; see PageApplier). */
  flushRows?: number;
  /**
   * Or bytes of COPY data (1 MB): about what the connection buffers, so that central goes on sending
   * while they are applied (larger flushes left it waiting for the buffer to drain, then the applier
   * waiting for central).
   */
  flushBytes?: number;
  /**
   * Pulling from a read-only standby: the pull is refused (StandbyBehindError, nothing applied) unless
   * the standby's horizon is above this xid (a commit the device knows of: its own push, a beacon) and
   * at or above every cursor the replica holds, so that a lagging standby never moves a cursor back.
   */
  standbyMustExceed?: string;
}
const DEFAULTS = { pageSize: 5000, flushRows: 5000, flushBytes: 1 << 20 };
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

/** Rows of one table: parsed (a page query) or COPY text, parsed only as it is applied. */
type Page = { table: TableName | 'tombstones'; count: number } & ({ rows: (string | null)[][] } | { copy: Buffer });

interface ScopeWork {
  scope: string;
  cursor: string;
  /** Each table's SQL filter for this scope; $1 is the scope's id. */
  tables: { table: TableName | 'tombstones'; columns: string; filter: string; keyIndex: number; idIndex: number }[];
  id: string;
}

export interface PullSummary {
  rows: number;
  /** Transactions still running on the server held the horizon back: pull again soon. */
  heldBack: boolean;
  bootstrapped: string[];
  purged: string[];
  reset: boolean;
  /** The pull's horizon: every commit below it that the user may see is in the replica now. */
  horizon: string;
}

const maxXid = (a: string, b: string) => (BigInt(a) >= BigInt(b) ? a : b);

const columnsOf = (table: TableDef) => table.columns.map(pullExpression).join(', ');
const TOMBSTONE_COLUMNS = 'id::text, table_name, row_id::text, project_id::text, sync_xid::text';

function scopeTables(scope: 'project' | 'organization' | 'recipient'): ScopeWork['tables'] {
  const tables: ScopeWork['tables'] = REPLICATED_TABLES.filter((t) => t.scope === scope).map((t) => ({
    table: t.name,
    columns: columnsOf(t),
    keyIndex: t.columns.findIndex((c) => c.name === 'sync_xid'),
    idIndex: t.columns.findIndex((c) => c.name === 'id'),
    filter: t.name === 'projects' ? 'id = $1'
      : t.name === 'organizations' ? 'id = $1'
      : t.name === 'roles' || t.name === 'role_permissions' ? '(organization_id = $1 OR organization_id IS NULL)'
      : scope === 'project' ? 'project_id = $1'
      : scope === 'recipient' ? 'recipient_id = $1'
      : 'organization_id = $1',
  }));
  const tombstones = { table: 'tombstones' as const, columns: TOMBSTONE_COLUMNS, keyIndex: 4, idIndex: 0 };
  if (scope === 'project') tables.push({ ...tombstones, filter: 'project_id = $1' });
  if (scope === 'organization') tables.push({ ...tombstones, filter: 'organization_id = $1 AND project_id IS NULL' });
  return tables;
}

/**
 * A scope's pages, table by table. The next page is always requested before this one is handed
 * over, so central prepares and sends it while the caller applies the current one.
 */
async function* readPages(conn: CentralConnection, work: ScopeWork, horizon: string, pageSize: number): AsyncGenerator<Page> {
  const request = (index: number, afterXid: string, afterId: string) => {
    const { columns, filter, table } = work.tables[index]!;
    const rows = conn.queryTextRows(
      // ORDER BY names the table's columns: bare "sync_xid, id" would mean the selected text columns
      // of those names, ordering xids as text ('100' before '99') so that pages skipped rows, and
      // keeping the (project_id, sync_xid, id) index from serving the order.
      `SELECT ${columns} FROM app.${table} t
       WHERE ${filter} AND (t.sync_xid, t.id) > ($2::xid8, $3::uuid) AND t.sync_xid < $4::xid8
       ORDER BY t.sync_xid, t.id LIMIT ${pageSize}`,
      [work.id, afterXid, afterId, horizon],
    );
    rows.catch(() => undefined); // a failure surfaces where the page is awaited
    return { index, rows };
  };
  let current: ReturnType<typeof request> | undefined = work.tables.length > 0 ? request(0, work.cursor, ZERO_UUID) : undefined;
  while (current) {
    const rows = await current.rows;
    const { table, keyIndex, idIndex } = work.tables[current.index]!;
    const last = rows[rows.length - 1];
    const next: ReturnType<typeof request> | undefined = rows.length === pageSize ? request(current.index, last![keyIndex]!, last![idIndex]!)
      : current.index + 1 < work.tables.length ? request(current.index + 1, work.cursor, ZERO_UUID)
      : undefined;
    if (rows.length > 0) yield { table, rows, count: rows.length };
    current = next;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A value written into a COPY statement (it takes no parameters), checked first. */
function literal(value: string, type: 'uuid' | 'xid8'): string {
  if (!(type === 'uuid' ? UUID : /^\d{1,20}$/).test(value)) throw new Error(`Pull: ${JSON.stringify(value)} is not a ${type}.`);
  return `'${value}'::${type}`;
}

/**
 * A scope's rows from a real server, each table streamed whole by COPY: no sort and no round trip
 * per page, and rows are parsed only when applied, so that few of them outlive a young-generation GC
 * (parsing whole pages up front kept them alive, and copying them was a third of the time spent fetching).
 */
async function* copyPages(conn: CentralConnection, copyOut: NonNullable<CentralConnection['copyOut']>, work: ScopeWork, horizon: string): AsyncGenerator<Page> {
  const [id, cursor, end] = [literal(work.id, 'uuid'), literal(work.cursor, 'xid8'), literal(horizon, 'xid8')];
  for (const { columns, filter, table } of work.tables) {
    const query = `SELECT ${columns} FROM app.${table} t WHERE ${filter.replaceAll('$1', id)} AND t.sync_xid >= ${cursor} AND t.sync_xid < ${end}`;
    for await (const { data, rows } of copyOut.call(conn, query)) yield { table, copy: data, count: rows };
  }
}

function* rowsOf(pages: readonly Page[]): Generator<(string | null)[]> {
  for (const page of pages) yield* 'rows' in page ? page.rows : parseCopyText(page.copy.toString('utf8'));
}

/** Applies pages of one table: rows upserted, or tombstones' rows deleted. */
function applyPages(store: ReplicaStore, table: Page['table'], pages: readonly Page[]): void {
  if (table !== 'tombstones') {
    store.applyPulledRows(table, rowsOf(pages), pages.reduce((n, p) => n + p.count, 0));
    return;
  }
  const byTable = new Map<TableName, string[]>();
  for (const [, tableName, rowId] of rowsOf(pages)) {
    const name = tableName as TableName;
    const ids = byTable.get(name) ?? [];
    ids.push(rowId!);
    byTable.set(name, ids);
  }
  for (const [table, ids] of byTable) if (REPLICATED_TABLES.some((d) => d.name === table)) store.deleteRows(table, ids);
}

/**
 * Applies a pull's pages to the replica. Small pulls go in one local transaction with the cursors;
 * a large one (a bootstrap) is applied as it arrives, a few thousand rows per transaction, and its
 * cursors move only at the end: if it stops halfway, the next pull reads from the old cursor again
 * (upserts), and a project still loading is marked so that it is purged if access ends meanwhile.
 */
class PageApplier {
  rows = 0;
  private buffered: Page[] = [];
  private bufferedRows = 0;
  private bufferedBytes = 0;
  private started = false;

  constructor(private readonly store: ReplicaStore, private readonly limits: { flushRows: number; flushBytes: number }, private readonly plan: {
    reset: boolean; purged: string[]; bootstrapped: string[]; generation: string;
  }) {}

  add(page: Page): void {
    this.buffered.push(page);
    this.bufferedRows += page.count;
    this.bufferedBytes += 'copy' in page ? page.copy.length : 0;
    if (this.bufferedRows < this.limits.flushRows && this.bufferedBytes < this.limits.flushBytes) return;
    if (!this.store.streamingPull) this.store.beginStreamedPull();
    this.flush();
  }

  /** Ends the pull; if it stopped halfway, automatic checkpoints resume at once (see ReplicaStore). */
  close(completed: boolean): void {
    if (this.store.streamingPull) this.store.endStreamedPull(completed);
  }

  flush(finish?: () => void): void {
    const { store, plan } = this;
    store.transaction(() => {
      if (!this.started) {
        this.started = true;
        if (plan.reset) store.resetReplica();
        for (const id of plan.purged) store.purgeProject(id, 'You no longer have access to this project.');
        for (const id of plan.bootstrapped) store.markLoading(id);
        // Now, not only at the end: a first pull cut halfway must still notice a later restore.
        store.setState('generation', plan.generation);
      }
      // One call per run of a table's pages (COPY gives many small ones).
      for (let start = 0, end = 1; start < this.buffered.length; start = end++) {
        while (end < this.buffered.length && this.buffered[end]!.table === this.buffered[start]!.table) end++;
        applyPages(store, this.buffered[start]!.table, this.buffered.slice(start, end));
      }
      this.rows += this.bufferedRows;
      this.buffered = [];
      this.bufferedRows = 0;
      this.bufferedBytes = 0;
      finish?.();
    });
  }
}

export async function pull(conn: CentralConnection, store: ReplicaStore, token: string, options: PullOptions = {}): Promise<PullSummary> {
  const { pageSize, flushRows, flushBytes } = { ...DEFAULTS, ...options };
  let works: ScopeWork[];
  let horizon: string;
  let generation: string;
  let reset: boolean;
  let heldBack: boolean;
  let identity: { user_id: string; organization_id: string };
  let plan: { reset: boolean; purged: string[]; bootstrapped: string[]; generation: string };
  let applier: PageApplier | undefined;
  await conn.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    await conn.query(`SELECT set_config('app.session_token', $1, true), set_config('TimeZone', 'UTC', true)`, [token]);
    const me = await conn.query<{ user_id: string; organization_id: string }>('SELECT user_id, organization_id FROM app.current_session()');
    if (!me.rows[0]) throw new SignedOutError('The session is no longer valid.');
    identity = me.rows[0];
    const meta = await conn.query<{ generation: string; horizon: string; xmax: string }>(
      `SELECT (SELECT generation::text FROM app.db_generation) AS generation,
              pg_snapshot_xmin(pg_current_snapshot())::text AS horizon, pg_snapshot_xmax(pg_current_snapshot())::text AS xmax`);
    ({ generation, horizon } = meta.rows[0]!);
    heldBack = meta.rows[0]!.xmax !== horizon;
    reset = store.getState('generation') !== undefined && store.getState('generation') !== generation;
    const projects = await conn.query<{ id: string }>(
      `SELECT p.id FROM app.projects p
       JOIN app.project_members m ON m.project_id = p.id AND m.user_id = $1 AND m.is_active AND m.deleted_at IS NULL
       WHERE p.deleted_at IS NULL ORDER BY p.id`, [identity.user_id]);
    const activeProjects = projects.rows.map((r) => r.id);
    const cursor = (scope: string) => (reset ? '0' : store.getCursor(scope));
    works = [
      { scope: 'org', id: identity.organization_id, cursor: cursor('org'), tables: scopeTables('organization') },
      { scope: 'me', id: identity.user_id, cursor: cursor('me'), tables: scopeTables('recipient') },
      ...activeProjects.map((id) => ({ scope: `p:${id}`, id, cursor: cursor(`p:${id}`), tables: scopeTables('project') })),
    ];
    if (options.standbyMustExceed !== undefined && !reset) {
      const floor = works.reduce((f, w) => maxXid(f, w.cursor), (BigInt(options.standbyMustExceed) + 1n).toString());
      if (BigInt(horizon) < BigInt(floor)) throw new StandbyBehindError(horizon, floor);
    }
    const known = new Set(store.replicatedProjects());
    const held = new Set([...known, ...store.loadingProjects()]);
    plan = {
      reset,
      purged: reset ? [] : [...held].filter((id) => !activeProjects.includes(id)),
      bootstrapped: activeProjects.filter((id) => reset || !known.has(id)),
      generation,
    };
    applier = new PageApplier(store, { flushRows, flushBytes }, plan);
    const copyOut = conn.copyOut;
    for (const work of works) {
      const pages = copyOut ? copyPages(conn, copyOut, work, horizon) : readPages(conn, work, horizon, pageSize);
      for await (const page of pages) applier.add(page);
    }
    await conn.exec('COMMIT');
  } catch (error) {
    applier?.close(false);
    await conn.exec('ROLLBACK').catch(() => undefined);
    throw error;
  }
  let completed = false;
  try {
    applier.flush(() => {
      // Never back: a pull from a standby behind the one before it leaves the cursor where it was.
      for (const work of works) store.setCursor(work.scope, reset ? horizon : maxXid(work.cursor, horizon));
      for (const id of plan.bootstrapped) store.loaded(id);
      store.setState('generation', generation);
      store.setState('user_id', identity.user_id);
      store.setState('organization_id', identity.organization_id);
    });
    completed = true;
  } finally {
    applier.close(completed);
  }
  return { rows: applier.rows, bootstrapped: plan.bootstrapped, purged: plan.purged, reset, heldBack, horizon };
}
