// The central schema keeps the conventions of architecture.md §3 and the seed's features.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/fixture';
import { signIn } from '../support/sessions';
import type { AppSession } from '../support/sessions';
import type { Project, User } from '../support/world';

const t = useTestDatabase();

const PROJECT_TABLES = ['documents', 'document_versions', 'document_relations', 'document_updates', 'test_cases', 'test_executions',
  'test_case_relations', 'change_requests', 'change_request_impacts', 'change_request_approvals', 'change_request_approvers', 'tasks', 'comments'];
const REPLICATED = [...PROJECT_TABLES, 'organizations', 'users', 'roles', 'role_permissions', 'projects', 'project_members', 'notifications'];
const SYNC_COLUMNS = ['id', 'created_at', 'created_by', 'updated_at', 'updated_by', 'deleted_at', 'deleted_by', 'version', 'sync_xid'];

let project: Project;
let manager: User;
let session: AppSession;

beforeAll(async () => {
  const org = await t.world.org();
  project = await t.world.project(org);
  manager = await t.world.user(org);
  await t.world.member(project, manager, 'PROJECT_MANAGER');
  session = await signIn(t.db.appUrl, manager);
  t.track(session.conn);
});

async function q<Row = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<Row[]> {
  return (await t.admin.query(sql, params)).rows as Row[];
}

