// Documents through the desktop core's IPC handlers: Yjs content, versions numbered by central,
// relations both ways, bad input refused — two devices against a real PostgreSQL.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desktop } from '../../src/main/desktop/desktop';
import type { RelationItem, VersionListItem } from '../../src/shared/ipc/domains/documents';
import { useTestDatabase } from '../support/fixture';
import { connectionFor, ok, openTestDesktop } from '../support/desktop';
import type { Project, User } from '../support/world';
import { waitFor } from '../support/wait';

const t = useTestDatabase();
const devices: Desktop[] = [];
let project: Project;
let ann: User;
let bob: User;
let a: Desktop;
let b: Desktop;

async function device(user: User): Promise<Desktop> {
  const desktop = await openTestDesktop();
  devices.push(desktop);
  await ok(desktop, 'session:signIn', { connection: connectionFor(t.db.appUrl), organization: user.org.slug, email: user.email, password: user.password });
  await waitFor(async () => (await ok<{ id: string }[]>(desktop, 'projects:list')).some((p) => p.id === project.id), 'the project');
  return desktop;
}

/** Types `text` at the end of the first paragraph of a Y.Doc holding the device's content. */
async function edit(desktop: Desktop, id: string, paragraph: number, text: string): Promise<void> {
  const doc = new Y.Doc();
  const { update } = await ok<{ update: string }>(desktop, 'documents:content', { id });
  Y.applyUpdate(doc, Buffer.from(update, 'base64'));
  const before = Y.encodeStateVector(doc);
  const fragment = doc.getXmlFragment('default');
  while (fragment.length <= paragraph) {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText()]);
    fragment.insert(fragment.length, [p]);
  }
  const xmlText = (fragment.get(paragraph) as Y.XmlElement).get(0) as Y.XmlText;
  xmlText.insert(xmlText.length, text);
  await ok(desktop, 'documents:edit', { id, update: Buffer.from(Y.encodeStateAsUpdate(doc, before)).toString('base64') });
}

async function text(desktop: Desktop, id: string): Promise<string[]> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Buffer.from((await ok<{ update: string }>(desktop, 'documents:content', { id })).update, 'base64'));
  return doc.getXmlFragment('default').toArray().map((p) => ((p as Y.XmlElement).get(0) as Y.XmlText).toString());
}

beforeAll(async () => {
  const org = await t.world.org();
  project = await t.world.project(org);
  ann = await t.world.user(org);
  bob = await t.world.user(org);
  await t.world.member(project, ann, 'DOCUMENT_AUTHOR');
  await t.world.member(project, bob, 'DOCUMENT_AUTHOR');
  a = await device(ann);
  b = await device(bob);
});
afterAll(async () => {
  await Promise.allSettled(devices.map((d) => d.close()));
});

