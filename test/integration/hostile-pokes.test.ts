// Live updates seen by a hostile desktop (application_user on the real server): LISTEN hears nothing
// about any organization, the change beacon answers only for the caller's own scopes, and its table
// can be neither read nor forged. Then the engine's live updates through a real PgBouncer in
// transaction pooling mode, where LISTEN could not work.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBeacon } from '../../src/main/sync/beacon';
import { ReplicaService } from '../../src/main/replica-host/replica-service';
import { useTestDatabase } from '../support/fixture';
import { PrivatePgBouncer } from '../support/pgbouncer';
import { ADMIN_URL, APP_ROLE_PASSWORD } from '../support/postgres';
import { sessionToken, signIn } from '../support/sessions';
import type { AppSession } from '../support/sessions';
import { waitFor } from '../support/wait';
import type { Project, User } from '../support/world';

const t = useTestDatabase();
let ours: Project;
let theirs: Project;
let mallory: User;
let alice: User;
let bob: User;
let attacker: AppSession;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  const [orgA, orgB] = [await t.world.org(), await t.world.org()];
  theirs = await t.world.project(orgA);
  ours = await t.world.project(orgB);
  [alice, bob] = [await t.world.user(orgA), await t.world.user(orgA)];
  mallory = await t.world.user(orgB);
  await t.world.member(theirs, alice, 'PROJECT_MANAGER');
  await t.world.member(theirs, bob, 'PROJECT_MANAGER');
  await t.world.member(ours, mallory, 'PROJECT_MANAGER');
  attacker = await signIn(t.db.appUrl, mallory);
  closers.push(() => attacker.conn.close());
});
afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
});

/** A raw application_user connection that LISTENs on a channel and records what it hears. */
async function listener(channel: string): Promise<{ heard: string[]; client: pg.Client }> {
  const client = new pg.Client({ connectionString: t.db.appUrl });
  await client.connect();
  closers.push(() => client.end());
  const heard: string[] = [];
  client.on('notification', (m) => heard.push(`${m.channel}:${m.payload ?? ''}`));
  await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
  return { heard, client };
}

