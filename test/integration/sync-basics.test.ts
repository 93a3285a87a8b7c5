// Two desktop clients and one real central: create, edit, conflict, reject, delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/fixture';
import { syncUrl } from '../support/sync-route';
import { SyncClient } from '../support/sync-client';
import { centralSnapshot, localSnapshot } from '../support/replica-compare';
import type { Project, User } from '../support/world';

const t = useTestDatabase();
let project: Project;
let ann: User;
let bob: User;
let viewer: User;
let a: SyncClient;
let b: SyncClient;
let v: SyncClient;

beforeAll(async () => {
  const org = await t.world.org();
  project = await t.world.project(org);
  [ann, bob, viewer] = [await t.world.user(org), await t.world.user(org), await t.world.user(org)];
  await t.world.member(project, ann, 'PROJECT_MANAGER');
  await t.world.member(project, bob, 'PROJECT_MANAGER');
  await t.world.member(project, viewer, 'VIEWER');
  a = await SyncClient.signIn('ann', syncUrl(t.db.appUrl), ann);
  b = await SyncClient.signIn('bob', syncUrl(t.db.appUrl), bob);
  v = await SyncClient.signIn('viewer', syncUrl(t.db.appUrl), viewer);
  for (const client of [a, b, v]) await client.sync();
});
afterAll(async () => {
  for (const client of [a, b, v]) await client?.close();
});

describe('sync between two clients', () => {
  it('bootstraps the member\'s project, its people and roles', () => {
    expect(a.rows('projects').map((p) => p.id)).toEqual([project.id]);
    expect(a.rows('users')).toHaveLength(3);
    expect(a.rows('roles').length).toBe(6);
  });

  it('a document created on one client reaches the other with server-stamped fields', async () => {
    const { id } = a.writer.create('document', project.id, { title: 'Release plan', content: 'Ship it', tags: ['q4'] });
    expect(a.store.pendingCount()).toBe(1);
    expect(a.rows('documents', 'id = ?', [id])[0]).toMatchObject({ title: 'Release plan', version: 0 });
    const { pushed } = await a.sync();
    expect(pushed).toEqual({ applied: 1, skipped: 0, rejected: 0 });
    expect(a.store.pendingCount()).toBe(0);
    expect(a.rows('documents', 'id = ?', [id])[0]).toMatchObject({ version: 1, created_by: ann.id });
    await b.sync();
    expect(b.rows('documents', 'id = ?', [id])[0]).toMatchObject({ title: 'Release plan', content: 'Ship it', tags: '["q4"]' });
  });

  it('concurrent edits of different fields both survive; the same field: last writer wins', async () => {
    const { id } = a.writer.create('task', project.id, { title: 'Write tests' });
    await a.sync();
    await b.sync();
    a.writer.update('task', id, { status: 'IN_PROGRESS', priority: 'HIGH' });
    b.writer.update('task', id, { title: 'Write more tests', priority: 'LOW' });
    await a.sync();
    await b.sync();
    await a.sync();
    for (const client of [a, b]) {
      expect(client.rows('tasks', 'id = ?', [id])[0]).toMatchObject({ title: 'Write more tests', status: 'IN_PROGRESS', priority: 'LOW' });
    }
    const { rows } = await t.admin.query(`SELECT changes FROM app.activity_logs WHERE entity_id = $1 AND action = 'UPDATE' ORDER BY created_at`, [id]);
    expect(rows.map((r) => r.changes.priority)).toEqual([{ old: 'MEDIUM', new: 'HIGH' }, { old: 'HIGH', new: 'LOW' }]);
  });

  it('a rejected change is rolled back locally and shown with its reason and content', async () => {
    await v.sync();
    const { id } = v.writer.create('comment', project.id, { entity_type: 'TASK', entity_id: a.rows('tasks')[0]!.id as string, body: 'Looks good' });
    const docId = a.rows('documents')[0]!.id as string;
    v.store.write('documents', 'update', docId, project.id, { title: 'Viewer edit' });
    const { pushed } = await v.sync();
    expect(pushed).toEqual({ applied: 1, skipped: 0, rejected: 1 });
    expect(v.rows('comments', 'id = ?', [id])).toHaveLength(1);
    expect(v.rows('documents', 'id = ?', [docId])[0]!.title).toBe('Release plan');
    const [rejection] = v.store.rejections();
    expect(rejection).toMatchObject({ table: 'documents', rowId: docId, values: { title: 'Viewer edit' } });
    expect(rejection!.message).toMatch(/do not have permission|does not exist/);
  });

  it('an edit to a row deleted meanwhile is rejected (delete wins)', async () => {
    const { id } = a.writer.create('document', project.id, { title: 'Doomed' });
    await a.sync();
    await b.sync();
    a.writer.remove('document', id);
    b.writer.update('document', id, { title: 'Edited while deleted' });
    await a.sync();
    const { pushed } = await b.sync();
    expect(pushed.rejected).toBe(1);
    expect(b.store.rejections().at(-1)).toMatchObject({ rowId: id, code: 'PM409' });
    expect(b.rows('documents', 'id = ?', [id])[0]!.deleted_at).not.toBeNull();
  });

  it('awkward text arrives unchanged, streamed (COPY) or paged: tabs, newlines, backslashes, \\N, other scripts', async () => {
    const title = 'Tab\there, C:\\temp\\ and \\N';
    const description = 'Line one\r\nline two\u000b\u0008 — Überprüfung, 日本語, 🙂, quotes "\\"" and \\\\';
    const { id } = a.writer.create('task', project.id, { title, description });
    const doc = a.writer.create('document', project.id, { title: '\\N', content: '', tags: ['a\tb', 'c\\d', '"e"'] }).id;
    await a.sync();
    const streamed = await SyncClient.signIn('streamed', syncUrl(t.db.appUrl), bob);
    const paged = await SyncClient.signIn('paged', syncUrl(t.db.appUrl), bob);
    try {
      // Horizons are cluster-wide: another file's open transaction may hold a first pull back.
      await streamed.pullUntilCaughtUp();
      await paged.pullUntilCaughtUp(30_000, () => paged.pullPaged({ pageSize: 3 }));
      const central = await centralSnapshot(streamed, [project.id]);
      for (const c of [streamed, paged]) {
        expect(c.rows('tasks', 'id = ?', [id])[0]).toMatchObject({ title, description });
        expect(c.rows('documents', 'id = ?', [doc])[0]).toMatchObject({ title: '\\N', content: '', tags: JSON.stringify(['a\tb', 'c\\d', '"e"']) });
        expect(localSnapshot(c)).toEqual(central);
      }
    } finally {
      await streamed.close();
      await paged.close();
    }
  });
});
