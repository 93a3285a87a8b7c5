// What an idle desktop asks central (docs/sync.md, "Live updates"): while the server is quiet, each
// check is pg_current_snapshot() alone and the beacon is not read; a commit anywhere costs one beacon
// read, and a pull only when it touched the user's scopes; on a busy server the engine reads the
// beacon straight away, and goes back to snapshots once the server is quiet. A private cluster of the
// file's own (autovacuum off) so that no other test's commit changes the snapshot.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentralConnection } from '../../src/main/central/connection';
import { connectPg } from '../../src/main/central/connection';
import { loadMigrations } from '../../src/main/central/migration-files';
import { migrate } from '../../src/main/central/migrator';
import { SyncEngine } from '../../src/main/sync/sync-engine';
import { MIGRATIONS_DIR } from '../support/global-setup';
import { PrivateCluster } from '../support/private-cluster';
import { SyncClient } from '../support/sync-client';
import { waitFor } from '../support/wait';
import { World } from '../support/world';
import type { Org, Project } from '../support/world';

let cluster: PrivateCluster;
let admin: pg.Client;
let world: World;
let project: Project;
let elsewhere: Project;
let client: SyncClient;
let engine: SyncEngine;
/** What the engine asked: snapshot checks, beacon reads, pulls (one COPY per table). */
const asked = { snapshots: 0, beacons: 0, copies: 0 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function counted(url: string): Promise<CentralConnection> {
  const conn = await connectPg(url);
  const { query, copyOut } = conn;
  return {
    ...conn,
    query(sql, params) {
      if (sql.includes('app.sync_beacon(')) asked.beacons++;
      else if (sql.startsWith('SELECT pg_current_snapshot()')) asked.snapshots++;
      return query.call(conn, sql, params) as never;
    },
    async *copyOut(sql: string) {
      asked.copies++;
      yield* copyOut!.call(conn, sql);
    },
  };
}

/** Counts from now on. */
function reset(): void {
  asked.snapshots = 0;
  asked.beacons = 0;
  asked.copies = 0;
}

beforeAll(async () => {
  cluster = await PrivateCluster.create();
  const owner = await connectPg(cluster.url());
  try {
    await migrate(owner, loadMigrations(MIGRATIONS_DIR));
    await owner.exec('ALTER ROLE application_user LOGIN');
    await owner.exec('ALTER SYSTEM SET autovacuum = off');
    await owner.exec('SELECT pg_reload_conf()');
  } finally {
    await owner.close();
  }
  admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  world = new World(admin);
  const org: Org = await world.org();
  project = await world.project(org);
  const user = await world.user(org);
  await world.member(project, user, 'PROJECT_MANAGER');
  elsewhere = await world.project(await world.org());
  client = await SyncClient.signIn('quiet', cluster.url('postgres', 'application_user'), user);
  engine = new SyncEngine({
    store: client.store, token: client.token, beacon: { intervalMs: 200 }, confirmEveryMs: 500,
    connect: () => counted(cluster.url('postgres', 'application_user')),
  });
  engine.start();
  await waitFor(() => engine.status.lastSyncedAt, 'first sync');
  await waitFor(() => asked.snapshots > 2, 'snapshot checks');
}, 180_000);

afterAll(async () => {
  await engine?.stop().catch(() => undefined);
  await client?.close().catch(() => undefined);
  await admin?.end().catch(() => undefined);
  cluster?.destroy();
});

describe('beacon checks on a quiet server', () => {
  it('ask only for the snapshot while nothing commits: no table is read, nothing pulled', async () => {
    reset();
    const synced = engine.status.lastSyncedAt!;
    await sleep(1500);
    expect(asked.snapshots).toBeGreaterThanOrEqual(4);
    expect(asked.beacons).toBe(0);
    expect(asked.copies).toBe(0);
    // Yet the replica is known to be up to date: "last synced" moved on without a sync round.
    expect(Date.parse(engine.status.lastSyncedAt!)).toBeGreaterThan(Date.parse(synced));
    expect(client.store.getState('last_synced_at')).toBe(engine.status.lastSyncedAt);
  });

  it('read the beacon once after a commit the user may not see, and pull nothing', async () => {
    reset();
    await world.document(elsewhere, { title: 'Not for this desktop' });
    await waitFor(() => asked.beacons === 1, 'one beacon read');
    await sleep(1000);
    expect(asked.beacons).toBe(1);
    expect(asked.copies).toBe(0);
    expect(asked.snapshots).toBeGreaterThanOrEqual(3);
  });

  it('pull a commit in the user\'s project at the next check', async () => {
    const doc = await world.document(project, { title: 'For this desktop' });
    await waitFor(() => client.store.db.prepare('SELECT 1 FROM documents WHERE id = ?').get(doc.id), 'the document in the replica');
  });
});

describe('beacon checks on a busy server', () => {
  it('read the beacon straight away while commits keep coming, and go back to snapshots once they stop', async () => {
    reset();
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await world.document(elsewhere, { title: 'Busy elsewhere' });
        await sleep(50);
      }
    })();
    await waitFor(() => asked.beacons >= 3, 'three beacon reads');
    const snapshotsWhenBusy = asked.snapshots;
    const beaconsWhenBusy = asked.beacons;
    await sleep(1500);
    writing = false;
    await writer;
    // Busy: every check read the beacon (about 7 in 1.5 s), none asked for the snapshot first.
    expect(asked.beacons - beaconsWhenBusy).toBeGreaterThanOrEqual(4);
    expect(asked.snapshots - snapshotsWhenBusy).toBe(0);
    expect(asked.copies).toBe(0);
    // Quiet again: two beacon reads under the same snapshot, then snapshots only.
    await waitFor(() => asked.snapshots > snapshotsWhenBusy + 2, 'snapshot checks again');
    const beaconsWhenQuiet = asked.beacons;
    await sleep(1000);
    expect(asked.beacons).toBe(beaconsWhenQuiet);
  });
});
