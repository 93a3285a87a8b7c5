// Pulls from a real streaming standby: a private primary (initdb on a free port, migrated) and a hot
// standby made from it by pg_basebackup, both started by this file. Pulls are served by the standby
// once it has replayed what the device knows of; a standby paused by pg_wal_replay_pause() never makes
// a client skip a row or move a cursor back; a push is followed by a pull that shows it; a standby
// stopped mid-pull leaves the pull to complete against the primary, nothing lost or doubled.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentralConnection } from '../../src/main/central/connection';
import { connectPg } from '../../src/main/central/connection';
import { loadMigrations } from '../../src/main/central/migration-files';
import { migrate } from '../../src/main/central/migrator';
import { pull } from '../../src/main/sync/pull';
import { SyncEngine } from '../../src/main/sync/sync-engine';
import { MIGRATIONS_DIR } from '../support/global-setup';
import { PrivateCluster } from '../support/private-cluster';
import { centralSnapshot, localSnapshot } from '../support/replica-compare';
import { SyncClient } from '../support/sync-client';
import { waitFor } from '../support/wait';
import { World } from '../support/world';
import type { Project, User } from '../support/world';

let primary: PrivateCluster;
let standby: PrivateCluster;
let admin: pg.Client;
let world: World;
let project: Project;
let ann: User;
let bob: User;
const clients: SyncClient[] = [];
const engines: SyncEngine[] = [];
/** COPY statements (one per table a pull reads) served by each server. */
const served = { primary: 0, standby: 0 };

const appUrl = (cluster: PrivateCluster) => cluster.url('postgres', 'application_user');

async function counted(target: keyof typeof served, url: string): Promise<CentralConnection> {
  const conn = await connectPg(url);
  const copyOut = conn.copyOut!;
  return {
    ...conn,
    async *copyOut(query: string) {
      served[target]++;
      yield* copyOut.call(conn, query);
    },
  };
}

async function standbyQuery<Row>(sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: standby.url() });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Row[];
  } finally {
    await client.end();
  }
}

/** Waits until the standby has replayed everything the primary has written so far. */
async function replayed(): Promise<void> {
  const { rows } = await admin.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  await waitFor(async () => (await standbyQuery<{ ok: boolean }>(`SELECT pg_last_wal_replay_lsn() >= '${rows[0]!.lsn}'::pg_lsn AS ok`))[0]!.ok, 'standby replay');
}

async function client(name: string, user: User): Promise<SyncClient> {
  const c = await SyncClient.signIn(name, appUrl(primary), user);
  clients.push(c);
  return c;
}

/** The real engine on a client's replica: primary for push and beacon, the standby for pulls. */
function engine(c: SyncClient): SyncEngine {
  const e = new SyncEngine({
    store: c.store, token: c.token, beacon: { intervalMs: 60_000 }, readerRetryMs: 0,
    connect: () => counted('primary', appUrl(primary)),
    connectReader: () => counted('standby', appUrl(standby)),
  });
  engines.push(e);
  return e;
}

async function synced(e: SyncEngine): Promise<void> {
  const outcome = await e.syncNow();
  expect(outcome.type).toBe('synced');
}

const cursors = (c: SyncClient) => Object.fromEntries(
  (c.store.db.prepare(`SELECT scope, cursor FROM sync_cursors WHERE scope NOT LIKE 'l:%'`).all() as { scope: string; cursor: string }[])
    .map((r) => [r.scope, BigInt(r.cursor)]));

function expectNotBack(before: Record<string, bigint>, after: Record<string, bigint>): void {
  for (const [scope, cursor] of Object.entries(before)) expect(after[scope]! >= cursor, scope).toBe(true);
}

function resetCounts(): void {
  served.primary = 0;
  served.standby = 0;
}

beforeAll(async () => {
  primary = await PrivateCluster.create();
  const owner = await connectPg(primary.url());
  try {
    await migrate(owner, loadMigrations(MIGRATIONS_DIR));
    await owner.exec('ALTER ROLE application_user LOGIN');
  } finally {
    await owner.close();
  }
  admin = new pg.Client({ connectionString: primary.url() });
  await admin.connect();
  world = new World(admin);
  const org = await world.org();
  project = await world.project(org);
  [ann, bob] = [await world.user(org), await world.user(org)];
  await world.member(project, ann, 'PROJECT_MANAGER');
  await world.member(project, bob, 'PROJECT_MANAGER');
  await world.document(project, { title: 'Before the standby' });
  standby = await PrivateCluster.standbyOf(primary);
  await replayed();
}, 180_000);

afterAll(async () => {
  for (const e of engines) await e.stop().catch(() => undefined);
  for (const c of clients) await c.close().catch(() => undefined);
  await admin?.end().catch(() => undefined);
  standby?.destroy();
  primary?.destroy();
});

