// PostgreSQL restarted during sync (a real restart of a cluster of this test's own): the interrupted
// push is retried after the restart and every change lands exactly once.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPg } from '../../src/main/central/connection';
import { loadMigrations } from '../../src/main/central/migration-files';
import { migrate } from '../../src/main/central/migrator';
import { MIGRATIONS_DIR } from '../support/global-setup';
import { PrivateCluster } from '../support/private-cluster';
import { centralSnapshot, localSnapshot } from '../support/replica-compare';
import { SyncClient } from '../support/sync-client';
import { World } from '../support/world';
import type { Project } from '../support/world';

let cluster: PrivateCluster;
let client: SyncClient;
let project: Project;

beforeAll(async () => {
  cluster = await PrivateCluster.create();
  const conn = await connectPg(cluster.url());
  await migrate(conn, loadMigrations(MIGRATIONS_DIR));
  await conn.exec(`ALTER ROLE application_user LOGIN PASSWORD 'restart-test'`);
  await conn.close();
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  const world = new World(admin);
  const org = await world.org();
  project = await world.project(org);
  const user = await world.user(org);
  await world.member(project, user, 'PROJECT_MANAGER');
  await admin.end();
  client = await SyncClient.signIn('restart', cluster.url('postgres', 'application_user', 'restart-test'), user);
  await client.sync();
}, 120_000);
afterAll(async () => {
  await client?.close().catch(() => undefined);
  cluster?.destroy();
});

describe('PostgreSQL restarted during sync', () => {
  it('the push in flight fails, the retry after the restart applies every change once', async () => {
    const ids = Array.from({ length: 3000 }, (_, i) => client.writer.create('task', project.id, { title: `Before restart ${i}` }).id);
    const pushing = client.push();
    await new Promise((resolve) => setTimeout(resolve, 150));
    cluster.restart();
    const failure = await pushing.then(() => null, (error: unknown) => error);
    expect(failure, 'the restart interrupted the push').not.toBeNull();
    expect(client.store.pendingCount()).toBeGreaterThan(0);
    const retried = await client.sync();
    expect(client.store.pendingCount()).toBe(0);
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    try {
      const { rows } = await admin.query('SELECT count(*)::int AS n FROM app.tasks WHERE id = ANY($1)', [ids]);
      expect(rows[0].n).toBe(3000);
      const created = await admin.query(`SELECT count(*)::int AS n FROM app.activity_logs WHERE action = 'CREATE' AND entity_id = ANY($1)`, [ids]);
      expect(created.rows[0].n).toBe(3000);
    } finally {
      await admin.end();
    }
    expect(retried.pushed.applied + retried.pushed.skipped).toBeGreaterThan(0);
    expect(localSnapshot(client)).toEqual(await centralSnapshot(client, [project.id]));
  }, 120_000);
});
