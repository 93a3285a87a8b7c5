// A modified desktop client connected as application_user tries everything it should not manage.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CentralConnection } from '../../src/main/central/connection';
import { connectPg } from '../../src/main/central/connection';
import { login } from '../../src/main/central/auth';
import { decide as signedDecision } from '../support/decisions';
import { useTestDatabase } from '../support/fixture';
import { sessionOn, signIn } from '../support/sessions';
import type { AppSession } from '../support/sessions';
import type { Project, User } from '../support/world';

const t = useTestDatabase();

let raw: CentralConnection;
let project: Project;
let otherProject: Project;
let manager: User;
let managerSession: AppSession;
let tenantTables: string[];

const INJECTIONS = [
  "'); DROP TABLE app.documents; --",
  "' OR '1'='1",
  'Robert"); DELETE FROM app.users; --',
  '$$; SELECT pg_sleep(10); $$',
  '\\x00\\\\ \' " ; -- /* */ %s %n',
];

async function expectError(promise: Promise<unknown>, code: string) {
  await expect(promise).rejects.toMatchObject({ code });
}

beforeAll(async () => {
  const w = t.world;
  const org = await w.org();
  project = await w.project(org);
  otherProject = await w.project(org);
  manager = await w.user(org);
  await w.member(project, manager, 'PROJECT_MANAGER');
  const tc = await w.testCase(project);
  const task = await w.task(project);
  await w.document(project);
  await w.testExecution(project, { test_case_id: tc.id });
  await w.changeRequest(project);
  await w.comment(project, { entity_id: task.id, mentions: [manager.id] });
  await w.document(otherProject);
  raw = t.track(await connectPg(t.db.appUrl));
  managerSession = await signIn(t.db.appUrl, manager);
  t.track(managerSession.conn);
  await t.admin.query('SET ROLE super_admin; SELECT app.maintain_database(); RESET ROLE');
  const { rows } = await t.admin.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'app' AND c.relkind IN ('r', 'p', 'v') AND NOT c.relispartition
       AND has_table_privilege('application_user', c.oid, 'SELECT') AND c.relname NOT IN ('permissions', 'db_generation')`);
  tenantTables = rows.map((r) => r.name);
});

async function countsWith(setup: string, params: unknown[] = []): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await raw.exec('BEGIN');
  try {
    await raw.query(setup, params);
    for (const table of tenantTables) {
      const { rows } = await raw.query<{ n: number }>(`SELECT count(*)::int AS n FROM app.${table}`);
      counts[table] = rows[0]!.n;
    }
  } finally {
    await raw.exec('ROLLBACK');
  }
  return counts;
}

const nothing = () => Object.fromEntries(tenantTables.map((table) => [table, 0]));

describe('without a valid session, nothing is visible', () => {
  it('the tables hold data the manager can see', async () => {
    const rows = await managerSession.query<{ n: number }>('SELECT count(*)::int AS n FROM app.documents');
    expect(rows[0]!.n).toBe(1);
    expect(tenantTables).toEqual(expect.arrayContaining(['documents', 'users', 'activity_logs', 'notifications', 'tombstones']));
  });

  it('no token', async () => {
    expect(await countsWith('SELECT 1')).toEqual(nothing());
  });

  it('forged identity settings', async () => {
    const forged = await countsWith(
      `SELECT set_config('app.current_user_id', $1, true), set_config('app.current_organization_id', $2, true),
              set_config('app.user_id', $1, true), set_config('request.jwt.claim.sub', $1, true)`,
      [manager.id, project.org.id]);
    expect(forged).toEqual(nothing());
  });

  it('a made-up token, and the stored hash presented as a token', async () => {
    expect(await countsWith(`SELECT set_config('app.session_token', $1, true)`, ['f'.repeat(64)])).toEqual(nothing());
    const { rows } = await t.admin.query(`SELECT encode(token_hash, 'hex') AS h FROM auth.user_sessions LIMIT 1`);
    expect(await countsWith(`SELECT set_config('app.session_token', $1, true)`, [rows[0].h])).toEqual(nothing());
  });

  it('an expired token and a revoked token', async () => {
    const user = await t.world.user(project.org);
    await t.world.member(project, user, 'VIEWER');
    const expired = await signIn(t.db.appUrl, user);
    t.track(expired.conn);
    await t.admin.query(`UPDATE auth.user_sessions SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [user.id]);
    expect(await countsWith(`SELECT set_config('app.session_token', $1, true)`, [expired.token])).toEqual(nothing());
    const revoked = await signIn(t.db.appUrl, user);
    t.track(revoked.conn);
    await revoked.query('SELECT auth.logout()');
    expect(await countsWith(`SELECT set_config('app.session_token', $1, true)`, [revoked.token])).toEqual(nothing());
    expect(await revoked.query(`UPDATE app.users SET full_name = 'x' WHERE true RETURNING id`)).toHaveLength(0);
    await expectError(revoked.query(
      'INSERT INTO app.documents (id, organization_id, project_id, title) VALUES ($1, $2, $3, $4)',
      [randomUUID(), project.org.id, project.id, 'After logout']), 'PM401');
  });

  it('a token of another organization sees only that organization', async () => {
    const otherOrg = await t.world.org();
    const stranger = await t.world.user(otherOrg, { orgRole: 'ORG_ADMIN' });
    const session = await signIn(t.db.appUrl, stranger);
    t.track(session.conn);
    const counts = await countsWith(`SELECT set_config('app.session_token', $1, true)`, [session.token]);
    expect(counts.users).toBe(1);
    expect(counts.organizations).toBe(1);
    expect(counts.roles).toBe(6);
    const { rows } = await t.admin.query('SELECT count(*)::int AS n FROM app.role_permissions WHERE organization_id IS NULL');
    expect(counts.role_permissions).toBe(rows[0].n);
    expect({ ...counts, users: 0, organizations: 0, roles: 0, role_permissions: 0 }).toEqual(nothing());
  });

  it('readonly_user sees nothing without a token and cannot write with one', async () => {
    const ro = t.track(await connectPg(t.db.readonlyUrl));
    const { rows } = await ro.query<{ n: number }>('SELECT count(*)::int AS n FROM app.documents');
    expect(rows[0]!.n).toBe(0);
    const result = await login(raw, { organization: project.org.slug, email: manager.email, password: manager.password });
    if (!result.ok) throw new Error(result.message);
    const roSession = sessionOn(ro, result.token);
    expect((await roSession.query<{ n: number }>('SELECT count(*)::int AS n FROM app.documents'))[0]!.n).toBe(1);
    await expectError(roSession.query(`UPDATE app.documents SET title = 'ro'`), '42501');
  });
});

