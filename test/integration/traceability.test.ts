// Traceability (central migration 0017) through the path the desktop uses: two clients with their own
// replicas against one real central. Suspect links are set by central when a new version of either side
// is pushed, shown at once on the device that made it, cleared by a review from someone who may edit the
// other side (refused otherwise); baselines are taken offline, sync, compare, and refuse edits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPg } from '../../src/main/central/connection';
import { seedDemo } from '../../src/main/demo/demo-seed';
import { BaselineService } from '../../src/main/replica/baselines';
import { SuspectLinkService } from '../../src/main/replica/suspect-links';
import { TraceMatrixService } from '../../src/main/replica/trace-matrix';
import { useTestDatabase } from '../support/fixture';
import { signIn } from '../support/sessions';
import type { AppSession } from '../support/sessions';
import { SyncClient } from '../support/sync-client';
import type { Project, Row, User } from '../support/world';

const t = useTestDatabase();

let project: Project;
let author: User;
let tester: User;
let viewer: User;
let admin: User;
let authorDevice: SyncClient;
let testerDevice: SyncClient;
const sessions: AppSession[] = [];

const services = (device: SyncClient) => ({
  suspects: new SuspectLinkService(device.store.db, device.writer),
  baselines: new BaselineService(device.store.db, device.writer),
  matrix: new TraceMatrixService(device.store.db),
});

const rejected = (device: SyncClient) => device.store.db.prepare('SELECT table_name, code, message FROM rejections').all();

async function central<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
  return (await t.admin.query(sql, params)).rows as R[];
}

async function relation(id: string) {
  return (await central<{ suspect: boolean; suspect_source_version: number | null; suspect_target_version: number | null; suspect_revision: number;
    reviewed_by: string | null; review_note: string | null }>(
    'SELECT suspect, suspect_source_version, suspect_target_version, suspect_revision, reviewed_by, review_note FROM app.document_relations WHERE id = $1',
    [id]))[0]!;
}

/** A requirement linked to a test case (VERIFIED_BY), as central holds them. */
async function linkedPair(): Promise<{ document: Row; testCase: Row; link: Row }> {
  const document = await t.world.document(project, { title: `Requirement ${Math.random().toString(36).slice(2, 7)}`, document_type: 'REQUIREMENT' });
  const testCase = await t.world.testCase(project);
  const link = await t.world.insert('document_relations', {
    organization_id: project.org.id, project_id: project.id, source_document_id: document.id, target_test_case_id: testCase.id,
    relation_type: 'VERIFIED_BY',
  });
  return { document, testCase, link };
}

beforeAll(async () => {
  const w = t.world;
  const org = await w.org();
  project = await w.project(org);
  author = await w.user(org);
  tester = await w.user(org);
  viewer = await w.user(org);
  admin = await w.user(org, { orgRole: 'ORG_ADMIN' });
  await w.member(project, author, 'DOCUMENT_AUTHOR');
  await w.member(project, tester, 'TESTER');
  await w.member(project, viewer, 'VIEWER');
  await w.member(project, admin, 'VIEWER');
  authorDevice = await SyncClient.signIn('author', t.db.appUrl, author);
  testerDevice = await SyncClient.signIn('tester', t.db.appUrl, tester);
});
afterAll(async () => {
  await authorDevice?.close();
  await testerDevice?.close();
  for (const s of sessions) await s.conn.close();
});

