// Document content as a Yjs CRDT: every edit is a Yjs update appended to the document's log
// (app.document_updates, replicated like any append-only table). The current content is the merge of
// all updates, so concurrent offline edits of two authors both survive.
import * as Y from 'yjs';
import type { LocalWriter } from './local-writer';
import type { ReplicaStore } from './replica-store';

export const toHexBytes = (bytes: Uint8Array) => `\\x${Buffer.from(bytes).toString('hex')}`;

export class DocumentContent {
  constructor(private readonly store: ReplicaStore, private readonly writer: LocalWriter) {}

  /** The document's updates as stored locally (pulled and not yet pushed), oldest first. */
  private updates(documentId: string): Uint8Array[] {
    const rows = this.store.db.prepare(
      'SELECT update_data FROM document_updates WHERE document_id = ? AND deleted_at IS NULL ORDER BY rid',
    ).all(documentId) as { update_data: Buffer }[];
    return rows.map((r) => new Uint8Array(r.update_data));
  }

  /** All updates merged into one Yjs update (apply it to a Y.Doc to get the content). */
  state(documentId: string): Uint8Array {
    const updates = this.updates(documentId);
    return updates.length === 0 ? new Uint8Array(Y.encodeStateAsUpdate(new Y.Doc())) : Y.mergeUpdates(updates);
  }

  /** What a replica whose state vector is `stateVector` lacks (everything when it is omitted). */
  missing(documentId: string, stateVector?: Uint8Array): Uint8Array {
    const state = this.state(documentId);
    return stateVector ? Y.diffUpdate(state, stateVector) : state;
  }

  /** A Y.Doc holding the document's current content. */
  load(documentId: string): Y.Doc {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, this.state(documentId));
    return doc;
  }

  /**
   * Records one local edit (a Yjs update) durably in the replica and its outbox. `derived` is the
   * merged content as plain text / editor JSON, kept on the document row for central search and lists.
   */
  append(documentId: string, update: Uint8Array, derived?: { content: string; content_json?: Record<string, unknown> }): { id: string } {
    const document = this.store.readRow('documents', documentId);
    if (!document) throw new Error(`There is no document ${documentId} on this device.`);
    const written = this.writer.create('documentUpdate', String(document.project_id), { document_id: documentId, update_data: toHexBytes(update) });
    if (derived) this.writer.update('document', documentId, derived);
    return written;
  }
}
