// activity_logs: written by triggers for inserts, updates, soft deletes, restores and hard deletes,
// with the session, device and the device's own time of the action.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/fixture';
import { signIn } from '../support/sessions';
import type { AppSession } from '../support/sessions';
import type { Project, User } from '../support/world';

const t = useTestDatabase();
let project: Project;
let author: User;
let session: AppSession;

interface LogRow {
  action: string;
  user_id: string;
  session_id: string | null;
  device_name: string | null;
  client_action_at: Date | null;
  created_at: Date;
  changes: Record<string, { old?: unknown; new?: unknown }>;
}

async function logsOf(entityId: string): Promise<LogRow[]> {
  const { rows } = await t.admin.query<LogRow>(
    'SELECT * FROM app.activity_logs WHERE entity_id = $1 ORDER BY created_at, action', [entityId]);
  return rows;
}

beforeAll(async () => {
  const org = await t.world.org();
  project = await t.world.project(org);
  author = await t.world.user(org);
  await t.world.member(project, author, 'DOCUMENT_AUTHOR');
  session = await signIn(t.db.appUrl, author, { deviceName: 'Field laptop' });
  t.track(session.conn);
});

describe('activity log', () => {
  it('records a create with who, which session and device, and the device time of the action', async () => {
    const id = randomUUID();
    const offlineTime = new Date(Date.now() - 3 * 3600_000);
    await session.query('INSERT INTO app.documents (id, organization_id, project_id, title, tags) VALUES ($1, $2, $3, $4, $5)',
      [id, project.org.id, project.id, 'Plan', ['alpha']], { clientTime: offlineTime });
    const [log] = await logsOf(id);
    expect(log).toMatchObject({ action: 'CREATE', user_id: author.id, device_name: 'Field laptop' });
    expect(log!.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(log!.client_action_at?.toISOString()).toBe(offlineTime.toISOString());
    expect(log!.created_at.getTime()).toBeGreaterThan(offlineTime.getTime());
    expect(log!.changes.title).toEqual({ new: 'Plan' });
    expect(log!.changes.tags).toEqual({ new: ['alpha'] });
    expect(log!.changes).not.toHaveProperty('search_vector');
  });

  it('records updates field by field, old → new, keeping every overwritten value', async () => {
    const doc = await t.world.document(project, { title: 'First' });
    await session.query('UPDATE app.documents SET title = $2 WHERE id = $1', [doc.id, 'Second']);
    await session.query('UPDATE app.documents SET title = $2, status = $3 WHERE id = $1', [doc.id, 'Third', 'IN_REVIEW']);
    const updates = (await logsOf(doc.id)).filter((l) => l.action === 'UPDATE');
    expect(updates.map((u) => u.changes)).toEqual([
      { title: { old: 'First', new: 'Second' } },
      { title: { old: 'Second', new: 'Third' }, status: { old: 'DRAFT', new: 'IN_REVIEW' } },
    ]);
  });

  it('writes nothing for an update that changes nothing', async () => {
    const doc = await t.world.document(project, { title: 'Same' });
    await session.query('UPDATE app.documents SET title = $2 WHERE id = $1', [doc.id, 'Same']);
    expect((await logsOf(doc.id)).map((l) => l.action)).toEqual(['CREATE']);
  });

  it('records soft delete and restore', async () => {
    const doc = await t.world.document(project);
    await session.query('UPDATE app.documents SET deleted_at = now() WHERE id = $1', [doc.id]);
    await session.query('UPDATE app.documents SET deleted_at = NULL WHERE id = $1', [doc.id]);
    expect((await logsOf(doc.id)).map((l) => l.action)).toEqual(['CREATE', 'SOFT_DELETE', 'RESTORE']);
    const { rows } = await t.admin.query('SELECT deleted_by FROM app.documents WHERE id = $1', [doc.id]);
    expect(rows[0].deleted_by).toBeNull();
  });

  it('records hard deletes and leaves a tombstone for replicas', async () => {
    const doc = await t.world.document(project);
    await t.admin.query('DELETE FROM app.documents WHERE id = $1', [doc.id]);
    expect((await logsOf(doc.id)).map((l) => l.action)).toEqual(['CREATE', 'DELETE']);
    const { rows } = await t.admin.query('SELECT table_name, project_id FROM app.tombstones WHERE row_id = $1', [doc.id]);
    expect(rows).toEqual([{ table_name: 'documents', project_id: project.id }]);
  });

  it('ignores an unreadable device time instead of failing the write', async () => {
    const id = randomUUID();
    await session.conn.exec('BEGIN');
    await session.conn.query(`SELECT set_config('app.session_token', $1, true), set_config('app.client_time', 'yesterday-ish', true)`, [session.token]);
    await session.conn.query('INSERT INTO app.documents (id, organization_id, project_id, title) VALUES ($1, $2, $3, $4)',
      [id, project.org.id, project.id, 'Odd clock']);
    await session.conn.exec('COMMIT');
    expect((await logsOf(id))[0]!.client_action_at).toBeNull();
  });

  it('covers every major table', async () => {
    const w = t.world;
    const testCase = await w.testCase(project);
    const task = await w.task(project);
    const cr = await w.changeRequest(project, { status: 'IN_REVIEW' });
    const doc = await w.document(project);
    const created = {
      DOCUMENT: doc.id,
      DOCUMENT_VERSION: (await w.insert('document_versions', { organization_id: project.org.id, project_id: project.id, document_id: doc.id, title: 'v1' })).id,
      DOCUMENT_RELATION: (await w.insert('document_relations', { organization_id: project.org.id, project_id: project.id, source_document_id: doc.id, target_test_case_id: testCase.id, relation_type: 'VERIFIED_BY' })).id,
      TEST_CASE: testCase.id,
      TEST_EXECUTION: (await w.testExecution(project, { test_case_id: testCase.id })).id,
      TEST_CASE_RELATION: (await w.insert('test_case_relations', { organization_id: project.org.id, project_id: project.id, source_test_case_id: testCase.id, target_test_case_id: (await w.testCase(project)).id, relation_type: 'RELATED' })).id,
      CHANGE_REQUEST: cr.id,
      CHANGE_REQUEST_IMPACT: (await w.insert('change_request_impacts', { organization_id: project.org.id, project_id: project.id, change_request_id: cr.id, entity_type: 'TASK', entity_id: task.id })).id,
      TASK: task.id,
      COMMENT: (await w.comment(project, { entity_id: task.id })).id,
      PROJECT: project.id,
      PROJECT_MEMBER: (await w.member(project, await w.user(project.org), 'VIEWER')).id,
      USER: author.id,
      ORGANIZATION: project.org.id,
    };
    for (const [entityType, id] of Object.entries(created)) {
      const { rows } = await t.admin.query('SELECT count(*)::int AS n FROM app.activity_logs WHERE entity_type = $1 AND entity_id = $2', [entityType, id]);
      expect(rows[0].n, entityType).toBeGreaterThanOrEqual(1);
    }
  });

  it('is readable by the project\'s members and no one else, and nobody can change it', async () => {
    const doc = await t.world.document(project);
    expect(await session.query('SELECT id FROM app.activity_logs WHERE entity_id = $1', [doc.id])).toHaveLength(1);
    const stranger = await t.world.user(project.org);
    const strangerSession = await signIn(t.db.appUrl, stranger);
    t.track(strangerSession.conn);
    expect(await strangerSession.query('SELECT id FROM app.activity_logs WHERE entity_id = $1', [doc.id])).toHaveLength(0);
    await expect(session.query('UPDATE app.activity_logs SET action = $1', ['DELETE'])).rejects.toMatchObject({ code: '42501' });
  });
});
