// XLSX exports (exceljs: a well-kept pure-JS reader and writer of Office Open XML workbooks): a generic
// sheet writer (a header and rows of cells), the test case library, and the coverage matrix.
import type { MatrixRow } from '../../shared/trace/matrix';
import type * as ExcelJsModule from 'exceljs';

export type Cell = string | number | boolean | Date | null;

export interface Sheet {
  name: string;
  header: string[];
  rows: Cell[][];
  /** Column widths in characters (default from the header and the first rows). */
  widths?: number[];
}

type ExcelJs = typeof ExcelJsModule;
let excel: ExcelJs | undefined;
/** exceljs is CommonJS: its classes are on the default export under ESM. */
export async function loadExcelJs(): Promise<ExcelJs> {
  if (!excel) {
    const module = (await import('exceljs')) as ExcelJs & { default?: ExcelJs };
    excel = module.default ?? module;
  }
  return excel;
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (name: string) => name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet';

export async function writeWorkbook(sheets: Sheet[], info: { creator?: string } = {}): Promise<Buffer> {
  const { Workbook } = await loadExcelJs();
  const workbook = new Workbook();
  workbook.creator = info.creator ?? 'ProManage Desktop';
  workbook.created = new Date();
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheetName(sheet.name), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.header.map((header, i) => ({
      header,
      width: sheet.widths?.[i] ?? Math.min(60, Math.max(10, header.length + 2, ...sheet.rows.slice(0, 50).map((r) => String(r[i] ?? '').length + 2))),
    }));
    ws.getRow(1).font = { bold: true };
    // An empty text is an empty cell, not a cell holding "".
    for (const row of sheet.rows) ws.addRow(row.map((cell) => (cell === '' ? null : cell)));
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, sheet.header.length) } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---- test case library -------------------------------------------------------------------------

export interface CaseForExport {
  id: string;
  title: string;
  suite: string;
  priority: string;
  status: string;
  testType: string;
  automationStatus: string;
  automationId: string | null;
  tags: string[];
  caseVersion: number;
  description: string;
  preconditions: string;
  expectedResult: string;
  steps: { action: string; expected_result: string }[];
  lastResult: string | null;
  lastExecutedAt: string | null;
}

/** The library's column names; the case import recognizes the same names, so an export imports back. */
export const CASE_COLUMNS = ['Title', 'Suite', 'Priority', 'Status', 'Type', 'Automation status', 'Automation id', 'Tags', 'Description',
  'Preconditions', 'Expected result', 'Steps', 'Expected per step'] as const;

/** Steps as numbered lines ("1. Open the form"), the form the import reads back. */
export const numberedLines = (items: string[]) => items.map((text, i) => `${i + 1}. ${text.replace(/\r?\n/g, ' ')}`).join('\n');

/** Sheet 1: one row per case (steps numbered in one cell); sheet 2: one row per step. */
export function caseLibrarySheets(cases: CaseForExport[]): Sheet[] {
  return [
    {
      name: 'Test cases',
      header: [...CASE_COLUMNS, 'Version', 'Last result', 'Last executed', 'Id'],
      rows: cases.map((c) => [c.title, c.suite, c.priority, c.status, c.testType, c.automationStatus, c.automationId ?? '', c.tags.join(', '),
        c.description, c.preconditions, c.expectedResult, numberedLines(c.steps.map((s) => s.action)), numberedLines(c.steps.map((s) => s.expected_result)),
        c.caseVersion, c.lastResult ?? '', c.lastExecutedAt ?? '', c.id]),
    },
    {
      name: 'Steps',
      header: ['Case id', 'Case title', 'Step', 'Action', 'Expected result'],
      rows: cases.flatMap((c) => c.steps.map((s, i): Cell[] => [c.id, c.title, i + 1, s.action, s.expected_result])),
    },
  ];
}

// ---- coverage matrix -----------------------------------------------------------------------------

/**
 * The coverage matrix as the export takes it: documents (rows) × the test cases linked to them, each
 * with its latest result and date. Defined here so the export stands alone; the traceability screen's
 * matrix is mapped onto it.
 */
export interface CoverageMatrixInput {
  projectName: string;
  documents: {
    title: string;
    documentType: string;
    status: string;
    cases: { title: string; suite: string; result: 'PASSED' | 'FAILED' | 'BLOCKED' | 'SKIPPED' | null; executedAt: string | null }[];
  }[];
}

/** The traceability screen's matrix rows (src/shared/trace/matrix.ts) as the export takes them. */
export function coverageInput(projectName: string, rows: MatrixRow[]): CoverageMatrixInput {
  return {
    projectName,
    documents: rows.map((r) => ({
      title: r.title, documentType: r.documentType, status: r.status,
      cases: r.cells.map((c) => ({ title: c.caseTitle, suite: c.suite, result: c.result === 'UNTESTED' ? null : c.result, executedAt: c.executedAt })),
    })),
  };
}

/** One row per document × linked case (a document with no case gets one row saying so), and a summary per document. */
export function coverageSheets(matrix: CoverageMatrixInput): Sheet[] {
  return [
    {
      name: 'Coverage',
      header: ['Document', 'Type', 'Document status', 'Test case', 'Suite', 'Latest result', 'Executed at'],
      rows: matrix.documents.flatMap((d): Cell[][] => (d.cases.length === 0
        ? [[d.title, d.documentType, d.status, '(no linked test case)', '', 'NOT COVERED', '']]
        : d.cases.map((c) => [d.title, d.documentType, d.status, c.title, c.suite, c.result ?? 'NOT RUN', c.executedAt ?? '']))),
    },
    {
      name: 'Summary',
      header: ['Document', 'Linked cases', 'Passed', 'Failed', 'Blocked', 'Skipped', 'Not run'],
      rows: matrix.documents.map((d) => {
        const n = (r: string | null) => d.cases.filter((c) => c.result === r).length;
        return [d.title, d.cases.length, n('PASSED'), n('FAILED'), n('BLOCKED'), n('SKIPPED'), n(null)];
      }),
    },
  ];
}
