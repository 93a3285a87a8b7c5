// The coverage matrix's data shape (served by the replica, shown by the traceability screen, and the
// shape an export of the matrix writes): per project, documents × the test cases linked to them, with
// each case's latest execution.

/** The latest result of a case; UNTESTED when it was never run. */
export type CoverageResult = 'PASSED' | 'FAILED' | 'BLOCKED' | 'SKIPPED' | 'UNTESTED';

/** What a row of the matrix is filtered by. UNCOVERED: documents with no linked case; SUSPECT: a suspect link. */
export const MATRIX_STATUSES = ['UNCOVERED', 'UNTESTED', 'FAILED', 'BLOCKED', 'PASSED', 'SKIPPED', 'SUSPECT'] as const;
export type MatrixStatus = (typeof MATRIX_STATUSES)[number];

export interface MatrixFilter {
  projectId: string;
  /** One document only. */
  documentId?: string;
  /** Documents or linked cases carrying this tag. */
  tag?: string;
  /** Only the cases of this suite (and the documents linked to them). */
  suite?: string;
  /** Rows with this state: a document without cases, or with at least one case in that state. */
  status?: MatrixStatus;
  /** Rows from `offset`, at most `limit` (a screen's worth; default 200). */
  offset?: number;
  limit?: number;
}

/** One linked test case in a row: the link, the case and its latest execution. */
export interface MatrixCell {
  relationId: string;
  relationType: string;
  caseId: string;
  caseTitle: string;
  suite: string;
  caseVersion: number;
  result: CoverageResult;
  /** The device time of the latest execution; null when never run. */
  executedAt: string | null;
  executionId: string | null;
  /** The link needs a review: one side has a new version since it was last reviewed. */
  suspect: boolean;
}

export interface MatrixRow {
  documentId: string;
  title: string;
  documentType: string;
  status: string;
  tags: string[];
  currentVersion: number;
  cells: MatrixCell[];
  /** No linked case (a gap in coverage). */
  uncovered: boolean;
}

export interface MatrixSummary {
  documents: number;
  covered: number;
  uncovered: number;
  links: number;
  passed: number;
  failed: number;
  blocked: number;
  skipped: number;
  untested: number;
  suspect: number;
}

/** What the matrix's filter menus offer: the tags of the project's documents and cases, the suites of its linked cases. */
export interface MatrixFilterOptions {
  tags: string[];
  suites: string[];
}

export interface CoverageMatrix {
  projectId: string;
  /** The rows asked for (offset/limit of the filtered rows). */
  rows: MatrixRow[];
  /** How many rows the filter matches in all. */
  totalRows: number;
  /** Counts over every row the filter matches. */
  summary: MatrixSummary;
  generatedAt: string;
}