describe('a listener learns nothing about other organizations', () => {
  it('LISTEN promanage_sync hears nothing when another organization writes (a marker sent after it arrives alone)', async () => {
    const { heard, client } = await listener('promanage_sync');
    const task = await t.world.task(theirs, { title: 'Secret roadmap' });
    await t.world.document(theirs);
    await t.admin.query('UPDATE app.tasks SET title = $1 WHERE id = $2', ['Still secret', task.id]);
    // Notifications arrive in commit order: once the marker (committed after every write above) is
    // here, anything those writes sent would be here before it.
    await client.query(`SELECT pg_notify('promanage_sync', 'marker')`);
    await waitFor(() => heard.includes('promanage_sync:marker'), 'the marker');
    expect(heard).toEqual(['promanage_sync:marker']);
    expect(heard.join()).not.toContain(theirs.id);
  });

  it('nor when its own organization writes: a server sends no NOTIFY at all', async () => {
    const { heard, client } = await listener('promanage_sync');
    await t.world.task(ours, { title: 'Ours' });
    await attacker.query(`SELECT set_config('app.notify_pokes', 'on', true)`);
    await client.query(`SELECT pg_notify('promanage_sync', 'marker')`);
    await waitFor(() => heard.includes('promanage_sync:marker'), 'the marker');
    expect(heard).toEqual(['promanage_sync:marker']);
  });

  it('the beacon answers for the caller\'s own scopes only: another organization\'s writes leave it unchanged', async () => {
    const before = await readBeacon(attacker.conn, attacker.token);
    expect(before).not.toBeNull();
    await t.world.task(theirs, { title: 'Another secret' });
    await t.world.member(theirs, await t.world.user(theirs.org), 'VIEWER');
    const unchanged = await readBeacon(attacker.conn, attacker.token);
    expect(unchanged).toMatchObject({ signature: before!.signature, lastXid: before!.lastXid });
    // The snapshot it came with moved on (commits ended), which is why the engine read it at all.
    expect(unchanged!.snapshot).not.toBe(before!.snapshot);
    await t.world.task(ours, { title: 'Ours again' });
    const after = await readBeacon(attacker.conn, attacker.token);
    expect(after!.signature).not.toBe(before!.signature);
    // What it returns is a digest and an xid: no id of anything.
    expect(after!.signature).toMatch(/^[0-9a-f]{32}$/);
    expect(after!.lastXid).toMatch(/^\d+$/);
  });

  it('without a valid session the beacon says nothing', async () => {
    const conn = attacker.conn;
    expect(await readBeacon(conn, 'not-a-token')).toBeNull();
    expect(await readBeacon(conn, '')).toBeNull();
    const victim = await sessionToken(t.db.appUrl, alice);
    await t.admin.query(`UPDATE auth.user_sessions SET revoked_at = now() WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, [victim]);
    expect(await readBeacon(conn, victim)).toBeNull();
  });

  it('the beacon table can be neither read nor written, and its trigger function not called', async () => {
    await expect(attacker.query('SELECT * FROM app.change_beacons')).rejects.toMatchObject({ code: '42501' });
    await expect(attacker.query(`INSERT INTO app.change_beacons (scope_id, last_xid) VALUES ($1, '1')`, [theirs.id]))
      .rejects.toMatchObject({ code: '42501' });
    await expect(attacker.query(`UPDATE app.change_beacons SET bumps = bumps + 1 WHERE scope_id = $1`, [theirs.id]))
      .rejects.toMatchObject({ code: '42501' });
    await expect(attacker.query('SELECT app.poke()')).rejects.toMatchObject({ code: '0A000' });
  });
});

describe('the scopes a session keeps for its beacon (migration 0019)', () => {
  /** A commit in `project`: does it change the beacon of `session`? */
  async function moves(session: AppSession, project: Project): Promise<boolean> {
    const before = (await readBeacon(session.conn, session.token))!.signature;
    await t.world.task(project, { title: 'A change' });
    return (await readBeacon(session.conn, session.token))!.signature !== before;
  }

  it('follow memberships: joining a project changes the beacon and its commits count; leaving it, they no longer do', async () => {
    const org = await t.world.org();
    const [home, other] = [await t.world.project(org), await t.world.project(org)];
    const carol = await t.world.user(org);
    await t.world.member(home, carol, 'PROJECT_MANAGER');
    const session = await signIn(t.db.appUrl, carol);
    closers.push(() => session.conn.close());
    expect(await moves(session, home)).toBe(true);
    expect(await moves(session, other)).toBe(false);

    const before = (await readBeacon(session.conn, session.token))!.signature;
    const membership = await t.world.member(other, carol, 'VIEWER');
    expect((await readBeacon(session.conn, session.token))!.signature).not.toBe(before);
    expect(await moves(session, other)).toBe(true);

    await t.admin.query('UPDATE app.project_members SET is_active = false WHERE id = $1', [membership.id]);
    expect(await moves(session, other)).toBe(false);
    expect(await moves(session, home)).toBe(true);

    await t.admin.query('UPDATE app.projects SET deleted_at = now() WHERE id = $1', [home.id]);
    expect(await moves(session, home)).toBe(false);
  });

  it('are never kept stale when a membership commits while a check computes them (first check, or just forgotten)', async () => {
    const org = await t.world.org();
    const [home, other] = [await t.world.project(org), await t.world.project(org)];
    const erin = await t.world.user(org);
    await t.world.member(home, erin, 'PROJECT_MANAGER');
    const session = await signIn(t.db.appUrl, erin); // its scopes not computed yet
    closers.push(() => session.conn.close());
    const tx = new pg.Client({ connectionString: t.db.adminUrl });
    await tx.connect();
    closers.push(() => tx.end());
    await tx.query('BEGIN');
    await tx.query(`INSERT INTO app.project_members (organization_id, project_id, user_id, role_id)
      SELECT $1, $2, $3, id FROM app.roles WHERE name = 'VIEWER' AND is_system`, [org.id, other.id, erin.id]);
    // The check neither waits for that transaction nor keeps what it computed without it.
    expect(await readBeacon(session.conn, session.token)).not.toBeNull();
    await tx.query('COMMIT');
    expect(await moves(session, other)).toBe(true);
    expect(await moves(session, home)).toBe(true);
  });

  it('say nothing once the user is deactivated or the organization deleted, and answer again after reactivation', async () => {
    const org = await t.world.org();
    const project = await t.world.project(org);
    const dave = await t.world.user(org);
    await t.world.member(project, dave, 'PROJECT_MANAGER');
    const session = await signIn(t.db.appUrl, dave);
    closers.push(() => session.conn.close());
    expect(await readBeacon(session.conn, session.token)).not.toBeNull();
    await t.admin.query(`UPDATE app.users SET status = 'DEACTIVATED' WHERE id = $1`, [dave.id]);
    // The row is not written again by these checks: an inactive user's checks leave the server's snapshot alone.
    const row = async () => (await t.admin.query<{ v: string; s: string | null }>(
      'SELECT xmin::text AS v, beacon_scopes::text AS s FROM auth.user_sessions WHERE user_id = $1', [dave.id])).rows[0]!;
    const forgotten = await row();
    expect(forgotten.s).toBeNull();
    expect(await readBeacon(session.conn, session.token)).toBeNull();
    expect(await readBeacon(session.conn, session.token)).toBeNull();
    expect(await row()).toEqual(forgotten);
    await t.admin.query(`UPDATE app.users SET status = 'ACTIVE' WHERE id = $1`, [dave.id]);
    expect(await moves(session, project)).toBe(true);
    await t.admin.query('UPDATE app.organizations SET deleted_at = now() WHERE id = $1', [org.id]);
    expect(await readBeacon(session.conn, session.token)).toBeNull();
  });

  it('cannot be read, set or refreshed by application_user', async () => {
    await expect(attacker.query('SELECT beacon_scopes FROM auth.user_sessions')).rejects.toMatchObject({ code: '42501' });
    await expect(attacker.query(`UPDATE auth.user_sessions SET beacon_scopes = ARRAY[$1::uuid]`, [theirs.id])).rejects.toMatchObject({ code: '42501' });
    await expect(attacker.query('SELECT app.fill_beacon_scopes(gen_random_uuid())')).rejects.toMatchObject({ code: '42501' });
  });
});

describe('the operator\'s beacon interval', () => {
  it('reaches desktops with their next check (promanage.beacon_interval_ms), kept within 250 ms – 60 s', async () => {
    expect((await readBeacon(attacker.conn, attacker.token))!.checkMs).toBeUndefined();
    for (const [set, got] of [['2000', 2000], ['10', 250], ['3600000', 60000]] as const) {
      await t.admin.query(`ALTER DATABASE "${t.db.name}" SET promanage.beacon_interval_ms = '${set}'`);
      const fresh = await signIn(t.db.appUrl, mallory);
      try {
        expect((await readBeacon(fresh.conn, fresh.token))!.checkMs).toBe(got);
      } finally {
        await fresh.conn.close();
      }
    }
    await t.admin.query(`ALTER DATABASE "${t.db.name}" RESET promanage.beacon_interval_ms`);
  });
});

describe('live updates through PgBouncer (transaction pooling)', () => {
  let bouncer: PrivatePgBouncer;

  beforeAll(async () => {
    const admin = new URL(ADMIN_URL);
    bouncer = await PrivatePgBouncer.start({ serverPort: Number(admin.port || 5432), users: { application_user: APP_ROLE_PASSWORD }, poolSize: 2 });
    closers.push(() => bouncer.stop());
  });

  it('a change saved on one desktop reaches another, both sharing a pool of two server connections', async () => {
    const url = bouncer.url(t.db.appUrl);
    const start = async (user: User) => {
      const s = new ReplicaService({ replicaPath: join(mkdtempSync(join(tmpdir(), 'pooled-live-')), 'replica.db'), centralUrl: url,
        token: await sessionToken(url, user), beaconIntervalMs: 200 }, () => undefined);
      closers.push(() => s.close());
      await waitFor(() => s.status().lastSyncedAt, 'first sync');
      return s;
    };
    const a = await start(alice);
    const b = await start(bob);
    const { id } = a.create('document', theirs.id, { title: 'Through the pool' });
    await waitFor(() => b.row('documents', id), 'the document on the second desktop');
    expect(b.row('documents', id)).toMatchObject({ title: 'Through the pool', version: 1 });
    const { rows } = await t.admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND usename = 'application_user'
      AND application_name = '' AND client_port IS NOT NULL AND backend_type = 'client backend' AND state IS NOT NULL AND query NOT ILIKE '%LISTEN%'`);
    expect(rows[0].n).toBeGreaterThan(0);
  });
});
