// Document content as Yjs updates: two authors edit the same document offline, in different paragraphs
// and in the same paragraph; after both sync, both texts are in both replicas and in central's log.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentContent } from '../../src/main/replica/document-content';
import { compactDocuments } from '../../src/main/sync/compaction';
import { connectPg } from '../../src/main/central/connection';
import { useTestDatabase } from '../support/fixture';
import { SyncClient } from '../support/sync-client';
import type { Project } from '../support/world';

const t = useTestDatabase();
let project: Project;
let a: SyncClient;
let b: SyncClient;

/** Edits a client's copy of the document and records the edit as one Yjs update. */
function edit(client: SyncClient, documentId: string, change: (text: Y.Text) => void) {
  const content = new DocumentContent(client.store, client.writer);
  const doc = content.load(documentId);
  const before = Y.encodeStateVector(doc);
  change(doc.getText('body'));
  content.append(documentId, Y.encodeStateAsUpdate(doc, before), { content: doc.getText('body').toString() });
}

const textOf = (client: SyncClient, documentId: string) =>
  new DocumentContent(client.store, client.writer).load(documentId).getText('body').toString();

beforeAll(async () => {
  const org = await t.world.org();
  project = await t.world.project(org);
  const [ann, bob] = [await t.world.user(org), await t.world.user(org)];
  await t.world.member(project, ann, 'DOCUMENT_AUTHOR');
  await t.world.member(project, bob, 'DOCUMENT_AUTHOR');
  a = await SyncClient.signIn('ann', t.db.appUrl, ann);
  b = await SyncClient.signIn('bob', t.db.appUrl, bob);
  await a.sync();
  await b.sync();
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

describe('collaborative document content', () => {
  it('keeps both authors\' offline edits, in different paragraphs and in the same one', async () => {
    const { id } = a.writer.create('document', project.id, { title: 'Safety procedure' });
    edit(a, id, (text) => text.insert(0, 'Intro paragraph.\nSecond paragraph.'));
    await a.sync();
    await b.sync();
    expect(textOf(b, id)).toBe('Intro paragraph.\nSecond paragraph.');

    // Offline on both sides.
    edit(a, id, (text) => text.insert(0, 'Ann: '));
    edit(b, id, (text) => text.insert(text.length, '\nBob closing.'));
    edit(a, id, (text) => text.insert(text.toString().indexOf('Second') + 'Second'.length, ' (Ann)'));
    edit(b, id, (text) => text.insert(text.toString().indexOf('Second') + 'Second'.length, ' [Bob]'));
    await a.sync();
    await b.sync();
    await a.sync();

    const merged = textOf(a, id);
    expect(textOf(b, id)).toBe(merged);
    for (const piece of ['Ann: Intro paragraph.', '\nBob closing.', '(Ann)', '[Bob]']) expect(merged).toContain(piece);
    const { rows } = await t.admin.query('SELECT created_by FROM app.document_updates WHERE document_id = $1', [id]);
    expect(new Set(rows.map((r) => r.created_by)).size).toBe(2);
    // The searchable text on the document row is the last writer's merge; after another save it is complete.
    edit(a, id, () => undefined);
    await a.sync();
    const doc = await t.admin.query('SELECT content FROM app.documents WHERE id = $1', [id]);
    expect(doc.rows[0].content).toBe(merged);
  });

  it('compaction replaces the log by one snapshot without changing the content, on every replica', async () => {
    const { id } = a.writer.create('document', project.id, { title: 'Compact me' });
    for (let i = 0; i < 5; i++) edit(a, id, (text) => text.insert(text.length, `line ${i}\n`));
    await a.sync();
    await b.sync();
    const before = textOf(b, id);
    const conn = await connectPg(t.db.appUrl);
    try {
      // Both documents of this file have more than 3 updates now.
      expect(await compactDocuments(conn, b.store, b.token, 3)).toBe(2);
    } finally {
      await conn.close();
    }
    const { rows } = await t.admin.query('SELECT is_snapshot FROM app.document_updates WHERE document_id = $1', [id]);
    expect(rows).toEqual([{ is_snapshot: true }]);
    await a.sync();
    await b.sync();
    for (const client of [a, b]) {
      expect(textOf(client, id)).toBe(before);
      expect(client.rows('document_updates', 'document_id = ?', [id])).toHaveLength(1);
    }
  });

  it('refuses an update that is not hex bytes', async () => {
    const { id } = a.writer.create('document', project.id, { title: 'Strict' });
    expect(() => a.writer.create('documentUpdate', project.id, { document_id: id, update_data: 'not bytes' }))
      .toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
