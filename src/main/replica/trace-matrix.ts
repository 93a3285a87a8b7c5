// The coverage matrix, served by the replica: a project's documents × the test cases linked to them
// (document_relations with a target test case), each case with its latest execution. SQLite counts each
// document's linked cases by latest result in one statement (covering indexes throughout: each case's
// latest execution from test_executions_latest_idx, cases from test_cases_trace_idx, documents in title
// order from documents_trace_idx), so only one short row per document reaches JavaScript; the state
// filter, the summary and the paging run over those rows, and the cells are read for the shown rows alone.
import type Database from 'better-sqlite3';
import type { CoverageMatrix, CoverageResult, MatrixCell, MatrixFilter, MatrixRow, MatrixSummary } from '../../shared/trace/matrix';
import { STILL_SUSPECT } from './suspect-links';

const DEFAULT_LIMIT = 200;

/** A link is in the matrix when its case is live and it passes the suite and tag filters (a tag of the document or of the case). */
const LINK_FILTER = `r.deleted_at IS NULL AND r.target_test_case_id IS NOT NULL
  AND (@suite IS NULL OR c.suite = @suite)
  AND (@tag IS NULL OR EXISTS (SELECT 1 FROM documents sd, json_each(sd.tags) WHERE sd.id = r.source_document_id AND json_each.value = @tag)
       OR EXISTS (SELECT 1 FROM test_cases tc, json_each(tc.tags) WHERE tc.id = c.id AND json_each.value = @tag))`;

// SQLite's max() with bare columns: status comes from the row with the latest executed_at.
const ROWS = `WITH latest AS MATERIALIZED (
    SELECT test_case_id, max(executed_at) AS at, status FROM test_executions WHERE project_id = @p AND deleted_at IS NULL GROUP BY test_case_id),
  links AS (
    SELECT r.source_document_id AS document_id, coalesce(l.status, 'UNTESTED') AS result, ${STILL_SUSPECT('r')} AS suspect
    FROM document_relations r JOIN test_cases c ON c.id = r.target_test_case_id AND c.deleted_at IS NULL
    LEFT JOIN latest l ON l.test_case_id = r.target_test_case_id
    WHERE r.project_id = @p AND ${LINK_FILTER}),
  per_document AS (
    SELECT document_id, count(*) AS n, sum(result = 'PASSED') AS passed, sum(result = 'FAILED') AS failed, sum(result = 'BLOCKED') AS blocked,
      sum(result = 'SKIPPED') AS skipped, sum(result = 'UNTESTED') AS untested, sum(suspect) AS suspect
    FROM links GROUP BY document_id)
SELECT d.id, coalesce(p.n, 0), coalesce(p.passed, 0), coalesce(p.failed, 0), coalesce(p.blocked, 0), coalesce(p.skipped, 0),
  coalesce(p.untested, 0), coalesce(p.suspect, 0)
FROM documents d LEFT JOIN per_document p ON p.document_id = d.id
WHERE d.project_id = @p AND d.is_template = 0 AND d.deleted_at IS NULL AND (@document IS NULL OR d.id = @document)
  AND (@suite IS NULL OR p.n > 0)
  AND (@tag IS NULL OR p.n > 0 OR EXISTS (SELECT 1 FROM documents dd, json_each(dd.tags) WHERE dd.id = d.id AND json_each.value = @tag))
ORDER BY d.title, d.id`;

const DOCUMENT_DETAILS = `SELECT id, title, document_type, status, tags, current_version FROM documents WHERE id IN (SELECT value FROM json_each(@ids))`;

const CELLS = `SELECT r.source_document_id AS document_id, r.id, r.relation_type, c.id AS case_id, c.title, c.suite, c.case_version,
    ${STILL_SUSPECT('r')} AS suspect, e.status, e.executed_at, e.id AS execution_id
  FROM document_relations r JOIN test_cases c ON c.id = r.target_test_case_id AND c.deleted_at IS NULL
  LEFT JOIN test_executions e ON e.id = (SELECT x.id FROM test_executions x WHERE x.project_id = @p AND x.test_case_id = c.id AND x.deleted_at IS NULL
    ORDER BY x.executed_at DESC LIMIT 1)
  WHERE r.source_document_id IN (SELECT value FROM json_each(@ids)) AND ${LINK_FILTER}
  ORDER BY c.title, c.id`;

const TAGS = `SELECT value FROM documents d, json_each(d.tags) WHERE d.project_id = @p AND d.deleted_at IS NULL AND d.is_template = 0
  UNION SELECT value FROM test_cases c, json_each(c.tags) WHERE c.project_id = @p AND c.deleted_at IS NULL ORDER BY 1`;