describe('conventions', () => {
  it('RLS is enabled and forced on every table of the app and auth schemas, partitions included', async () => {
    const rows = await q<{ name: string; enabled: boolean; forced: boolean }>(
      `SELECT n.nspname || '.' || c.relname AS name, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname IN ('app', 'auth') AND c.relkind IN ('r', 'p')`);
    const exempt = ['app.permissions', 'app.partition_plans', 'app.db_generation', 'auth.user_credentials', 'auth.user_sessions'];
    expect(rows.length).toBeGreaterThan(30);
    for (const row of rows.filter((r) => !exempt.includes(r.name))) {
      expect({ name: row.name, enabled: row.enabled, forced: row.forced }).toEqual({ name: row.name, enabled: true, forced: true });
    }
    // The exempt tables hold no tenant rows a client can reach: a catalogue, a plan, and secrets with no grants.
    const grants = await q<{ can: boolean }>(
      `SELECT has_table_privilege('application_user', 'auth.user_credentials', 'SELECT')
           OR has_table_privilege('application_user', 'auth.user_sessions', 'SELECT')
           OR has_table_privilege('application_user', 'app.partition_plans', 'SELECT') AS can`);
    // app.db_generation holds one random id, the same for everyone: readable, not tenant data.
    expect(grants[0]!.can).toBe(false);
  });

  it('every replicated table has UUID keys, the sync columns, organization_id and (where project-scoped) project_id', async () => {
    for (const table of REPLICATED) {
      const cols = await q<{ column_name: string; data_type: string }>(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'app' AND table_name = $1`, [table]);
      const names = cols.map((c) => c.column_name);
      expect(names, table).toEqual(expect.arrayContaining(SYNC_COLUMNS));
      if (table !== 'organizations') expect(names, table).toContain('organization_id');
      if (PROJECT_TABLES.includes(table)) expect(names, table).toContain('project_id');
      expect(cols.find((c) => c.column_name === 'id')?.data_type, table).toBe('uuid');
      expect(cols.find((c) => c.column_name === 'sync_xid')?.data_type, table).toBe('xid8');
    }
  });

  it('soft-delete partial indexes, sync cursor indexes and GIN indexes exist', async () => {
    const indexes = await q<{ tablename: string; indexdef: string }>(`SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'app'`);
    for (const table of ['documents', 'test_cases', 'change_requests', 'tasks', 'comments', 'projects', 'users', 'project_members']) {
      expect(indexes.some((i) => i.tablename === table && i.indexdef.includes('WHERE (deleted_at IS NULL')), table).toBe(true);
    }
    for (const table of PROJECT_TABLES) {
      expect(indexes.some((i) => i.tablename === table && /\(project_id, sync_xid, id\)/.test(i.indexdef)), table).toBe(true);
    }
    for (const [table, column] of [['documents', 'search_vector'], ['documents', 'tags'], ['test_cases', 'search_vector'],
      ['change_requests', 'search_vector'], ['tasks', 'search_vector'], ['comments', 'mentions']]) {
      expect(indexes.some((i) => i.tablename === table && i.indexdef.includes(`USING gin (${column})`)), `${table}.${column}`).toBe(true);
    }
  });

  it('stamps version and sync_xid on insert and update', async () => {
    const id = randomUUID();
    const inserted = await session.query<{ version: string; sync_xid: string; now_xid: string }>(
      `INSERT INTO app.tasks (id, organization_id, project_id, title) VALUES ($1, $2, $3, 'T')
       RETURNING version, sync_xid::text, pg_current_xact_id()::text AS now_xid`, [id, project.org.id, project.id]);
    expect(inserted[0]!.version).toBe('1');
    expect(inserted[0]!.sync_xid).toBe(inserted[0]!.now_xid);
    const updated = await session.query<{ version: string; sync_xid: string; updated_by: string }>(
      `UPDATE app.tasks SET title = 'T2' WHERE id = $1 RETURNING version, sync_xid::text, updated_by`, [id]);
    expect(updated[0]!.version).toBe('2');
    expect(BigInt(updated[0]!.sync_xid)).toBeGreaterThan(BigInt(inserted[0]!.sync_xid));
    expect(updated[0]!.updated_by).toBe(manager.id);
  });

  it('search_vector weighs title A, content B, tags C', async () => {
    const doc = await t.world.document(project, { title: 'Alpha', content: 'Bravo', tags: ['charlie'] });
    const [row] = await q<{ v: string }>('SELECT search_vector::text AS v FROM app.documents WHERE id = $1', [doc.id]);
    expect(row!.v).toBe(`'alpha':1A 'bravo':2B 'charlie':3C`);
    const tc = await t.world.testCase(project, { title: 'Login', steps: JSON.stringify([{ action: 'Type password', expected_result: 'Dashboard shown' }]) });
    const [found] = await q<{ hit: boolean }>(`SELECT search_vector @@ to_tsquery('english', 'dashboard') AS hit FROM app.test_cases WHERE id = $1`, [tc.id]);
    expect(found!.hit).toBe(true);
  });
});

describe('domain rules', () => {
  it('test case versions follow content changes; executions against an old version are kept and flagged', async () => {
    const tc = await t.world.testCase(project);
    await session.query(`UPDATE app.test_cases SET status = 'READY' WHERE id = $1`, [tc.id]);
    await session.query(`UPDATE app.test_cases SET steps = $2 WHERE id = $1`, [tc.id, JSON.stringify([{ action: 'New step', expected_result: 'ok' }])]);
    const [row] = await q<{ case_version: number }>('SELECT case_version FROM app.test_cases WHERE id = $1', [tc.id]);
    expect(row!.case_version).toBe(2);
    const execution = await session.query<{ executed_against_stale_version: boolean; current_case_version: number; executed_by: string }>(
      `INSERT INTO app.test_executions (id, organization_id, project_id, test_case_id, test_case_version, status, executed_at)
       VALUES ($1, $2, $3, $4, 1, 'PASSED', now()) RETURNING executed_against_stale_version, current_case_version, executed_by`,
      [randomUUID(), project.org.id, project.id, tc.id]);
    expect(execution[0]).toEqual({ executed_against_stale_version: true, current_case_version: 2, executed_by: manager.id });
  });

  it('refuses malformed test steps', async () => {
    await expect(t.world.testCase(project, { steps: JSON.stringify([{ expected_result: 'no action' }]) }))
      .rejects.toMatchObject({ code: '23514' });
    await expect(t.world.testCase(project, { steps: JSON.stringify({ action: 'not an array' }) })).rejects.toMatchObject({ code: '23514' });
  });

  it('numbers document versions and change requests on the server', async () => {
    const doc = await t.world.document(project);
    for (const title of ['v1', 'v2']) {
      await session.query('INSERT INTO app.document_versions (id, organization_id, project_id, document_id, title) VALUES ($1, $2, $3, $4, $5)',
        [randomUUID(), project.org.id, project.id, doc.id, title]);
    }
    expect(await q('SELECT version_number FROM app.document_versions WHERE document_id = $1 ORDER BY 1', [doc.id])).toEqual([{ version_number: 1 }, { version_number: 2 }]);
    expect((await q<{ current_version: number }>('SELECT current_version FROM app.documents WHERE id = $1', [doc.id]))[0]!.current_version).toBe(2);
    const other = await t.world.project(project.org);
    const numbers = [await t.world.changeRequest(project), await t.world.changeRequest(project), await t.world.changeRequest(other)].map((cr) => cr.number);
    expect(numbers[1]).toBe(Number(numbers[0]) + 1);
    expect(numbers[2]).toBe(1);
  });

  it('moves a change request to a new revision when its content or impacts change', async () => {
    const cr = await t.world.changeRequest(project, { status: 'IN_REVIEW' });
    await session.query(`UPDATE app.change_requests SET assigned_to = $2 WHERE id = $1`, [cr.id, manager.id]);
    const revision = async () => (await q<{ revision: number }>('SELECT revision FROM app.change_requests WHERE id = $1', [cr.id]))[0]!.revision;
    expect(await revision()).toBe(1);
    await session.query(`UPDATE app.change_requests SET justification = 'Because' WHERE id = $1`, [cr.id]);
    expect(await revision()).toBe(2);
    const task = await t.world.task(project);
    await session.query(`INSERT INTO app.change_request_impacts (id, organization_id, project_id, change_request_id, entity_type, entity_id, severity)
      VALUES ($1, $2, $3, $4, 'TASK', $5, 'HIGH')`, [randomUUID(), project.org.id, project.id, cr.id, task.id]);
    expect(await revision()).toBe(3);
    await expect(session.query(`INSERT INTO app.change_request_impacts (id, organization_id, project_id, change_request_id, entity_type, entity_id)
      VALUES ($1, $2, $3, $4, 'TASK', $5)`, [randomUUID(), project.org.id, project.id, cr.id, randomUUID()])).rejects.toMatchObject({ code: 'PM404' });
  });

  it('a mention notifies the mentioned member', async () => {
    const colleague = await t.world.user(project.org);
    await t.world.member(project, colleague, 'VIEWER');
    const task = await t.world.task(project);
    await session.query(`INSERT INTO app.comments (id, organization_id, project_id, entity_type, entity_id, body, mentions)
      VALUES ($1, $2, $3, 'TASK', $4, 'Please look', $5)`, [randomUUID(), project.org.id, project.id, task.id, [colleague.id, manager.id]]);
    const notes = await q<{ recipient_id: string; type: string }>('SELECT recipient_id, type FROM app.notifications WHERE entity_id = $1', [task.id]);
    expect(notes).toEqual([{ recipient_id: colleague.id, type: 'MENTION' }]);
  });

  it('refuses a task placed under its own subtask', async () => {
    const parent = await t.world.task(project);
    const child = await t.world.task(project, { parent_id: parent.id });
    await expect(session.query('UPDATE app.tasks SET parent_id = $2 WHERE id = $1', [parent.id, child.id])).rejects.toMatchObject({ code: 'PM422' });
  });
});

describe('reporting and maintenance', () => {
  it('materialized views have unique indexes and refresh concurrently through maintain_database()', async () => {
    const unique = await q<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'app' AND tablename IN ('project_stats', 'user_dashboard_stats') AND indexdef LIKE 'CREATE UNIQUE%'`);
    expect(unique).toHaveLength(2);
    await t.world.task(project, { assignee_id: manager.id, due_date: '2000-01-01' });
    await t.admin.query('SET ROLE super_admin');
    const [result] = await q<{ maintain_database: Record<string, unknown> }>('SELECT app.maintain_database()');
    await t.admin.query('RESET ROLE');
    expect(result!.maintain_database).toMatchObject({ materialized_views_refreshed: 2 });
    const mine = await session.query<{ open_tasks: string; overdue_tasks: string }>('SELECT open_tasks, overdue_tasks FROM app.my_dashboard_stats');
    expect(mine).toEqual([{ open_tasks: '1', overdue_tasks: '1' }]);
    const stats = await session.query<{ project_id: string }>('SELECT project_id FROM app.visible_project_stats');
    expect(stats.map((s) => s.project_id)).toEqual([project.id]);
  });

  it('creates future partitions and drops those past retention', async () => {
    await t.admin.query(`CREATE TABLE app.activity_logs_y2000m01 PARTITION OF app.activity_logs FOR VALUES FROM ('2000-01-01') TO ('2000-02-01')`);
    await t.admin.query('SET ROLE super_admin');
    const [row] = await q<{ changed: string[] }>('SELECT app.ensure_partitions(6) AS changed');
    await t.admin.query('RESET ROLE');
    expect(row!.changed).toContain('-activity_logs_y2000m01');
    const ahead = new Date();
    ahead.setUTCMonth(ahead.getUTCMonth() + 6, 1);
    const name = `activity_logs_y${ahead.getUTCFullYear()}m${String(ahead.getUTCMonth() + 1).padStart(2, '0')}`;
    expect((await q<{ r: string | null }>(`SELECT to_regclass($1)::text AS r`, [`app.${name}`]))[0]!.r).toBe(`app.${name}`);
  });

  it('cleans up expired sessions and old notifications', async () => {
    await t.admin.query(`UPDATE auth.user_sessions SET expires_at = now() - interval '8 days' WHERE user_id = $1`, [manager.id]);
    await t.world.insert('notifications', { organization_id: project.org.id, recipient_id: manager.id, type: 'SYSTEM', title: 'Old', expires_at: new Date(Date.now() - 1000) });
    await t.admin.query('SET ROLE super_admin');
    const [result] = await q<{ maintain_database: { expired_sessions_deleted: number; notifications_deleted: number } }>('SELECT app.maintain_database()');
    await t.admin.query('RESET ROLE');
    expect(result!.maintain_database.expired_sessions_deleted).toBeGreaterThanOrEqual(1);
    expect(result!.maintain_database.notifications_deleted).toBe(1);
    expect(await q(`SELECT 1 FROM app.tombstones WHERE table_name = 'notifications'`)).toHaveLength(1);
  });
});
