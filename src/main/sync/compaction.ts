// Compaction of documents' Yjs update logs: when a document has many updates on the server, replace
// them by their merge (one snapshot update) with app.compact_document_updates. Replaced rows reach other
// replicas as tombstones, the snapshot as a new row; content is unchanged because Yjs merges are
// idempotent and commutative.
import * as Y from 'yjs';
import { uuidv7 } from '../../shared/ids';
import type { CentralConnection } from '../central/connection';
import { inSession } from '../central/auth';
import { toHexBytes } from '../replica/document-content';
import type { ReplicaStore } from '../replica/replica-store';

export async function compactDocuments(conn: CentralConnection, store: ReplicaStore, token: string, threshold = 200): Promise<number> {
  // Only rows that came from the server (version >= 1): pending local updates are not compacted.
  const documents = store.db.prepare(
    `SELECT document_id FROM document_updates WHERE deleted_at IS NULL AND version >= 1
     GROUP BY document_id HAVING count(*) > ?`,
  ).all(threshold) as { document_id: string }[];
  let compacted = 0;
  for (const { document_id: documentId } of documents) {
    const rows = store.db.prepare(
      'SELECT id, update_data FROM document_updates WHERE document_id = ? AND deleted_at IS NULL AND version >= 1 ORDER BY rid',
    ).all(documentId) as { id: string; update_data: Buffer }[];
    const snapshot = Y.mergeUpdates(rows.map((r) => new Uint8Array(r.update_data)));
    try {
      await inSession(conn, token, () => conn.query('SELECT app.compact_document_updates($1, $2, $3::bytea, $4::uuid[])', [
        documentId, uuidv7(), toHexBytes(snapshot), rows.map((r) => r.id),
      ]));
      compacted++;
    } catch (error) {
      // Without DOCUMENT/UPDATE on the project another member compacts it; anything else is reported.
      if ((error as { code?: string }).code !== 'PM403') throw error;
    }
  }
  return compacted;
}
