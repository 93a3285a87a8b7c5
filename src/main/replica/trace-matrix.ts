// The coverage matrix, served by the replica: a project's documents × the test cases linked to them
// (document_relations with a target test case), each case with its latest execution. Three reads by
// index (documents, links with their cases, each case's latest execution in one pass over
// test_executions_latest_idx), joined here; filters and counts run over every row, and only the
// screen's worth asked for is returned.
import type Database from 'better-sqlite3';
import type { CoverageMatrix, CoverageResult, MatrixCell, MatrixFilter, MatrixRow, MatrixSummary } from '../../shared/trace/matrix';
import { STILL_SUSPECT } from './suspect-links';

const DEFAULT_LIMIT = 200;

// The bulk reads take only what filtering and counting need, from covering indexes; what a row shows
// (titles, versions, tags) is read for the screen's rows alone.
const DOCUMENT_IDS = (withTags: boolean) => `SELECT id${withTags ? ', tags' : ''} FROM documents
  WHERE project_id = ? AND is_template = 0 AND deleted_at IS NULL ORDER BY title, id`;
const DOCUMENT_DETAILS = `SELECT id, title, document_type, status, tags, current_version FROM documents
  WHERE id IN (SELECT value FROM json_each(?))`;

/** document id, case id, suspect, suite, relation id[, case tags] */
const LINKS = (withTags: boolean) => `SELECT r.source_document_id, r.target_test_case_id, ${STILL_SUSPECT('r')}, c.suite, r.id${withTags ? ', c.tags' : ''}
  FROM document_relations r JOIN test_cases c ON c.id = r.target_test_case_id
  WHERE r.project_id = ? AND r.deleted_at IS NULL AND r.target_test_case_id IS NOT NULL AND c.deleted_at IS NULL`;
const LINK_DETAILS = `SELECT r.id, r.relation_type, c.title, c.case_version FROM document_relations r JOIN test_cases c ON c.id = r.target_test_case_id
  WHERE r.id IN (SELECT value FROM json_each(?))`;

// SQLite's max() with bare columns: the other columns come from the row with the latest executed_at
// (read from the covering test_executions_latest_idx alone).
const LATEST = `SELECT test_case_id, max(executed_at), status, id FROM test_executions
  WHERE project_id = ? AND deleted_at IS NULL GROUP BY test_case_id`;

const TAGS = `SELECT value FROM documents d, json_each(d.tags) WHERE d.project_id = @p AND d.deleted_at IS NULL AND d.is_template = 0
  UNION SELECT value FROM test_cases c, json_each(c.tags) WHERE c.project_id = @p AND c.deleted_at IS NULL ORDER BY 1`;

type LinkTuple = [string, string, number, string | null, string, string?];
/** case id, executed_at, status, execution id */
type LatestTuple = [string, string, string, string];

const parseTags = (raw: string | null | undefined): string[] => (raw ? (JSON.parse(raw) as string[]) : []);

function emptySummary(): MatrixSummary {
  return { documents: 0, covered: 0, uncovered: 0, links: 0, passed: 0, failed: 0, blocked: 0, skipped: 0, untested: 0, suspect: 0 };
}

function matches(links: LinkTuple[], results: CoverageResult[], status: MatrixFilter['status']): boolean {
  switch (status) {
    case undefined: return true;
    case 'UNCOVERED': return links.length === 0;
    case 'SUSPECT': return links.some((l) => l[2] === 1);
    default: return results.includes(status);
  }
}

function count(summary: MatrixSummary, links: LinkTuple[], results: CoverageResult[]): void {
  summary.documents++;
  if (links.length === 0) summary.uncovered++;
  else summary.covered++;
  summary.links += links.length;
  for (const result of results) summary[result.toLowerCase() as 'passed' | 'failed' | 'blocked' | 'skipped' | 'untested']++;
  for (const link of links) if (link[2] === 1) summary.suspect++;
}

type Statement = 'documents' | 'documentsWithTags' | 'documentDetails' | 'links' | 'linksWithTags' | 'linkDetails' | 'latest';

export class TraceMatrixService {
  private readonly statements: Record<Statement, Database.Statement>;
  private readonly tagList: Database.Statement;