describe('suspect links', () => {
  it('a new document version pushed by one client makes its links suspect for every client, at once on its own device', async () => {
    const { document, testCase, link } = await linkedPair();
    await authorDevice.sync();
    await testerDevice.sync();
    expect(services(testerDevice).suspects.count(project.id)).toBe(0);

    authorDevice.writer.create('documentVersion', project.id, { document_id: document.id, title: String(document.title), content: 'New text' });
    // Shown at once on the author's device, before any push.
    const local = services(authorDevice).suspects.list(project.id, testCase.id);
    expect(local.map((l) => [l.relationId, l.sourceVersion, l.targetVersion])).toEqual([[link.id, 1, null]]);

    await authorDevice.sync();
    expect(await relation(link.id)).toMatchObject({ suspect: true, suspect_source_version: 1, suspect_target_version: null, suspect_revision: 1 });
    await testerDevice.sync();
    const seen = services(testerDevice).suspects.list(project.id, document.id);
    expect(seen).toMatchObject([{ relationId: link.id, sourceVersion: 1, suspectRevision: 1, target: { kind: 'testCase', id: testCase.id } }]);
    const row = services(testerDevice).matrix.matrix({ projectId: project.id, documentId: document.id }).rows[0]!;
    expect(row.cells).toMatchObject([{ caseId: testCase.id, suspect: true, result: 'UNTESTED' }]);
  });

  it('a test case edit (a new case_version) makes the links to it suspect; a tester clears it by a review, audited', async () => {
    const { testCase, link } = await linkedPair();
    await testerDevice.sync();
    testerDevice.writer.update('testCase', testCase.id, { steps: [{ action: 'Open the app twice', expected_result: 'It opens' }] });
    expect(services(testerDevice).suspects.list(project.id, testCase.id)).toMatchObject([{ relationId: link.id, targetVersion: 2 }]);
    await testerDevice.sync();
    expect(await relation(link.id)).toMatchObject({ suspect: true, suspect_target_version: 2, suspect_revision: 1 });

    // The test case changed: the other side is the document, which the author may edit.
    await authorDevice.sync();
    services(authorDevice).suspects.review(link.id, 'Requirement still holds');
    expect(services(authorDevice).suspects.list(project.id, testCase.id)).toEqual([]);
    await authorDevice.sync();
    expect(rejected(authorDevice)).toEqual([]);
    expect(await relation(link.id)).toMatchObject({ suspect: false, reviewed_by: author.id, review_note: 'Requirement still holds' });
    await testerDevice.sync();
    expect(services(testerDevice).suspects.list(project.id, testCase.id)).toEqual([]);
    const audit = await central<{ entity_type: string; user_id: string }>(
      `SELECT entity_type, user_id FROM app.activity_logs WHERE entity_type = 'RELATION_REVIEW' AND (changes -> 'relation_id' ->> 'new')::uuid = $1`,
      [link.id]);
    expect(audit).toEqual([{ entity_type: 'RELATION_REVIEW', user_id: author.id }]);
  });

  it('refuses the review of someone who may not edit the other side, and the link stays suspect on their device', async () => {
    const { document, testCase, link } = await linkedPair();
    await authorDevice.sync();
    authorDevice.writer.create('documentVersion', project.id, { document_id: document.id, title: String(document.title), content: 'v1' });
    await authorDevice.sync();
    // The document changed: the other side is the test case, which a document author may not edit.
    services(authorDevice).suspects.review(link.id, 'Looks fine to me');
    expect(services(authorDevice).suspects.count(project.id)).toBe(
      services(authorDevice).suspects.list(project.id).length);
    await authorDevice.sync();
    const rejections = authorDevice.store.db.prepare(`SELECT table_name, code, message FROM rejections WHERE table_name = 'relation_reviews'`).all();
    expect(rejections).toEqual([expect.objectContaining({ table_name: 'relation_reviews', code: 'PM403' })]);
    expect(String((rejections[0] as { message: string }).message)).toContain(String(testCase.title));
    expect(services(authorDevice).suspects.list(project.id, document.id).map((l) => l.relationId)).toEqual([link.id]);
    expect(await relation(link.id)).toMatchObject({ suspect: true, reviewed_by: null });

    // A tester may, but not against an older suspicion (the document got another version meanwhile).
    await testerDevice.sync();
    services(testerDevice).suspects.review(link.id, 'Checked against v1');
    authorDevice.writer.create('documentVersion', project.id, { document_id: document.id, title: String(document.title), content: 'v2' });
    await authorDevice.sync();
    await testerDevice.sync();
    expect(testerDevice.store.db.prepare(`SELECT code FROM rejections WHERE table_name = 'relation_reviews'`).all()).toEqual([{ code: 'PM410' }]);
    expect(await relation(link.id)).toMatchObject({ suspect: true, suspect_source_version: 2, suspect_revision: 2 });
    services(testerDevice).suspects.review(link.id, 'Checked against v2');
    await testerDevice.sync();
    expect(await relation(link.id)).toMatchObject({ suspect: false, reviewed_by: tester.id, review_note: 'Checked against v2' });
  });

  it('links between test cases become suspect too; only someone who may edit test cases reviews them', async () => {
    const first = await t.world.testCase(project);
    const second = await t.world.testCase(project);
    const link = await t.world.insert('test_case_relations', {
      organization_id: project.org.id, project_id: project.id, source_test_case_id: first.id, target_test_case_id: second.id, relation_type: 'DEPENDS_ON',
    });
    await testerDevice.sync();
    testerDevice.writer.update('testCase', second.id, { expected_result: 'Within 20 s now' });
    expect(services(testerDevice).suspects.list(project.id, first.id)).toMatchObject([
      { relationId: link.id, linkKind: 'testCase', source: { kind: 'testCase', id: first.id }, sourceVersion: null, targetVersion: 2 },
    ]);
    await testerDevice.sync();
    const state = async () => (await central<{ suspect: boolean; suspect_target_version: number | null; reviewed_by: string | null }>(
      'SELECT suspect, suspect_target_version, reviewed_by FROM app.test_case_relations WHERE id = $1', [link.id]))[0]!;
    expect(await state()).toEqual({ suspect: true, suspect_target_version: 2, reviewed_by: null });

    await authorDevice.sync();
    services(authorDevice).suspects.review(link.id);
    await authorDevice.sync();
    expect(rejected(authorDevice).filter((r) => (r as { message: string }).message.includes(String(first.title)))).toMatchObject([{ code: 'PM403' }]);
    expect(await state()).toMatchObject({ suspect: true });
    services(testerDevice).suspects.review(link.id, 'Dependency unchanged');
    await testerDevice.sync();
    expect(await state()).toEqual({ suspect: false, suspect_target_version: null, reviewed_by: tester.id });
  });

  it('a viewer cannot review at all, even written straight to central', async () => {
    const { document, link } = await linkedPair();
    await t.world.insert('document_versions', { organization_id: project.org.id, project_id: project.id, document_id: document.id, title: 'v' });
    const session = await signIn(t.db.appUrl, viewer);
    sessions.push(session);
    await expect(session.query(
      `INSERT INTO app.relation_reviews (organization_id, project_id, relation_id, suspect_revision, reviewed_at) VALUES ($1, $2, $3, 1, now())`,
      [project.org.id, project.id, link.id])).rejects.toMatchObject({ code: 'PM403' });
    // Nor switch the flag off by editing the link.
    await expect(session.query('UPDATE app.document_relations SET suspect = false WHERE id = $1', [link.id])).rejects.toMatchObject({ code: '42501' });
  });
});

