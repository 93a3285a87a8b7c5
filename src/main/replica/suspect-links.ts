// Suspect links on the replica: which links of a project or an item need a review, how many, and the
// review itself (an append-only record central checks and applies, migration 0017). A link reviewed on
// this device counts as reviewed at once (its review waits in the outbox); if central refuses the
// review, the review row goes away with the rejection and the link is suspect again.
import type Database from 'better-sqlite3';
import type { SuspectLink } from '../../shared/trace/suspect';
import type { LocalWriter } from './local-writer';
import { LocalWriteError } from './local-writer';

/** A link still suspect here: central says so, and no review of this device names its current suspicion. */
export const STILL_SUSPECT = (r: string) => `(CASE WHEN ${r}.suspect = 1 THEN NOT EXISTS (SELECT 1 FROM relation_reviews rv
  WHERE rv.relation_id = ${r}.id AND rv.suspect_revision = ${r}.suspect_revision AND rv.deleted_at IS NULL) ELSE 0 END)`;

interface LinkRow {
  id: string; project_id: string; relation_type: string; source_document_id: string; source_title: string | null;
  target_kind: 'document' | 'testCase'; target_id: string; target_title: string | null; suspect_source_version: number | null;
  suspect_target_version: number | null; suspect_at: string | null; suspect_revision: number;
}

const LINKS = `SELECT r.id, r.project_id, r.relation_type, r.source_document_id, sd.title AS source_title,
    CASE WHEN r.target_test_case_id IS NOT NULL THEN 'testCase' ELSE 'document' END AS target_kind,
    coalesce(r.target_document_id, r.target_test_case_id) AS target_id, coalesce(td.title, tc.title) AS target_title,
    r.suspect_source_version, r.suspect_target_version, r.suspect_at, r.suspect_revision
  FROM document_relations r JOIN documents sd ON sd.id = r.source_document_id
  LEFT JOIN documents td ON td.id = r.target_document_id LEFT JOIN test_cases tc ON tc.id = r.target_test_case_id
  WHERE r.deleted_at IS NULL AND ${STILL_SUSPECT('r')}`;

function link(row: LinkRow): SuspectLink {
  return {
    relationId: row.id, projectId: row.project_id, relationType: row.relation_type,
    source: { kind: 'document', id: row.source_document_id, title: row.source_title ?? '(not on this device)' },
    target: { kind: row.target_kind, id: row.target_id, title: row.target_title ?? '(not on this device)' },
    sourceVersion: row.suspect_source_version, targetVersion: row.suspect_target_version, suspectAt: row.suspect_at,
    suspectRevision: row.suspect_revision,
  };
}

export class SuspectLinkService {
  constructor(private readonly db: Database.Database, private readonly writer: LocalWriter) {}

  /** The project's suspect links, or those to and from one document or test case. */
  list(projectId: string, itemId?: string): SuspectLink[] {
    const rows = this.db.prepare(`${LINKS} AND r.project_id = @projectId
        AND (@item IS NULL OR r.source_document_id = @item OR r.target_document_id = @item OR r.target_test_case_id = @item)
      ORDER BY r.suspect_at DESC, sd.title LIMIT 2000`).all({ projectId, item: itemId ?? null }) as LinkRow[];
    return rows.map(link);
  }

  count(projectId: string): number {
    return this.db.prepare(`SELECT count(*) FROM document_relations r WHERE r.project_id = ? AND r.deleted_at IS NULL AND ${STILL_SUSPECT('r')}`)
      .pluck().get(projectId) as number;
  }

  /** Marks a suspect link reviewed (the note is optional); central checks the reviewer may edit the side that did not change. */
  review(relationId: string, note = ''): { id: string } {
    const row = this.db.prepare(`${LINKS} AND r.id = ?`).get(relationId) as LinkRow | undefined;
    if (!row) {
      throw new LocalWriteError('NOT_FOUND', 'That link is not suspect (any more) on this device: it may have been reviewed or removed.');
    }
    return this.writer.create('relationReview', row.project_id, {
      relation_id: relationId, suspect_revision: row.suspect_revision, note, reviewed_at: new Date().toISOString(),
    });
  }
}
