// The demo workspace: an embedded central (PGlite, the same migrations) seeded with a demo
// organization, reached through the same sync engine and SQL as a server, under RLS as application_user.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Desktop } from '../../src/main/desktop/desktop';
import { DemoCentral } from '../../src/main/demo/demo-central';
import { DEMO_ORGANIZATION, DEMO_USERS } from '../../src/main/demo/demo-people';
import { PortCentral } from '../../src/main/demo/port-central-client';
import { login } from '../../src/main/central/auth';
import type { ChangeRequestDetail, ChangeRequestListItem } from '../../src/shared/ipc/domains/change-requests';
import type { SignatureVerification } from '../../src/shared/ipc/domains/signatures';
import type { DemoWorkspace } from '../../src/shared/ipc/domains/demo';
import type { SessionState } from '../../src/shared/ipc/domains/session';
import { DEMO_TS_WORKER, MIGRATIONS_DIR, ok, openTestDesktop } from '../support/desktop';
import { waitFor } from '../support/wait';

const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const o of opened.reverse()) await o.close().catch(() => undefined);
});

const user = (key: 'tester' | 'author' | 'manager') => DEMO_USERS.find((u) => u.key === key)!;

describe('demo workspace', () => {
  it('runs every statement of a client as application_user, under RLS, one transaction at a time', async () => {
    const demo = await DemoCentral.start({ dataDir: join(mkdtempSync(join(tmpdir(), 'demo-')), 'central'), migrationsDir: MIGRATIONS_DIR }, DEMO_TS_WORKER);
    opened.push({ close: () => demo.stop() });
    expect(demo.seeded).toBe(true);
    const central = new PortCentral(demo.channel());
    const conn = await central.connect();
    expect((await conn.query<{ r: string }>('SELECT current_user AS r')).rows[0]!.r).toBe('application_user');
    await expect(conn.query('SELECT * FROM auth.user_credentials')).rejects.toMatchObject({ code: '42501' });
    // Without a session token the tenant tables show nothing.
    expect((await conn.query('SELECT * FROM app.documents')).rowCount).toBe(0);
    const wrong = await login(conn, { organization: DEMO_ORGANIZATION.slug, email: user('tester').email, password: 'nope' });
    expect(wrong).toMatchObject({ ok: false, code: 'INVALID_CREDENTIALS' });
    // The defences against a modified client (0016) hold here too: the activity catalogs are closed, sizes are limited.
    await expect(conn.query('SELECT * FROM pg_stat_activity')).rejects.toMatchObject({ code: '42501' });
    await expect(conn.query(`SELECT app.within_limit(20001, 20000, 'the comment', 'characters')`)).rejects.toMatchObject({ code: 'PM414' });

    // A second connection waits while the first one's transaction is open.
    const other = await central.connect();
    await conn.exec('BEGIN');
    await conn.query('SELECT 1');
    let otherDone = false;
    const pending = other.query('SELECT 2').then(() => { otherDone = true; });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(otherDone).toBe(false);
    await conn.exec('COMMIT');
    await pending;
    expect(otherDone).toBe(true);
    central.close();
  });

  it('signs in each demo user through the desktop, syncs their projects, and shows each role its view', async () => {
    const desktop: Desktop = await openTestDesktop();
    opened.push(desktop);
    const workspace = await ok<DemoWorkspace>(desktop, 'demo:open');
    expect(workspace.users.map((u) => u.key)).toEqual(['tester', 'author', 'manager']);

    for (const key of ['tester', 'author', 'manager'] as const) {
      const state = await ok<SessionState>(desktop, 'demo:signIn', { email: user(key).email, password: user(key).password });
      expect(state).toMatchObject({ status: 'signed-in', demo: true, user: { fullName: user(key).fullName } });
      const projects = await waitFor(async () => {
        const list = await ok<{ id: string; key: string }[]>(desktop, 'projects:list');
        return list.length === 2 ? list : undefined;
      }, `${key}'s projects`);
      const pump = projects.find((p) => p.key === 'IPX2')!;
      const documents = await waitFor(async () => {
        const list = await ok<{ id: string; title: string; currentVersion: number }[]>(desktop, 'documents:list', { projectId: pump.id });
        return list.length >= 4 ? list : undefined;
      }, `${key}'s documents`);
      expect(documents.find((d) => d.title === 'Software Requirements Specification')?.currentVersion).toBe(3);
      await ok(desktop, 'session:signOut');
    }

    // The author writes; the permission comes from the database, as on a server.
    await ok(desktop, 'demo:signIn', { email: user('author').email, password: user('author').password });
    const [pump] = await waitFor(async () => (await ok<{ id: string; key: string }[]>(desktop, 'projects:list')).filter((p) => p.key === 'IPX2'), 'the project');
    const { id } = await ok<{ id: string }>(desktop, 'documents:create', { projectId: pump!.id, title: 'Written in the demo' });
    await waitFor(async () => (await ok<{ pending: number }>(desktop, 'sync:status')).pending === 0, 'the push');
    await ok(desktop, 'session:signOut');

    // The tester (a reader of documents) sees it after the sync; a document they try to create is refused by the database.
    await ok(desktop, 'demo:signIn', { email: user('tester').email, password: user('tester').password });
    await waitFor(async () => (await ok<{ id: string }[]>(desktop, 'documents:list', { projectId: pump!.id }).catch(() => [])).some((d) => d.id === id), 'the author\'s document');
    await ok(desktop, 'documents:create', { projectId: pump!.id, title: 'Not allowed for testers' });
    await waitFor(async () => (await ok<{ rejected: unknown[] }>(desktop, 'sync:problems')).rejected.length === 1, 'the rejection');
  });

  it('signatures: the seeded decisions verify, and the manager signs a new one with the password', async () => {
    const desktop = await openTestDesktop();
    opened.push(desktop);
    await ok(desktop, 'demo:open');
    const manager = user('manager');
    await ok(desktop, 'demo:signIn', { email: manager.email, password: manager.password });
    const projects = await waitFor(async () => {
      const list = await ok<{ id: string; key: string }[]>(desktop, 'projects:list');
      return list.length === 2 ? list : undefined;
    }, 'the projects');
    const requests = (await Promise.all(projects.map((p) => ok<ChangeRequestListItem[]>(desktop, 'changeRequests:list', { projectId: p.id })))).flat();
    const decided = await ok<ChangeRequestDetail>(desktop, 'changeRequests:get', { id: requests.find((r) => r.status === 'APPROVED')!.id });
    expect(decided.decisions[0]).toMatchObject({ signed: true, signerName: manager.fullName, pending: false });
    expect(await ok<SignatureVerification>(desktop, 'signatures:verify', { id: decided.decisions[0]!.id }))
      .toMatchObject({ valid: true, status: 'VALID', meaning: 'APPROVED', signerName: manager.fullName, keyEpoch: 1 });

    const waiting = requests.find((r) => r.awaitingMe)!;
    const refused = await desktop.dispatch('changeRequests:decide', { id: waiting.id, decision: 'APPROVED', comment: '', password: 'not-it', meaning: 'Approved' });
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringContaining('not your password') } });
    const { id } = await ok<{ id: string }>(desktop, 'changeRequests:decide',
      { id: waiting.id, decision: 'APPROVED', comment: 'Go.', password: manager.password, meaning: 'Approved in the demo' });
    await waitFor(async () => (await ok<{ pending: number }>(desktop, 'sync:status')).pending === 0, 'the push');
    expect(await ok<SignatureVerification>(desktop, 'signatures:verify', { id })).toMatchObject({ valid: true, keyEpoch: 1 });
  });

  it('restarts on an existing demo database without seeding again', async () => {
    const desktop = await openTestDesktop();
    opened.push(desktop);
    await ok(desktop, 'demo:open');
    await ok(desktop, 'demo:signIn', { email: user('manager').email, password: user('manager').password });
    await desktop.close();
    const again = await openTestDesktop({ dataDir: desktop.dataDir, secrets: desktop.secrets });
    opened.push(again);
    expect(await ok<SessionState>(again, 'session:state')).toMatchObject({ status: 'signed-in', demo: true, user: { email: user('manager').email } });
    await waitFor(async () => (await ok<unknown[]>(again, 'projects:list')).length === 2, 'the projects after the restart');
  });
});
