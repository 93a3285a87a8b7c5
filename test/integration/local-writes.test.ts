// The local write API refuses bad input with a clear error and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/fixture';
import { SyncClient } from '../support/sync-client';
import type { Project } from '../support/world';

const t = useTestDatabase();
let project: Project;
let other: Project;
let a: SyncClient;
let taskId: string;
let otherTaskId: string;

beforeAll(async () => {
  const org = await t.world.org();
  project = await t.world.project(org);
  other = await t.world.project(org);
  const ann = await t.world.user(org);
  await t.world.member(project, ann, 'PROJECT_MANAGER');
  await t.world.member(other, ann, 'PROJECT_MANAGER');
  taskId = (await t.world.task(project)).id;
  otherTaskId = (await t.world.task(other)).id;
  a = await SyncClient.signIn('writer', t.db.appUrl, ann);
  await a.sync();
});
afterAll(async () => a?.close());

function unchanged(work: () => unknown, code: string, message: RegExp) {
  const before = JSON.stringify([a.store.pendingCount(), a.rows('documents'), a.rows('tasks'), a.rows('comments'), a.rows('test_executions')]);
  expect(work).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  expect(JSON.stringify([a.store.pendingCount(), a.rows('documents'), a.rows('tasks'), a.rows('comments'), a.rows('test_executions')])).toBe(before);
}

describe('local write API: bad input', () => {
  it('wrong types and unknown fields', () => {
    unchanged(() => a.writer.create('document', project.id, { title: 42 } as never), 'INVALID_ARGUMENT', /title/);
    unchanged(() => a.writer.create('task', project.id, { title: 'x', estimate_hours: 'lots' } as never), 'INVALID_ARGUMENT', /estimate_hours/);
    unchanged(() => a.writer.create('task', project.id, { title: 'x', status: 'SOMEDAY' } as never), 'INVALID_ARGUMENT', /status/);
    unchanged(() => a.writer.create('document', project.id, { title: 'x', version: 7 } as never), 'INVALID_ARGUMENT', /version|Unrecognized/i);
    unchanged(() => a.writer.create('document', project.id, { title: '   ' }), 'INVALID_ARGUMENT', /title must not be empty/);
  });

  it('oversize text', () => {
    unchanged(() => a.writer.create('document', project.id, { title: 'x'.repeat(501) }), 'INVALID_ARGUMENT', /at most 500/);
    unchanged(() => a.writer.create('comment', project.id, { entity_type: 'TASK', entity_id: taskId, body: 'x'.repeat(20_001) }), 'INVALID_ARGUMENT', /body/);
  });

  it('unknown ids', () => {
    const ghost = '0190a6f0-0000-7000-8000-000000000000';
    unchanged(() => a.writer.create('document', ghost, { title: 'x' }), 'NOT_FOUND', /not one of yours/);
    unchanged(() => a.writer.update('document', ghost, { title: 'x' }), 'NOT_FOUND', /no document/);
    unchanged(() => a.writer.update('document', 'not-an-id', { title: 'x' }), 'INVALID_ARGUMENT', /not an item id/);
    unchanged(() => a.writer.create('execution', project.id, { test_case_id: ghost, test_case_version: 1, status: 'PASSED', executed_at: new Date().toISOString() }), 'NOT_FOUND', /test_case_id/);
  });

  it('fields of another project', () => {
    unchanged(() => a.writer.create('comment', project.id, { entity_type: 'TASK', entity_id: otherTaskId, body: 'cross-project' }), 'NOT_FOUND', /entity_id/);
    unchanged(() => a.writer.create('task', project.id, { title: 'child', parent_id: otherTaskId }), 'NOT_FOUND', /parent_id/);
  });

  it('permanent records cannot be edited, deleted rows cannot be changed', () => {
    const { id } = a.writer.create('document', project.id, { title: 'Gone soon' });
    a.writer.remove('document', id);
    unchanged(() => a.writer.update('document', id, { title: 'Too late' }), 'CONFLICT_DELETED', /deleted/);
    unchanged(() => a.writer.update('execution', id, {}), 'INVALID_ARGUMENT', /permanent record/);
  });
});