const SUITES = `SELECT DISTINCT c.suite FROM document_relations r JOIN test_cases c ON c.id = r.target_test_case_id
  WHERE r.project_id = @p AND r.deleted_at IS NULL AND c.deleted_at IS NULL AND c.suite <> '' ORDER BY 1`;

/** document id, links, passed, failed, blocked, skipped, untested, suspect */
type CountRow = [string, number, number, number, number, number, number, number];

interface CellRow {
  document_id: string; id: string; relation_type: string; case_id: string; title: string; suite: string | null; case_version: number | null;
  suspect: number; status: CoverageResult | null; executed_at: string | null; execution_id: string | null;
}

function matches(row: CountRow, status: MatrixFilter['status']): boolean {
  const [, links, passed, failed, blocked, skipped, untested, suspect] = row;
  switch (status) {
    case undefined: return true;
    case 'UNCOVERED': return links === 0;
    case 'SUSPECT': return suspect > 0;
    case 'PASSED': return passed > 0;
    case 'FAILED': return failed > 0;
    case 'BLOCKED': return blocked > 0;
    case 'SKIPPED': return skipped > 0;
    case 'UNTESTED': return untested > 0;
  }
}

function emptySummary(): MatrixSummary {
  return { documents: 0, covered: 0, uncovered: 0, links: 0, passed: 0, failed: 0, blocked: 0, skipped: 0, untested: 0, suspect: 0 };
}

function count(summary: MatrixSummary, row: CountRow): void {
  const [, links, passed, failed, blocked, skipped, untested, suspect] = row;
  summary.documents++;
  if (links === 0) summary.uncovered++;
  else summary.covered++;
  summary.links += links;
  summary.passed += passed;
  summary.failed += failed;
  summary.blocked += blocked;
  summary.skipped += skipped;
  summary.untested += untested;
  summary.suspect += suspect;
}

export class TraceMatrixService {
  private readonly statements: Record<'rows' | 'documents' | 'cells' | 'tags' | 'suites', Database.Statement>;

  constructor(db: Database.Database) {
    this.statements = {
      rows: db.prepare(ROWS).raw(true),
      documents: db.prepare(DOCUMENT_DETAILS),
      cells: db.prepare(CELLS),
      tags: db.prepare(TAGS).pluck(),
      suites: db.prepare(SUITES).pluck(),
    };
  }

  /** The tags of the project's documents and test cases, and the suites of its linked cases: what the filters offer. */
  filterOptions(projectId: string): { tags: string[]; suites: string[] } {
    return { tags: this.statements.tags.all({ p: projectId }) as string[], suites: this.statements.suites.all({ p: projectId }) as string[] };
  }

  matrix(filter: MatrixFilter): CoverageMatrix {
    const params = { p: filter.projectId, document: filter.documentId ?? null, suite: filter.suite ?? null, tag: filter.tag ?? null };
    const summary = emptySummary();
    const page: string[] = [];
    const offset = filter.offset ?? 0;
    const limit = filter.limit ?? DEFAULT_LIMIT;
    let total = 0;
    for (const row of this.statements.rows.all(params) as CountRow[]) {
      if (!matches(row, filter.status)) continue;
      count(summary, row);
      if (total >= offset && page.length < limit) page.push(row[0]);
      total++;
    }
    return { projectId: filter.projectId, rows: this.rows(page, params), totalRows: total, summary, generatedAt: new Date().toISOString() };
  }

  /** The shown rows, in order, with their cells (cases by title). */
  private rows(ids: string[], params: Record<string, string | null>): MatrixRow[] {
    const json = JSON.stringify(ids);
    const documents = new Map((this.statements.documents.all({ ids: json }) as
      { id: string; title: string; document_type: string; status: string; tags: string | null; current_version: number | null }[]).map((d) => [d.id, d]));
    const cells = new Map<string, MatrixCell[]>();
    for (const c of this.statements.cells.all({ ...params, ids: json }) as CellRow[]) {
      const cell: MatrixCell = {
        relationId: c.id, relationType: c.relation_type, caseId: c.case_id, caseTitle: c.title, suite: c.suite ?? '', caseVersion: c.case_version ?? 1,
        result: c.status ?? 'UNTESTED', executedAt: c.executed_at, executionId: c.execution_id, suspect: c.suspect === 1,
      };
      const list = cells.get(c.document_id);
      if (list) list.push(cell);
      else cells.set(c.document_id, [cell]);
    }
    return ids.map((id) => {
      const d = documents.get(id)!;
      const list = cells.get(id) ?? [];
      return {
        documentId: id, title: d.title, documentType: d.document_type, status: d.status, tags: d.tags ? (JSON.parse(d.tags) as string[]) : [],
        currentVersion: d.current_version ?? 0, cells: list, uncovered: list.length === 0,
      };
    });
  }
}
