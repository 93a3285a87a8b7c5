// The coverage matrix, served by the replica: a project's documents × the test cases linked to them
// (document_relations with a target test case), each case with its latest execution. Three reads by
// index (documents, links with their cases, each case's latest execution in one pass over
// test_executions_latest_idx), joined here; filters and counts run over every row, and only the
// screen's worth asked for is returned.
import type Database from 'better-sqlite3';
import type { CoverageMatrix, CoverageResult, MatrixCell, MatrixFilter, MatrixRow, MatrixSummary } from '../../shared/trace/matrix';
import { STILL_SUSPECT } from './suspect-links';

const DEFAULT_LIMIT = 200;

const DOCUMENTS = `SELECT id, title, document_type, status, tags, current_version FROM documents
  WHERE project_id = ? AND deleted_at IS NULL AND is_template = 0 ORDER BY title, id`;

const LINKS = `SELECT r.id, r.relation_type, r.source_document_id, ${STILL_SUSPECT('r')} AS suspect, c.id, c.title, c.suite, c.case_version, c.tags
  FROM document_relations r JOIN test_cases c ON c.id = r.target_test_case_id
  WHERE r.project_id = ? AND r.deleted_at IS NULL AND r.target_test_case_id IS NOT NULL AND c.deleted_at IS NULL
  ORDER BY c.title, c.id`;

// SQLite's max() with bare columns: the other columns come from the row with the latest executed_at.
const LATEST = `SELECT test_case_id, max(executed_at), status, id FROM test_executions
  WHERE project_id = ? AND deleted_at IS NULL GROUP BY test_case_id`;

type DocumentTuple = [string, string, string, string, string | null, number | null];
type LinkTuple = [string, string, string, number, string, string, string | null, number | null, string | null];
type LatestTuple = [string, string, string, string];

const parseTags = (raw: string | null): string[] => (raw ? (JSON.parse(raw) as string[]) : []);

function emptySummary(): MatrixSummary {
  return { documents: 0, covered: 0, uncovered: 0, links: 0, passed: 0, failed: 0, blocked: 0, skipped: 0, untested: 0, suspect: 0 };
}

function matches(row: MatrixRow, filter: MatrixFilter): boolean {
  switch (filter.status) {
    case undefined: return true;
    case 'UNCOVERED': return row.uncovered;
    case 'SUSPECT': return row.cells.some((c) => c.suspect);
    default: return row.cells.some((c) => c.result === filter.status);
  }
}

function count(summary: MatrixSummary, row: MatrixRow): void {
  summary.documents++;
  if (row.uncovered) summary.uncovered++;
  else summary.covered++;
  for (const cell of row.cells) {
    summary.links++;
    summary[cell.result.toLowerCase() as 'passed' | 'failed' | 'blocked' | 'skipped' | 'untested']++;
    if (cell.suspect) summary.suspect++;
  }
}

export class TraceMatrixService {
  private readonly statements: Record<'documents' | 'links' | 'latest', Database.Statement>;

  constructor(db: Database.Database) {
    this.statements = {
      documents: db.prepare(DOCUMENTS).raw(true),
      links: db.prepare(LINKS).raw(true),
      latest: db.prepare(LATEST).raw(true),
    };
  }

  matrix(filter: MatrixFilter): CoverageMatrix {
    const latest = new Map<string, LatestTuple>();
    for (const row of this.statements.latest.all(filter.projectId) as LatestTuple[]) latest.set(row[0], row);

    const suites = new Set<string>();
    const tags = new Set<string>();
    const cellsByDocument = new Map<string, MatrixCell[]>();
    const caseTags = new Map<string, string[]>();
    for (const [relationId, relationType, documentId, suspect, caseId, caseTitle, suite, caseVersion, rawTags] of
      this.statements.links.all(filter.projectId) as LinkTuple[]) {
      if (suite) suites.add(suite);
      const tagList = parseTags(rawTags);
      for (const t of tagList) tags.add(t);
      if (filter.suite !== undefined && suite !== filter.suite) continue;
      caseTags.set(caseId, tagList);
      const run = latest.get(caseId);
      const cell: MatrixCell = {
        relationId, relationType, caseId, caseTitle, suite: suite ?? '', caseVersion: caseVersion ?? 1,
        result: (run?.[2] as CoverageResult | undefined) ?? 'UNTESTED', executedAt: run?.[1] ?? null, executionId: run?.[3] ?? null,
        suspect: suspect === 1,
      };
      const list = cellsByDocument.get(documentId);
      if (list) list.push(cell);
      else cellsByDocument.set(documentId, [cell]);
    }

    const summary = emptySummary();
    const rows: MatrixRow[] = [];
    const offset = filter.offset ?? 0;
    const limit = filter.limit ?? DEFAULT_LIMIT;
    let total = 0;
    for (const [id, title, documentType, status, rawTags, currentVersion] of this.statements.documents.all(filter.projectId) as DocumentTuple[]) {
      const documentTags = parseTags(rawTags);
      for (const t of documentTags) tags.add(t);
      if (filter.documentId !== undefined && id !== filter.documentId) continue;
      let cells = cellsByDocument.get(id) ?? [];
      if (filter.suite !== undefined && cells.length === 0) continue;
      if (filter.tag !== undefined && !documentTags.includes(filter.tag)) {
        cells = cells.filter((c) => caseTags.get(c.caseId)?.includes(filter.tag!));
        if (cells.length === 0) continue;
      }
      const row: MatrixRow = {
        documentId: id, title, documentType, status, tags: documentTags, currentVersion: currentVersion ?? 0, cells, uncovered: cells.length === 0,
      };
      if (!matches(row, filter)) continue;
      count(summary, row);
      if (total >= offset && rows.length < limit) rows.push(row);
      total++;
    }
    return {
      projectId: filter.projectId, rows, totalRows: total, summary, suites: [...suites].sort(), tags: [...tags].sort(),
      generatedAt: new Date().toISOString(),
    };
  }
}