  constructor(db: Database.Database) {
    this.statements = {
      documents: db.prepare(DOCUMENT_IDS(false)).raw(true),
      documentsWithTags: db.prepare(DOCUMENT_IDS(true)).raw(true),
      documentDetails: db.prepare(DOCUMENT_DETAILS),
      links: db.prepare(LINKS(false)).raw(true),
      linksWithTags: db.prepare(LINKS(true)).raw(true),
      linkDetails: db.prepare(LINK_DETAILS),
      latest: db.prepare(LATEST).raw(true),
    };
    this.tagList = db.prepare(TAGS).pluck();
  }

  /** The tags of the project's documents and test cases (the matrix's tag filter offers them). */
  tags(projectId: string): string[] {
    return this.tagList.all({ p: projectId }) as string[];
  }

  matrix(filter: MatrixFilter): CoverageMatrix {
    const latest = new Map<string, LatestTuple>();
    for (const row of this.statements.latest.all(filter.projectId) as LatestTuple[]) latest.set(row[0], row);
    const resultOf = (link: LinkTuple) => (latest.get(link[1])?.[2] as CoverageResult | undefined) ?? 'UNTESTED';

    const byTag = filter.tag !== undefined;
    const suites = new Set<string>();
    const linksByDocument = new Map<string, LinkTuple[]>();
    for (const link of (byTag ? this.statements.linksWithTags : this.statements.links).all(filter.projectId) as LinkTuple[]) {
      if (link[3]) suites.add(link[3]);
      if (filter.suite !== undefined && link[3] !== filter.suite) continue;
      const list = linksByDocument.get(link[0]);
      if (list) list.push(link);
      else linksByDocument.set(link[0], [link]);
    }

    const summary = emptySummary();
    const page: { id: string; links: LinkTuple[]; results: CoverageResult[] }[] = [];
    const offset = filter.offset ?? 0;
    const limit = filter.limit ?? DEFAULT_LIMIT;
    let total = 0;
    for (const [id, rawTags] of (byTag ? this.statements.documentsWithTags : this.statements.documents).all(filter.projectId) as [string, string?][]) {
      if (filter.documentId !== undefined && id !== filter.documentId) continue;
      let links = linksByDocument.get(id) ?? [];
      if (filter.suite !== undefined && links.length === 0) continue;
      if (byTag && !parseTags(rawTags).includes(filter.tag!)) {
        links = links.filter((l) => parseTags(l[5]).includes(filter.tag!));
        if (links.length === 0) continue;
      }
      const results = links.map(resultOf);
      if (!matches(links, results, filter.status)) continue;
      count(summary, links, results);
      if (total >= offset && page.length < limit) page.push({ id, links, results });
      total++;
    }
    return {
      projectId: filter.projectId, rows: this.rows(page, latest), totalRows: total, summary, suites: [...suites].sort(),
      generatedAt: new Date().toISOString(),
    };
  }

  /** The shown rows with their titles, versions and cells (cases by title). */
  private rows(page: { id: string; links: LinkTuple[]; results: CoverageResult[] }[], latest: Map<string, LatestTuple>): MatrixRow[] {
    const documents = new Map((this.statements.documentDetails.all(JSON.stringify(page.map((p) => p.id))) as
      { id: string; title: string; document_type: string; status: string; tags: string | null; current_version: number | null }[]).map((d) => [d.id, d]));
    const details = new Map((this.statements.linkDetails.all(JSON.stringify(page.flatMap((p) => p.links.map((l) => l[4])))) as
      { id: string; relation_type: string; title: string; case_version: number | null }[]).map((l) => [l.id, l]));
    return page.map(({ id, links, results }) => {
      const d = documents.get(id)!;
      const cells = links.map((link, i): MatrixCell => {
        const detail = details.get(link[4])!;
        const run = latest.get(link[1]);
        return {
          relationId: link[4], relationType: detail.relation_type, caseId: link[1], caseTitle: detail.title, suite: link[3] ?? '',
          caseVersion: detail.case_version ?? 1, result: results[i]!, executedAt: run?.[1] ?? null, executionId: run?.[3] ?? null, suspect: link[2] === 1,
        };
      }).sort((a, b) => a.caseTitle.localeCompare(b.caseTitle) || a.caseId.localeCompare(b.caseId));
      return {
        documentId: id, title: d.title, documentType: d.document_type, status: d.status, tags: parseTags(d.tags), currentVersion: d.current_version ?? 0,
        cells, uncovered: cells.length === 0,
      };
    });
  }
}
