// Suspect links on the replica: which links of a project or an item need a review, how many, and the
// review itself (an append-only record central checks and applies, migration 0017). Both kinds of link
// count: a document's links (to documents and test cases) and links between test cases. A link reviewed
// on this device counts as reviewed at once (its review waits in the outbox); if central refuses the
// review, the review row goes away with the rejection and the link is suspect again.
import type Database from 'better-sqlite3';
import type { SuspectLink } from '../../shared/trace/suspect';
import type { LocalWriter } from './local-writer';
import { LocalWriteError } from './local-writer';

/**
 * A link still suspect here: central says so, and no review of this device names its current suspicion.
 * `column`: the review's column naming this kind of link.
 */
export const STILL_SUSPECT = (r: string, column: 'relation_id' | 'test_case_relation_id' = 'relation_id') =>
  `(CASE WHEN ${r}.suspect = 1 THEN NOT EXISTS (SELECT 1 FROM relation_reviews rv
  WHERE rv.${column} = ${r}.id AND rv.suspect_revision = ${r}.suspect_revision AND rv.deleted_at IS NULL) ELSE 0 END)`;

interface LinkRow {
  id: string; link_kind: 'document' | 'testCase'; project_id: string; relation_type: string; source_kind: 'document' | 'testCase';
  source_id: string; source_title: string | null; target_kind: 'document' | 'testCase'; target_id: string; target_title: string | null;
  suspect_source_version: number | null; suspect_target_version: number | null; suspect_at: string | null; suspect_revision: number;
}

// Both kinds of link in one shape; @project and @item (null: any) select them.
const LINKS = `SELECT * FROM (
    SELECT r.id, 'document' AS link_kind, r.project_id, r.relation_type, 'document' AS source_kind, r.source_document_id AS source_id,
      sd.title AS source_title, CASE WHEN r.target_test_case_id IS NOT NULL THEN 'testCase' ELSE 'document' END AS target_kind,
      coalesce(r.target_document_id, r.target_test_case_id) AS target_id, coalesce(td.title, tc.title) AS target_title,
      r.suspect_source_version, r.suspect_target_version, r.suspect_at, r.suspect_revision
    FROM document_relations r LEFT JOIN documents sd ON sd.id = r.source_document_id
    LEFT JOIN documents td ON td.id = r.target_document_id LEFT JOIN test_cases tc ON tc.id = r.target_test_case_id
    WHERE r.project_id = @project AND r.deleted_at IS NULL AND ${STILL_SUSPECT('r')}
      AND (@item IS NULL OR r.source_document_id = @item OR r.target_document_id = @item OR r.target_test_case_id = @item)
    UNION ALL
    SELECT r.id, 'testCase', r.project_id, r.relation_type, 'testCase', r.source_test_case_id, sc.title, 'testCase', r.target_test_case_id, tc.title,
      r.suspect_source_version, r.suspect_target_version, r.suspect_at, r.suspect_revision
    FROM test_case_relations r LEFT JOIN test_cases sc ON sc.id = r.source_test_case_id LEFT JOIN test_cases tc ON tc.id = r.target_test_case_id
    WHERE r.project_id = @project AND r.deleted_at IS NULL AND ${STILL_SUSPECT('r', 'test_case_relation_id')}
      AND (@item IS NULL OR r.source_test_case_id = @item OR r.target_test_case_id = @item))`;

const COUNT = `SELECT (SELECT count(*) FROM document_relations r WHERE r.project_id = @project AND r.deleted_at IS NULL AND ${STILL_SUSPECT('r')})
  + (SELECT count(*) FROM test_case_relations r WHERE r.project_id = @project AND r.deleted_at IS NULL AND ${STILL_SUSPECT('r', 'test_case_relation_id')})`;

const MISSING = '(not on this device)';

function link(row: LinkRow): SuspectLink {
  return {
    relationId: row.id, linkKind: row.link_kind, projectId: row.project_id, relationType: row.relation_type,
    source: { kind: row.source_kind, id: row.source_id, title: row.source_title ?? MISSING },
    target: { kind: row.target_kind, id: row.target_id, title: row.target_title ?? MISSING },
    sourceVersion: row.suspect_source_version, targetVersion: row.suspect_target_version, suspectAt: row.suspect_at,
    suspectRevision: row.suspect_revision,
  };
}

export class SuspectLinkService {
  constructor(private readonly db: Database.Database, private readonly writer: LocalWriter) {}

  /** The project's suspect links, or those to and from one document or test case. */
  list(projectId: string, itemId?: string): SuspectLink[] {
    const rows = this.db.prepare(`${LINKS} ORDER BY suspect_at DESC, source_title LIMIT 2000`).all({ project: projectId, item: itemId ?? null }) as LinkRow[];
    return rows.map(link);
  }

  count(projectId: string): number {
    return this.db.prepare(COUNT).pluck().get({ project: projectId }) as number;
  }

  /** Marks a suspect link reviewed (the note is optional); central checks the reviewer may edit the side that did not change. */
  review(relationId: string, note = ''): { id: string } {
    const projectId = (this.db.prepare(`SELECT project_id FROM document_relations WHERE id = ? UNION ALL
      SELECT project_id FROM test_case_relations WHERE id = ?`).pluck().get(relationId, relationId) as string | undefined);
    const row = projectId === undefined ? undefined
      : (this.db.prepare(`${LINKS} WHERE id = @id`).get({ project: projectId, item: null, id: relationId }) as LinkRow | undefined);
    if (!row) {
      throw new LocalWriteError('NOT_FOUND', 'That link is not suspect (any more) on this device: it may have been reviewed or removed.');
    }
    return this.writer.create('relationReview', row.project_id, {
      ...(row.link_kind === 'document' ? { relation_id: relationId } : { test_case_relation_id: relationId }),
      suspect_revision: row.suspect_revision, note, reviewed_at: new Date().toISOString(),
    });
  }
}
