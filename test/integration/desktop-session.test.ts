// Sign-in, session and restart through the desktop core's IPC handlers, against a real PostgreSQL.
import { afterAll, describe, expect, it } from 'vitest';
import type { Desktop } from '../../src/main/desktop/desktop';
import type { SessionState } from '../../src/shared/ipc/domains/session';
import { useTestDatabase } from '../support/fixture';
import { connectionFor, memorySecrets, ok, openTestDesktop } from '../support/desktop';
import { TcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait';

const t = useTestDatabase();
const opened: Desktop[] = [];
afterAll(async () => {
  await Promise.allSettled(opened.map((d) => d.close()));
});

async function setup() {
  const org = await t.world.org();
  const user = await t.world.user(org);
  const project = await t.world.project(org);
  await t.world.member(project, user, 'DOCUMENT_AUTHOR');
  return { org, user, project };
}

describe('desktop session', () => {
  it('refuses bad sign-ins with a message a person can act on, and stays signed out', async () => {
    const { org, user } = await setup();
    const desktop = await openTestDesktop();
    opened.push(desktop);
    const connection = connectionFor(t.db.appUrl);
    const attempt = (changes: Record<string, unknown>) =>
      desktop.dispatch('session:signIn', { connection, organization: org.slug, email: user.email, password: user.password, ...changes });

    expect(await attempt({ password: 'wrong' })).toMatchObject({
      ok: false, error: { code: 'SIGN_IN_FAILED', reason: 'INVALID_CREDENTIALS', message: 'Wrong email or password.' },
    });
    expect(await attempt({ organization: 'no-such-org' })).toMatchObject({ ok: false, error: { code: 'SIGN_IN_FAILED', reason: 'UNKNOWN_ORGANIZATION' } });
    expect(await attempt({ connection: { ...connection, port: 1 } })).toMatchObject({
      ok: false, error: { code: 'SERVER_UNREACHABLE', message: expect.stringContaining(':1/') },
    });
    expect(await attempt({ connection: { ...connection, password: 'not-the-role-password' } })).toMatchObject({
      ok: false, error: { code: 'SIGN_IN_FAILED', message: expect.stringContaining('connection credentials') },
    });
    expect(await attempt({ email: 5 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await ok<SessionState>(desktop, 'session:state')).toMatchObject({ status: 'signed-out' });
    expect(await desktop.dispatch('documents:list', { projectId: crypto.randomUUID() })).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    expect((desktop as unknown as { secrets: { read(): unknown } }).secrets.read()).toBeUndefined();
  });

  it('signs in, syncs the projects, survives a restart offline-first, and signing out revokes the session', async () => {
    const { org, user, project } = await setup();
    const secrets = memorySecrets();
    const desktop = await openTestDesktop({ secrets });
    opened.push(desktop);
    const state = await ok<SessionState>(desktop, 'session:signIn', {
      connection: connectionFor(t.db.appUrl), organization: org.slug, email: user.email, password: user.password,
    });
    expect(state).toMatchObject({ status: 'signed-in', user: { id: user.id, email: user.email } });
    expect(secrets.value).toBeDefined();
    expect(JSON.stringify(desktop.settings.read())).not.toContain(connectionFor(t.db.appUrl).password);
    await waitFor(async () => (await ok<{ id: string }[]>(desktop, 'projects:list')).some((p) => p.id === project.id), 'the project');

    const { id } = await ok<{ id: string }>(desktop, 'documents:create', { projectId: project.id, title: 'Kept across restarts' });
    await desktop.close();

    const again = await openTestDesktop({ dataDir: desktop.dataDir, secrets });
    opened.push(again);
    expect(await ok<SessionState>(again, 'session:state')).toMatchObject({ status: 'signed-in', user: { id: user.id } });
    expect(await ok(again, 'documents:get', { id })).toMatchObject({ title: 'Kept across restarts' });
    await waitFor(async () => (await t.admin.query('SELECT 1 FROM app.documents WHERE id = $1', [id])).rowCount === 1, 'the document on central');

    expect(await ok<SessionState>(again, 'session:signOut')).toMatchObject({ status: 'signed-out' });
    expect(secrets.value).toBeUndefined();
    const { rows } = await t.admin.query(`SELECT revoked_at FROM auth.user_sessions WHERE user_id = $1`, [user.id]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r: { revoked_at: Date | null }) => r.revoked_at !== null)).toBe(true);
  });

  it('a session revoked on the server signs the device out and keeps its unsynced work', async () => {
    const { org, user, project } = await setup();
    const desktop = await openTestDesktop();
    opened.push(desktop);
    const connection = connectionFor(t.db.appUrl);
    await ok(desktop, 'session:signIn', { connection, organization: org.slug, email: user.email, password: user.password });
    await waitFor(async () => (await ok<{ id: string }[]>(desktop, 'projects:list')).some((p) => p.id === project.id), 'the project');
    const events: SessionState[] = [];
    desktop.onEvent((event, payload) => {
      if (event === 'session:changed') events.push(payload as SessionState);
    });
    await t.admin.query('UPDATE auth.user_sessions SET revoked_at = now() WHERE user_id = $1', [user.id]);
    const { id } = await ok<{ id: string }>(desktop, 'documents:create', { projectId: project.id, title: 'Written as the session ended' });
    await waitFor(() => events.find((e) => e.status === 'signed-out'), 'the signed-out event');
    expect(events.at(-1)).toMatchObject({ status: 'signed-out', reason: expect.stringContaining('unsynced changes are kept') });

    await ok(desktop, 'session:signIn', { connection, organization: org.slug, email: user.email, password: user.password });
    expect(await ok(desktop, 'documents:get', { id })).toMatchObject({ title: 'Written as the session ended' });
    await waitFor(async () => (await t.admin.query('SELECT 1 FROM app.documents WHERE id = $1', [id])).rowCount === 1, 'the kept document on central');
  });

  it('with a read replica in the connection settings, pulls go there, after a restart too', async () => {
    const { org, user, project } = await setup();
    // The "replica" is the same server behind a loopback proxy that counts connections.
    const replica = await new TcpProxy(Number(new URL(t.db.appUrl).port || 5432)).start();
    try {
      const secrets = memorySecrets();
      const desktop = await openTestDesktop({ secrets });
      opened.push(desktop);
      const connection = { ...connectionFor(t.db.appUrl), readHost: '127.0.0.1', readPort: replica.port };
      await ok<SessionState>(desktop, 'session:signIn', { connection, organization: org.slug, email: user.email, password: user.password });
      await waitFor(async () => (await ok<{ id: string }[]>(desktop, 'projects:list')).some((p) => p.id === project.id), 'the project');
      expect(replica.accepted).toBeGreaterThan(0);
      expect(desktop.settings.read().connection).toMatchObject({ readHost: '127.0.0.1', readPort: replica.port });
      await desktop.close();
      const before = replica.accepted;
      const again = await openTestDesktop({ dataDir: desktop.dataDir, secrets });
      opened.push(again);
      const doc = await t.world.document(project, { title: 'Read from the replica' });
      await waitFor(async () => (await ok<{ id: string }[]>(again, 'documents:list', { projectId: project.id })).some((d) => d.id === doc.id), 'the new document');
      expect(replica.accepted).toBeGreaterThan(before);
    } finally {
      await replica.stop();
    }
  });
});