describe('documents on the desktop', () => {
  it('merges two authors\' edits of the same document, and central numbers both authors\' versions', async () => {
    const { id } = await ok<{ id: string }>(a, 'documents:create', { projectId: project.id, title: 'Shared spec', tags: ['spec'] });
    await edit(a, id, 0, 'Intro by Ann.');
    await waitFor(async () => (await text(b, id).catch(() => [])).join('') === 'Intro by Ann.', "Ann's text on Bob's device");

    await edit(a, id, 0, ' Ann again.');
    await edit(b, id, 1, 'Second paragraph by Bob.');
    const merged = ['Intro by Ann. Ann again.', 'Second paragraph by Bob.'];
    await waitFor(async () => JSON.stringify(await text(a, id)) === JSON.stringify(merged), 'the merge on Ann\'s device');
    await waitFor(async () => JSON.stringify(await text(b, id)) === JSON.stringify(merged), 'the merge on Bob\'s device');

    // Each replica host keeps the row's text in step with the merged content; central converges too.
    await waitFor(async () => (await t.admin.query('SELECT content FROM app.documents WHERE id = $1', [id])).rows[0]?.content === merged.join('\n\n'),
      'the merged text on central');
    // Central having the text does not mean Bob's row has it yet (his own derive or the next pull brings it).
    await waitFor(async () => (await ok<{ id: string }[]>(b, 'documents:list', { projectId: project.id, text: 'second paragraph' }))
      .map((d) => d.id).join() === id, 'the merged text found by search on Bob\'s device');

    await ok(a, 'documents:saveVersion', { documentId: id, summary: 'Ann\'s draft', automatic: false, content: merged.join('\n\n'), contentJson: { type: 'doc' } });
    await ok(b, 'documents:saveVersion', { documentId: id, summary: 'Bob\'s review', automatic: true, content: merged.join('\n\n'), contentJson: { type: 'doc' } });
    const versions = await waitFor(async () => {
      const list = await ok<VersionListItem[]>(a, 'documents:versions', { documentId: id });
      return list.length === 2 && list.every((v) => v.number !== null) ? list : undefined;
    }, 'both versions numbered by central');
    expect(versions.map((v) => v.number).sort()).toEqual([1, 2]);
    expect(new Set(versions.map((v) => v.authorId))).toEqual(new Set([ann.id, bob.id]));
    expect(await ok(a, 'documents:get', { id })).toMatchObject({ currentVersion: 2, tags: ['spec'] });
  });

  it('signs a version as author with the password; the other device sees the signature, central verifies it', async () => {
    const { id } = await ok<{ id: string }>(a, 'documents:create', { projectId: project.id, title: 'Signed spec' });
    const saved = await ok<VersionListItem>(a, 'documents:saveVersion', { documentId: id, summary: 'For release', automatic: false,
      content: 'Line one.\n\nLine | two \\ ✓', contentJson: { type: 'doc' } });
    const wrong = await a.dispatch('signatures:signVersion', { versionId: saved.id, meaning: 'AUTHORED', statement: 'I wrote it.', password: 'nope' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('not your password') } });
    const { id: signatureId } = await ok<{ id: string }>(a, 'signatures:signVersion',
      { versionId: saved.id, meaning: 'AUTHORED', statement: 'I am the author of this version.', password: ann.password });
    const signed = await waitFor(async () => {
      // Not on Bob's device at all until his next pull.
      const [v] = (await ok<VersionListItem[]>(b, 'documents:versions', { documentId: id }).catch(() => [])).filter((x) => x.id === saved.id);
      return v?.signatures.length === 1 && !v.signatures[0]!.pending ? v.signatures[0] : undefined;
    }, 'the signature on Bob\'s device');
    expect(signed).toMatchObject({ id: signatureId, meaning: 'AUTHORED', statement: 'I am the author of this version.', receivedAt: expect.any(String) });
    expect(await ok(b, 'signatures:verify', { id: signatureId })).toMatchObject({ valid: true, status: 'VALID', meaning: 'AUTHORED', keyEpoch: 1 });
    const { rows } = await t.admin.query('SELECT entity_type, meaning, signer_id FROM app.signature_manifest WHERE entity_id = $1', [signatureId]);
    expect(rows).toEqual([{ entity_type: 'document_signature', meaning: 'AUTHORED', signer_id: ann.id }]);
  });

  it('links a document to a test case and to another document, shown from both sides', async () => {
    const testCase = await t.world.testCase(project, { title: 'Login works' });
    const { id: spec } = await ok<{ id: string }>(a, 'documents:create', { projectId: project.id, title: 'Login spec' });
    const { id: design } = await ok<{ id: string }>(a, 'documents:create', { projectId: project.id, title: 'Login design' });
    await waitFor(async () => (await ok<{ id: string }[]>(a, 'documents:linkTargets', { documentId: spec, text: 'Login' })).some((x) => x.id === testCase.id), 'the test case');
    await ok(a, 'documents:relate', { documentId: spec, target: { kind: 'testCase', id: testCase.id }, relationType: 'VERIFIED_BY' });
    await ok(a, 'documents:relate', { documentId: spec, target: { kind: 'document', id: design }, relationType: 'DEPENDS_ON' });
    expect(await a.dispatch('documents:relate', { documentId: spec, target: { kind: 'document', id: design }, relationType: 'DEPENDS_ON' }))
      .toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'This link already exists.' } });
    expect(await a.dispatch('documents:relate', { documentId: spec, target: { kind: 'document', id: spec }, relationType: 'RELATED' }))
      .toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });

    const incoming = await waitFor(async () => {
      const list = await ok<RelationItem[]>(b, 'documents:relations', { documentId: design }).catch(() => []);
      return list.length === 1 ? list : undefined;
    }, 'the incoming link on Bob\'s device');
    expect(incoming[0]).toMatchObject({ direction: 'incoming', relationType: 'DEPENDS_ON', other: { id: spec, title: 'Login spec' } });
    await waitFor(async () => (await t.admin.query('SELECT count(*)::int AS n FROM app.document_relations WHERE source_document_id = $1', [spec])).rows[0].n === 2, 'both links on central');

    const outgoing = await ok<RelationItem[]>(a, 'documents:relations', { documentId: spec });
    const remaining = await ok<RelationItem[]>(a, 'documents:unrelate', { documentId: spec, relationId: outgoing.find((r) => r.other.kind === 'testCase')!.id });
    expect(remaining.map((r) => r.other.title)).toEqual(['Login design']);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const before = await ok<unknown[]>(a, 'documents:list', { projectId: project.id });
    expect(await a.dispatch('documents:create', { projectId: project.id, title: '   ' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await a.dispatch('documents:create', { projectId: crypto.randomUUID(), title: 'Elsewhere' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await a.dispatch('documents:get', { id: crypto.randomUUID() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await a.dispatch('documents:edit', { id: crypto.randomUUID(), update: 'AAA=' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await a.dispatch('documents:edit', { id: crypto.randomUUID(), update: 'not base64!' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await a.dispatch('documents:update', { id: crypto.randomUUID(), changes: { status: 'SHREDDED' } })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await a.dispatch('documents:saveVersion', { documentId: crypto.randomUUID(), summary: 'x'.repeat(2001), automatic: false, content: '', contentJson: {} }))
      .toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await ok<unknown[]>(a, 'documents:list', { projectId: project.id })).toEqual(before);
  });

  it('lists with filters: text from the local index, status and tag', async () => {
    const { id } = await ok<{ id: string }>(a, 'documents:create', { projectId: project.id, title: 'Quarterly calibration plan', tags: ['lab'] });
    await ok(a, 'documents:update', { id, changes: { status: 'IN_REVIEW' } });
    const titles = async (filter: Record<string, unknown>) =>
      (await ok<{ title: string }[]>(a, 'documents:list', { projectId: project.id, ...filter })).map((d) => d.title);
    expect(await titles({ text: 'calibr' })).toEqual(['Quarterly calibration plan']);
    expect(await titles({ status: 'IN_REVIEW' })).toEqual(['Quarterly calibration plan']);
    expect(await titles({ tag: 'lab' })).toEqual(['Quarterly calibration plan']);
    expect(await titles({ tag: 'none' })).toEqual([]);
  });

  it('shows an item\'s activity from central: who changed which field, with the device\'s own time', async () => {
    const { id } = await ok<{ id: string }>(a, 'documents:create', { projectId: project.id, title: 'Audited plan' });
    await ok(a, 'documents:update', { id, changes: { status: 'IN_REVIEW' } });
    const entries = await waitFor(async () => {
      const list = await ok<{ action: string; userName: string | null; deviceAt: string | null; changes: Record<string, { old?: unknown; new?: unknown }> }[]>(
        b, 'activity:list', { entityId: id });
      return list.some((e) => e.action === 'UPDATE' && e.changes.status) ? list : undefined;
    }, 'the activity on central');
    const update = entries.find((e) => e.action === 'UPDATE' && e.changes.status)!;
    expect(update).toMatchObject({ userName: `User ${ann.email}`, changes: { status: { old: 'DRAFT', new: 'IN_REVIEW' } } });
    expect(update.deviceAt).not.toBeNull();
    expect(entries.some((e) => e.action === 'CREATE')).toBe(true);
  });
});