describe('baselines', () => {
  it('a baseline taken offline syncs, and compares with a later one and with now', async () => {
    const { document, testCase } = await linkedPair();
    await t.world.insert('document_versions', { organization_id: project.org.id, project_id: project.id, document_id: document.id, title: 'first' });
    await authorDevice.sync();
    // Offline: a version and a baseline that records it, before either is pushed.
    authorDevice.writer.create('documentVersion', project.id, { document_id: document.id, title: String(document.title), content: 'offline text' });
    const taken = services(authorDevice).baselines.take({ projectId: project.id, name: 'Release 1.0', description: 'Audit baseline' });
    expect(taken.unsynced).toBe(true);
    const total = (await central<{ n: string }>(`SELECT (SELECT count(*) FROM app.documents WHERE project_id = $1 AND deleted_at IS NULL AND NOT is_template)
      + (SELECT count(*) FROM app.test_cases WHERE project_id = $1 AND deleted_at IS NULL AND NOT is_template) AS n`, [project.id]))[0]!.n;
    expect(taken.itemCount).toBe(Number(total));
    await authorDevice.sync();
    expect(rejected(authorDevice).filter((r) => String((r as { table_name: string }).table_name).startsWith('baseline'))).toEqual([]);
    const header = (await central<{ item_count: number; items_received: number }>('SELECT item_count, items_received FROM app.baselines WHERE id = $1', [taken.id]))[0]!;
    expect(header).toEqual({ item_count: Number(total), items_received: Number(total) });
    expect(await central('SELECT version_number FROM app.baseline_items WHERE baseline_id = $1 AND item_id = $2', [taken.id, document.id]))
      .toEqual([{ version_number: 2 }]);

    // The other client sees it, and what changed since: the test case got a new version.
    await testerDevice.sync();
    testerDevice.writer.update('testCase', testCase.id, { title: `${String(testCase.title)} (revised)` });
    await testerDevice.sync();
    const tester = services(testerDevice).baselines;
    expect(tester.list(project.id).map((b) => [b.name, b.unsynced])).toEqual([['Release 1.0', false]]);
    const now = tester.compare(taken.id, null);
    expect(now.entries.filter((e) => e.change !== 'UNCHANGED')).toEqual([expect.objectContaining({
      type: 'TEST_CASE', itemId: testCase.id, change: 'CHANGED', from: expect.objectContaining({ version: 1 }), to: expect.objectContaining({ version: 2 }),
    })]);
    const later = tester.take({ projectId: project.id, name: 'Release 1.1' });
    const newDoc = await t.world.document(project, { title: 'Added later' });
    await testerDevice.sync();
    const between = tester.compare(taken.id, later.id);
    expect(between.counts).toMatchObject({ CHANGED: 1, ADDED: 0, REMOVED: 0 });
    expect(tester.compare(later.id, null).entries.filter((e) => e.change === 'ADDED').map((e) => e.itemId)).toEqual([newDoc.id]);
  });

  it('refuses edits of a baseline except an organization administrator’s rename or delete, and items beyond the declared count', async () => {
    const taken = services(authorDevice).baselines.take({ projectId: project.id, name: 'Frozen', suites: ['nothing-here'] });
    await authorDevice.sync();
    const creator = await signIn(t.db.appUrl, author);
    const root = await signIn(t.db.appUrl, admin);
    sessions.push(creator, root);
    await expect(creator.query(`UPDATE app.baselines SET name = 'Renamed' WHERE id = $1`, [taken.id])).rejects.toMatchObject({ code: 'PM403' });
    await expect(creator.query(`UPDATE app.baselines SET deleted_at = now() WHERE id = $1`, [taken.id])).rejects.toMatchObject({ code: 'PM403' });
    const [someCase] = await central<{ id: string }>('SELECT id FROM app.test_cases WHERE project_id = $1 LIMIT 1', [project.id]);
    await expect(creator.query(
      `INSERT INTO app.baseline_items (organization_id, project_id, baseline_id, item_type, item_id, version_number, title)
       VALUES ($1, $2, $3, 'TEST_CASE', $4, 1, 'sneaked in')`, [project.org.id, project.id, taken.id, someCase!.id])).rejects.toMatchObject({ code: 'PM409' });
    await expect(creator.query('UPDATE app.baseline_items SET title = $2 WHERE baseline_id = $1', [taken.id, 'x'])).rejects.toMatchObject({ code: '42501' });
    await expect(root.query(`UPDATE app.baselines SET item_count = 5 WHERE id = $1`, [taken.id])).rejects.toMatchObject({ code: 'PM422' });
    await root.query(`UPDATE app.baselines SET name = 'Frozen (renamed)' WHERE id = $1`, [taken.id]);
    await root.query(`UPDATE app.baselines SET deleted_at = now() WHERE id = $1`, [taken.id]);
    const audit = await central<{ action: string; user_id: string }>(
      `SELECT action, user_id FROM app.activity_logs WHERE entity_type = 'BASELINE' AND entity_id = $1 AND action <> 'CREATE' ORDER BY created_at`, [taken.id]);
    expect(audit).toEqual([{ action: 'UPDATE', user_id: admin.id }, { action: 'SOFT_DELETE', user_id: admin.id }]);
    // On the device, the app says so before anything is written.
    expect(() => services(authorDevice).baselines.rename(taken.id, { name: 'Mine now' })).toThrow(/organization administrator/);
  });
});