describe('pulls from a streaming standby', () => {
  it('are served by the standby once it has replayed what the device knows of', async () => {
    const c = await client('reader', ann);
    const e = engine(c);
    resetCounts();
    await synced(e);
    expect(served).toMatchObject({ primary: 0 });
    expect(served.standby).toBeGreaterThan(0);
    expect(c.rows('documents').map((d) => d.title)).toEqual(['Before the standby']);
    const doc = await world.document(project, { title: 'Replayed' });
    await replayed();
    resetCounts();
    await synced(e);
    expect(served).toMatchObject({ primary: 0 });
    expect(c.rows('documents', 'id = ?', [doc.id])).toHaveLength(1);
    expect(localSnapshot(c)).toEqual(await centralSnapshot(c, [project.id]));
  });

  it('read-your-writes: with replay paused, a push is followed by a pull that shows it (from the primary)', async () => {
    const c = await client('writer', bob);
    const e = engine(c);
    await synced(e);
    await standbyQuery('SELECT pg_wal_replay_pause()');
    try {
      const { id } = c.writer.create('document', project.id, { title: 'Mine, now' });
      resetCounts();
      await synced(e);
      expect(served.primary).toBeGreaterThan(0);
      expect(c.rows('documents', 'id = ?', [id])[0]).toMatchObject({ title: 'Mine, now', version: 1, created_by: bob.id });
      // And a change someone else made, known through the beacon: not hidden by the paused standby either.
      const other = await world.task(project, { title: 'Theirs, now' });
      await synced(e);
      expect(c.rows('tasks', 'id = ?', [other.id])).toHaveLength(1);
    } finally {
      await standbyQuery('SELECT pg_wal_replay_resume()');
    }
  });

  it('a paused standby while writes go on: no row skipped, no cursor moved back, then everything', async () => {
    const ahead = await client('ahead', ann);
    const behind = await client('behind', bob);
    const standbyConn = await connectPg(appUrl(standby));
    const fromStandby = (c: SyncClient) => pull(standbyConn, c.store, c.token, { standbyMustExceed: '0' });
    try {
      await replayed();
      await fromStandby(behind);
      await standbyQuery('SELECT pg_wal_replay_pause()');
      const written: string[] = [];
      for (let round = 0; round < 4; round++) {
        for (let i = 0; i < 25; i++) written.push((await world.task(project, { title: `Round ${round} task ${i}` })).id);
        // A client that pulled from the primary is ahead of the paused standby: refused, cursors kept.
        await ahead.pullUntilCaughtUp();
        const before = cursors(ahead);
        await expect(fromStandby(ahead)).rejects.toMatchObject({ code: 'STANDBY_BEHIND' });
        expect(cursors(ahead)).toEqual(before);
        // A client that reads only the standby sees its (old) state, and its cursors never go back.
        const mine = cursors(behind);
        await fromStandby(behind);
        expectNotBack(mine, cursors(behind));
      }
      // An open transaction on the primary holds the standby's horizon back too, once replayed.
      const slow = new pg.Client({ connectionString: primary.url() });
      await slow.connect();
      try {
        await slow.query('BEGIN');
        const early = (await slow.query(`INSERT INTO app.tasks (organization_id, project_id, title) VALUES ($1, $2, 'Long writer') RETURNING id`,
          [project.org.id, project.id])).rows[0].id as string;
        const late = await world.task(project, { title: 'Quick writer' });
        await standbyQuery('SELECT pg_wal_replay_resume()');
        await replayed();
        const held = await fromStandby(behind);
        expect(held.heldBack).toBe(true);
        expect(behind.rows('tasks', 'id = ?', [late.id])).toHaveLength(0);
        await slow.query('COMMIT');
        await replayed();
        await waitFor(async () => !(await fromStandby(behind)).heldBack, 'the standby past the long writer');
        expect(behind.rows('tasks', 'id IN (?, ?)', [early, late.id])).toHaveLength(2);
      } finally {
        await slow.end();
      }
      expect(behind.rows('tasks', `id IN (${written.map(() => '?').join(', ')})`, written)).toHaveLength(written.length);
      expect(localSnapshot(behind)).toEqual(await centralSnapshot(behind, [project.id]));
    } finally {
      await standbyQuery('SELECT pg_wal_replay_resume()').catch(() => undefined);
      await standbyConn.close();
    }
  });

  it('the standby stopped mid-pull: the pull completes against the primary, nothing lost or doubled', async () => {
    const side = await world.project(project.org);
    const cal = await world.user(project.org);
    await world.member(side, cal, 'PROJECT_MANAGER');
    await admin.query(`INSERT INTO app.tasks (organization_id, project_id, title)
      SELECT $1, $2, 'Bulk ' || i FROM generate_series(1, 20000) i`, [side.org.id, side.id]);
    await replayed();
    const c = await client('cut', cal);
    const e = engine(c);
    const apply = c.store.applyPulledRows.bind(c.store);
    let stopped = false;
    c.store.applyPulledRows = (table, rows, count) => {
      apply(table, rows, count);
      if (table === 'tasks' && !stopped) {
        stopped = true;
        standby.stop('immediate');
      }
    };
    resetCounts();
    await synced(e);
    expect(stopped).toBe(true);
    expect(served.standby).toBeGreaterThan(0);
    expect(served.primary).toBeGreaterThan(0);
    const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM app.tasks WHERE project_id = $1', [side.id]);
    expect(c.rows('tasks', 'project_id = ?', [side.id])).toHaveLength(rows[0]!.n);
    expect(localSnapshot(c)).toEqual(await centralSnapshot(c, [side.id]));
    // With the standby down, later pulls go to the primary without a failure.
    const more = await world.task(side, { title: 'After the standby went down' });
    await synced(e);
    expect(c.rows('tasks', 'id = ?', [more.id])).toHaveLength(1);
  }, 180_000); // 20,000 rows written, replayed and loaded twice
});
