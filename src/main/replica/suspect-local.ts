// Central's suspect-link rule (migration 0017), applied at once to this device's own edits: a new
// document version, or a test case whose content changed (its case_version goes up), makes the live
// links to and from it suspect (document links, and links between test cases). Only server-owned fields change, locally (ReplicaStore.patchLocal):
// central applies the same rule when the edit is pushed, and its rows replace these when pulled.
import type { ReplicaStore } from './replica-store';

/** The test case fields whose change makes a new case_version (central's app.version_test_case). */
export const CASE_CONTENT_FIELDS = ['title', 'description', 'preconditions', 'steps', 'expected_result'] as const;

interface LinkRow {
  id: string; source_id: string; suspect_revision: number | null;
  suspect_source_version: number | null; suspect_target_version: number | null;
}

/** What `flag` needs of each link, besides its source (selected as source_id). */
const LINK_FIELDS = 'id, suspect_revision, suspect_source_version, suspect_target_version';

type LinkTable = 'document_relations' | 'test_case_relations';

/** Flags `links` of `table` made suspect by version `version` of item `itemId` (their source or their target). */
function flag(store: ReplicaStore, table: LinkTable, links: LinkRow[], itemId: string, version: number): void {
  const at = new Date().toISOString();
  for (const link of links) {
    store.patchLocal(table, link.id, {
      suspect: true,
      suspect_source_version: link.source_id === itemId ? version : link.suspect_source_version,
      suspect_target_version: link.source_id === itemId ? link.suspect_target_version : version,
      suspect_at: at,
      suspect_revision: (link.suspect_revision ?? 0) + 1,
    });
  }
}

/** A version of `documentId` was saved on this device. */
export function documentVersioned(store: ReplicaStore, documentId: string): void {
  const document = store.readRow('documents', documentId);
  const version = Number(document?.current_version ?? 0) + 1;
  const links = store.db.prepare(`SELECT ${LINK_FIELDS}, source_document_id AS source_id FROM document_relations
    WHERE (source_document_id = ? OR target_document_id = ?) AND deleted_at IS NULL`).all(documentId, documentId) as LinkRow[];
  flag(store, 'document_relations', links, documentId, version);
}

/** `changes` were made to test case `before` on this device: a content change is a new case version. */
export function testCaseChanged(store: ReplicaStore, before: Record<string, unknown>, changes: Record<string, unknown>): void {
  const changed = CASE_CONTENT_FIELDS.some((f) => f in changes && JSON.stringify(changes[f]) !== JSON.stringify(before[f]));
  if (!changed) return;
  const id = String(before.id);
  const version = Number(before.case_version ?? 1) + 1;
  store.patchLocal('test_cases', id, { case_version: version });
  const links = store.db.prepare(`SELECT ${LINK_FIELDS}, source_document_id AS source_id FROM document_relations
    WHERE target_test_case_id = ? AND deleted_at IS NULL`).all(id) as LinkRow[];
  flag(store, 'document_relations', links, id, version);
  const caseLinks = store.db.prepare(`SELECT ${LINK_FIELDS}, source_test_case_id AS source_id FROM test_case_relations
    WHERE (source_test_case_id = ? OR target_test_case_id = ?) AND deleted_at IS NULL`).all(id, id) as LinkRow[];
  flag(store, 'test_case_relations', caseLinks, id, version);
}