describe('an organization administrator', () => {
  it('renames a baseline from their device; it syncs, audited, and every client shows the new name', async () => {
    const adminDevice = await SyncClient.signIn('admin', t.db.appUrl, admin);
    try {
      await adminDevice.sync();
      const baselines = services(adminDevice).baselines;
      const target = baselines.list(project.id).find((b) => b.name === 'Release 1.1')!;
      expect(baselines.canManage()).toBe(true);
      baselines.rename(target.id, { name: 'Release 1.1 (final)' });
      await adminDevice.sync();
      expect(rejected(adminDevice)).toEqual([]);
      expect(await central('SELECT name FROM app.baselines WHERE id = $1', [target.id])).toEqual([{ name: 'Release 1.1 (final)' }]);
      expect(await central(`SELECT user_id, changes -> 'name' AS name FROM app.activity_logs WHERE entity_type = 'BASELINE' AND entity_id = $1
        AND action = 'UPDATE' AND changes ? 'name'`, [target.id])).toEqual([{ user_id: admin.id, name: { old: 'Release 1.1', new: 'Release 1.1 (final)' } }]);
      await testerDevice.sync();
      expect(services(testerDevice).baselines.get(target.id).name).toBe('Release 1.1 (final)');
      expect(services(testerDevice).baselines.canManage()).toBe(false);
    } finally {
      await adminDevice.close();
    }
  });
});

describe('the demo workspace', () => {
  it('is seeded with links, one of them suspect (the risk file moved on), and a baseline that records every item', async () => {
    const owner = t.track(await connectPg(t.db.adminUrl));
    expect(await seedDemo(owner)).toBe(true);
    const [pump] = await central<{ id: string }>(`SELECT id FROM app.projects WHERE key = 'IPX2'`);
    const links = await central<{ suspect: boolean; suspect_source_version: number | null; title: string }>(
      `SELECT r.suspect, r.suspect_source_version, d.title FROM app.document_relations r JOIN app.documents d ON d.id = r.source_document_id
       WHERE r.project_id = $1 ORDER BY r.suspect DESC, d.title`, [pump!.id]);
    expect(links.length).toBe(6);
    expect(links.filter((l) => l.suspect)).toEqual([{ suspect: true, suspect_source_version: 2, title: 'Risk Management File' }]);
    const [baseline] = await central<{ name: string; item_count: number; items_received: number }>(
      'SELECT name, item_count, items_received FROM app.baselines WHERE project_id = $1', [pump!.id]);
    expect(baseline).toEqual({ name: 'Release 2.1 verification baseline', item_count: 8, items_received: 8 });
  });
});