describe('secrets and privileges stay out of reach', () => {
  it.each([
    'SELECT * FROM auth.user_credentials',
    'SELECT * FROM auth.user_sessions',
    'SELECT * FROM app.counters',
    'SELECT * FROM app.project_stats',
    'SELECT * FROM app.user_dashboard_stats',
    'SELECT * FROM public.schema_migrations',
    'SELECT auth.hash_password($$x$$)',
    'SELECT app.maintain_database()',
    'SELECT app.ensure_partitions(10)',
    'SELECT * FROM app.test_executions_default',
    'CREATE TABLE app.evil (id int)',
    'CREATE TABLE public.evil (id int)',
    'CREATE SCHEMA evil',
    'CREATE FUNCTION app.evil() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
    'ALTER TABLE app.documents DISABLE ROW LEVEL SECURITY',
    'ALTER TABLE app.documents NO FORCE ROW LEVEL SECURITY',
    'ALTER TABLE app.documents DISABLE TRIGGER ALL',
    'DROP TABLE app.documents',
    'DROP POLICY tenant_read ON app.documents',
    'TRUNCATE app.documents',
    'SET ROLE super_admin',
    'SET SESSION AUTHORIZATION promanage_admin',
    'INSERT INTO app.activity_logs (organization_id, entity_type, entity_id, action) VALUES (gen_random_uuid(), $$X$$, gen_random_uuid(), $$CREATE$$)',
    'UPDATE app.activity_logs SET action = $$DELETE$$',
    'DELETE FROM app.activity_logs',
    'INSERT INTO app.notifications (organization_id, recipient_id, type, title) SELECT organization_id, id, $$SYSTEM$$, $$spam$$ FROM app.users',
    'UPDATE app.documents SET version = 999',
    'UPDATE app.documents SET created_by = gen_random_uuid()',
    'UPDATE app.documents SET sync_xid = $$1$$',
    'UPDATE app.documents SET project_id = gen_random_uuid()',
    'UPDATE app.users SET org_role_id = (SELECT id FROM app.roles WHERE name = $$ORG_ADMIN$$)',
    'UPDATE app.users SET email = $$me@evil.example$$',
    'UPDATE app.test_cases SET case_version = 1',
    'UPDATE app.change_requests SET revision = 1',
    'INSERT INTO app.roles (name) VALUES ($$GOD$$)',
    'INSERT INTO app.role_permissions (role_id, permission_id) SELECT r.id, p.id FROM app.roles r, app.permissions p',
  ])('refused: %s', async (sql) => {
    const { sql: statement, params } = { sql: sql.replace(/\$\$/g, "'"), params: [] };
    await expectError(managerSession.query(statement, params), '42501');
  });

  it('row_security = off does not bypass RLS: the query is refused', async () => {
    await raw.exec('BEGIN');
    try {
      await raw.query(`SELECT set_config('app.session_token', $1, true)`, [managerSession.token]);
      await raw.exec('SET LOCAL row_security = off');
      await expectError(raw.query('SELECT count(*) FROM app.documents'), '42501');
    } finally {
      await raw.exec('ROLLBACK');
    }
  });

  it('application_user is neither superuser nor BYPASSRLS nor a member of super_admin', async () => {
    const { rows } = await raw.query<{ rolsuper: boolean; rolbypassrls: boolean; member: boolean }>(
      `SELECT rolsuper, rolbypassrls, pg_has_role('application_user', 'super_admin', 'MEMBER') AS member
       FROM pg_roles WHERE rolname = current_user`);
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, member: false });
  });

  it('password hashes are not in any table application_user can read', async () => {
    const { rows } = await t.admin.query(
      `SELECT table_schema, table_name, column_name FROM information_schema.columns
       WHERE column_name ~ '(password|token_hash|totp_secret)' AND table_schema IN ('app', 'auth', 'public')`);
    expect(rows.map((r) => r.column_name)).toEqual(expect.arrayContaining(['password_hash', 'token_hash', 'totp_secret']));
    for (const row of rows) {
      const { rows: priv } = await t.admin.query(`SELECT has_table_privilege('application_user', $1, 'SELECT') AS can`,
        [`${row.table_schema}.${row.table_name}`]);
      expect(priv[0].can, `${row.table_schema}.${row.table_name}.${row.column_name}`).toBe(false);
    }
  });
});

describe('bad writes are refused and change nothing', () => {
  it('SQL injection strings are stored as plain text', async () => {
    for (const text of INJECTIONS) {
      const id = randomUUID();
      await managerSession.query(
        'INSERT INTO app.documents (id, organization_id, project_id, title, content, tags) VALUES ($1, $2, $3, $4, $4, ARRAY[$4])',
        [id, project.org.id, project.id, text]);
      const rows = await managerSession.query<{ title: string; content: string; tags: string[] }>(
        'SELECT title, content, tags FROM app.documents WHERE id = $1', [id]);
      expect(rows[0]).toEqual({ title: text, content: text, tags: [text] });
      const result = await login(raw, { organization: text, email: text, password: text });
      expect(result.ok).toBe(false);
    }
    const { rows } = await t.admin.query('SELECT count(*)::int AS n FROM app.users');
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('writes to a project the user is not a member of', async () => {
    await expectError(managerSession.query(
      'INSERT INTO app.documents (id, organization_id, project_id, title) VALUES ($1, $2, $3, $4)',
      [randomUUID(), otherProject.org.id, otherProject.id, 'Not mine']), '42501');
    const updated = await managerSession.query(`UPDATE app.documents SET title = 'Mine now' WHERE project_id = $1 RETURNING id`, [otherProject.id]);
    expect(updated).toHaveLength(0);
  });

  it('invalid change request transitions', async () => {
    const cr = await t.world.changeRequest(project);
    await expectError(managerSession.query(`UPDATE app.change_requests SET status = 'APPROVED' WHERE id = $1`, [cr.id]), 'PM422');
    await expectError(managerSession.query(`UPDATE app.change_requests SET status = 'CLOSED' WHERE id = $1`, [cr.id]), 'PM422');
    await expectError(managerSession.query(
      `INSERT INTO app.change_requests (id, organization_id, project_id, title, status) VALUES ($1, $2, $3, 'x', 'APPROVED')`,
      [randomUUID(), project.org.id, project.id]), 'PM422');
    await managerSession.query(`UPDATE app.change_requests SET status = 'SUBMITTED' WHERE id = $1`, [cr.id]);
    const { rows } = await t.admin.query('SELECT status, submitted_at IS NOT NULL AS submitted FROM app.change_requests WHERE id = $1', [cr.id]);
    expect(rows[0]).toEqual({ status: 'SUBMITTED', submitted: true });
  });

  it('decisions on a changed or no-longer-reviewed change request', async () => {
    const cr = await t.world.changeRequest(project, { status: 'IN_REVIEW' });
    await managerSession.query(`UPDATE app.change_requests SET description = 'Edited after review started' WHERE id = $1`, [cr.id]);
    const decide = (revision: number) => signedDecision(managerSession, manager, project, cr.id, 'APPROVED', revision);
    await expect(decide(1)).rejects.toMatchObject({ code: 'PM410', message: expect.stringContaining('changed after you reviewed it') });
    await decide(2);
    // One approval meets the default policy (ALL, with nobody listed): the request is approved.
    const { rows: decided } = await t.admin.query('SELECT status FROM app.change_requests WHERE id = $1', [cr.id]);
    expect(decided).toEqual([{ status: 'APPROVED' }]);
    await managerSession.query(`UPDATE app.change_requests SET status = 'CANCELLED' WHERE id = $1`, [cr.id]);
    await expectError(decide(2), 'PM411');
    const { rows } = await t.admin.query('SELECT approver_id FROM app.change_request_approvals WHERE change_request_id = $1', [cr.id]);
    expect(rows).toEqual([{ approver_id: manager.id }]);
  });

  it('the approver is always the signed-in user', async () => {
    const cr = await t.world.changeRequest(project, { status: 'IN_REVIEW' });
    const someoneElse = await t.world.user(project.org);
    await expectError(managerSession.query(
      `INSERT INTO app.change_request_approvals (id, organization_id, project_id, change_request_id, approver_id, decision, change_request_revision, decided_at)
       VALUES ($1, $2, $3, $4, $5, 'APPROVED', 1, now())`, [randomUUID(), project.org.id, project.id, cr.id, someoneElse.id]), '42501');
  });

  it('edits to a soft-deleted row are rejected: delete wins', async () => {
    const doc = await t.world.document(project);
    await managerSession.query('UPDATE app.documents SET deleted_at = now() WHERE id = $1', [doc.id]);
    await expectError(managerSession.query(`UPDATE app.documents SET title = 'Late edit' WHERE id = $1`, [doc.id]), 'PM409');
  });

  it('notifications belong to their recipient', async () => {
    // The manager was mentioned, asked to decide, … (earlier tests): they see those, and only theirs.
    const someoneElse = await t.world.user(project.org);
    await t.world.member(project, someoneElse, 'VIEWER');
    await t.world.insert('notifications', { organization_id: project.org.id, project_id: project.id, recipient_id: someoneElse.id, type: 'SYSTEM', title: 'Not for the manager' });
    const mine = await managerSession.query<{ recipient_id: string }>('SELECT recipient_id FROM app.notifications');
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((n) => n.recipient_id))).toEqual(new Set([manager.id]));
    const viewer = await t.world.user(project.org);
    await t.world.member(project, viewer, 'VIEWER');
    const session = await signIn(t.db.appUrl, viewer);
    t.track(session.conn);
    expect(await session.query('SELECT id FROM app.notifications')).toHaveLength(0);
    expect(await session.query('UPDATE app.notifications SET read_at = now() RETURNING id')).toHaveLength(0);
  });
});
