// Import of test cases from a spreadsheet (XLSX through exceljs, CSV through csv-parse): the file is read
// into a table, its columns are mapped to case fields (guessed from the header, TestRail's names too,
// and changeable in the preview), and every row is checked. A file that cannot be read, or any refused
// row, refuses the whole import with the row and the reason; nothing is partly imported.
import type { CaseImportMapping, ImportPreview } from '../../shared/ipc/domains/exports';
import { CASE_FIELD_LABELS, CASE_IMPORT_FIELDS } from '../../shared/ipc/domains/exports';
import type { CreateInput } from '../../shared/replica/inputs';
import { testCaseFields } from '../../shared/replica/inputs';
import { LocalWriteError } from '../replica/local-writer';
import { loadExcelJs } from './xlsx';

export const CASE_FIELDS = CASE_IMPORT_FIELDS;
export type CaseField = (typeof CASE_FIELDS)[number];
/** Field → index of the file's column (absent: not imported). */
export type ColumnMapping = CaseImportMapping;

export interface SheetTable {
  columns: string[];
  /** Data rows with their row number in the file (the header is row 1). */
  rows: { row: number; cells: string[] }[];
}

export interface RefusedRow {
  row: number;
  reason: string;
}


export const MAX_IMPORT_ROWS = 10_000;

const refuse = (message: string): never => { throw new LocalWriteError('INVALID_ARGUMENT', `${message} Nothing was imported.`); };

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const v = value as { text?: unknown; richText?: { text: string }[]; result?: unknown; hyperlink?: string; error?: string };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.text !== undefined) return cellText(v.text);
    if (v.result !== undefined) return cellText(v.result);
    if (v.error !== undefined) return '';
  }
  return String(value as string | number | boolean);
}

/** How much an XLSX may unpack to: a small file that expands without end (a "zip bomb") is refused before it is read. */
export const MAX_UNPACKED_BYTES = 300 * 1024 * 1024;

/** The total unpacked size the zip's central directory declares (undefined when it has none: not a zip). */
export function unpackedSize(zip: Buffer): number | undefined {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > zip.length) return undefined;
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return undefined;
    total += zip.readUInt32LE(at + 24);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return total;
}

async function readXlsx(bytes: Buffer): Promise<SheetTable> {
  const unpacked = unpackedSize(bytes);
  if (unpacked === undefined) return refuse('This file is not a readable XLSX workbook (it is not a zip archive). Save it again as .xlsx, or as CSV.');
  if (unpacked > MAX_UNPACKED_BYTES) return refuse(`This workbook unpacks to ${Math.round(unpacked / 1024 / 1024)} MB, more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB. Import it in parts, or as CSV.`);
  const { Workbook } = await loadExcelJs();
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    return refuse(`This file is not a readable XLSX workbook (${(error as Error).message.slice(0, 200)}). Save it again as .xlsx, or as CSV.`);
  }
  const sheet = workbook.getWorksheet('Test cases') ?? workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) return refuse('The workbook has no sheet with rows.');
  const width = sheet.columnCount;
  const rowCells = (n: number) => Array.from({ length: width }, (_, i) => cellText(sheet.getRow(n).getCell(i + 1).value).trim());
  const columns = rowCells(1);
  const rows: SheetTable['rows'] = [];
  for (let n = 2; n <= sheet.rowCount; n++) {
    const cells = rowCells(n);
    if (cells.some((c) => c !== '')) rows.push({ row: n, cells });
  }
  return { columns, rows };
}

async function readCsv(bytes: Buffer): Promise<SheetTable> {
  const { parse } = await import('csv-parse/sync');
  const text = bytes.toString('utf8');
  // Spreadsheets in many European locales write CSV with semicolons: the header line tells which.
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, trim: true, delimiter }) as string[][];
  } catch (error) {
    const e = error as { message: string; lines?: number };
    return refuse(`This CSV file could not be read${e.lines ? ` at row ${e.lines}` : ''}: ${e.message.replace(/^Invalid Record Length: /, '').slice(0, 300)}.`);
  }
  if (records.length === 0) return refuse('The CSV file is empty.');
  // Row numbers as a spreadsheet shows them (empty lines are skipped by the parser, so counted from the records).
  return { columns: records[0]!, rows: records.slice(1).map((cells, i) => ({ row: i + 2, cells })) };
}

/** Reads an .xlsx or .csv file (by its name) into a header and rows. */
export async function readTable(fileName: string, bytes: Buffer): Promise<SheetTable> {
  if (bytes.length === 0) return refuse('The file is empty.');
  const lower = fileName.toLowerCase();
  const table = lower.endsWith('.xlsx') ? await readXlsx(bytes) : lower.endsWith('.csv') ? await readCsv(bytes)
    : refuse(`${fileName} is neither an .xlsx nor a .csv file.`);
  if (table.columns.every((c) => c === '')) return refuse('The first row must name the columns (Title, Steps, …); it is empty.');
  if (table.rows.length === 0) return refuse('The file has a header but no test case rows.');
  if (table.rows.length > MAX_IMPORT_ROWS) return refuse(`The file has ${table.rows.length} rows; import at most ${MAX_IMPORT_ROWS} at a time.`);
  return table;
}

const NAMES: Record<CaseField, string[]> = {
  title: ['title', 'name', 'test case', 'summary', 'case'],
  suite: ['suite', 'section', 'folder', 'component', 'module'],
  priority: ['priority'],
  status: ['status', 'state'],
  testType: ['type', 'test type', 'category'],
  automationStatus: ['automation status', 'automation', 'automated'],
  automationId: ['automation id', 'automation key', 'automated test id'],
  tags: ['tags', 'labels', 'references', 'refs'],
  description: ['description', 'objective', 'goal'],
  preconditions: ['preconditions', 'precondition', 'prerequisites', 'setup'],
  expectedResult: ['expected result', 'expected', 'expected outcome'],
  steps: ['steps', 'steps (step)', 'step', 'actions', 'test steps'],
  stepExpected: ['expected per step', 'steps (expected result)', 'expected results', 'step expected results'],
  estimatedMinutes: ['estimate', 'estimated minutes', 'estimate (minutes)', 'duration'],
};

const normal = (s: string) => s.toLowerCase().replace(/[_\s]+/g, ' ').trim();

/** The mapping a header suggests; the preview shows it and the person may change it. */
export function guessMapping(columns: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<number>();
  for (const field of CASE_FIELDS) {
    const index = columns.findIndex((c, i) => !used.has(i) && NAMES[field].includes(normal(c)));
    if (index >= 0) { mapping[field] = index; used.add(index); }
  }
  return mapping;
}

const ENUMS = {
  priority: { values: testCaseFields.shape.priority.options, aliases: { URGENT: 'CRITICAL', HIGHEST: 'CRITICAL', LOWEST: 'LOW', NORMAL: 'MEDIUM' } as Record<string, string> },
  status: { values: testCaseFields.shape.status.options, aliases: { ACTIVE: 'READY', OBSOLETE: 'DEPRECATED', DRAFTED: 'DRAFT' } as Record<string, string> },
  testType: { values: testCaseFields.shape.test_type.options, aliases: { FUNCTIONALITY: 'FUNCTIONAL', ACCEPTANCE_TEST: 'ACCEPTANCE' } as Record<string, string> },
  automationStatus: {
    values: testCaseFields.shape.automation_status.options,
    aliases: { YES: 'AUTOMATED', NO: 'MANUAL', NONE: 'MANUAL', 'NOT AUTOMATABLE': 'NOT_AUTOMATABLE', TRUE: 'AUTOMATED', FALSE: 'MANUAL' } as Record<string, string>,
  },
};

const LABEL = CASE_FIELD_LABELS;

function enumValue(field: keyof typeof ENUMS, raw: string): string {
  const key = raw.trim().toUpperCase().replace(/^\d+\s*-\s*/, '');
  const { values, aliases } = ENUMS[field];
  const value = aliases[key] ?? key.replace(/[\s-]+/g, '_');
  if (!(values as readonly string[]).includes(value)) throw new Error(`${LABEL[field]} "${raw}" is not one of ${values.join(', ')}`);
  return value;
}

/** "1. Open\n2. Save" → ['Open', 'Save']; lines without a number continue the step before. */
export function splitNumbered(text: string): string[] {
  const items: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(\d+)[.)]\s+(.*)$/.exec(line);
    if (match) items.push(match[2]!.trim());
    else if (line.trim() && items.length > 0) items[items.length - 1] += `\n${line.trim()}`;
    else if (line.trim()) items.push(line.trim());
  }
  return items;
}

type CaseInput = CreateInput<'testCase'>;

function rowToCase(cells: string[], mapping: ColumnMapping): CaseInput {
  const get = (field: CaseField) => (mapping[field] === undefined ? '' : (cells[mapping[field]] ?? '').trim());
  const title = get('title');
  if (!title) throw new Error('Title is empty');
  const input: Record<string, unknown> = { title };
  if (get('suite')) input.suite = get('suite');
  for (const field of ['priority', 'status', 'testType', 'automationStatus'] as const) {
    if (get(field)) input[{ priority: 'priority', status: 'status', testType: 'test_type', automationStatus: 'automation_status' }[field]] = enumValue(field, get(field));
  }
  if (get('automationId')) input.automation_id = get('automationId');
  if (get('tags')) input.tags = [...new Set(get('tags').split(/[,;]/).map((t) => t.trim()).filter(Boolean))];
  if (get('description')) input.description = get('description');
  if (get('preconditions')) input.preconditions = get('preconditions');
  if (get('expectedResult')) input.expected_result = get('expectedResult');
  const actions = splitNumbered(get('steps'));
  const expected = splitNumbered(get('stepExpected'));
  if (expected.length > actions.length) throw new Error(`${LABEL.stepExpected} has ${expected.length} entries but Steps has ${actions.length}`);
  if (actions.length > 0) input.steps = actions.map((action, i) => ({ action, expected_result: expected[i] ?? '' }));
  if (get('estimatedMinutes')) {
    const minutes = Number(get('estimatedMinutes'));
    if (!Number.isInteger(minutes) || minutes < 0) throw new Error(`Estimate "${get('estimatedMinutes')}" is not a whole number of minutes`);
    input.estimated_minutes = minutes;
  }
  const checked = testCaseFields.partial().required({ title: true }).safeParse(input);
  if (!checked.success) throw new Error(checked.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '));
  return checked.data as CaseInput;
}

export function checkMapping(columns: string[], mapping: ColumnMapping): void {
  if (mapping.title === undefined) refuse('Choose the column that holds each case\'s title.');
  for (const [field, index] of Object.entries(mapping)) {
    if (!CASE_FIELDS.includes(field as CaseField) || !Number.isInteger(index) || index! < 0 || index! >= columns.length) {
      refuse(`The mapping of ${field} names column ${String(index)}, which the file does not have.`);
    }
  }
}

/** Every row checked: the cases to write and the rows refused with their reason. */
export function mapRows(table: SheetTable, mapping: ColumnMapping): { cases: { row: number; input: CaseInput }[]; refused: RefusedRow[] } {
  checkMapping(table.columns, mapping);
  const cases: { row: number; input: CaseInput }[] = [];
  const refused: RefusedRow[] = [];
  for (const { row, cells } of table.rows) {
    try {
      cases.push({ row, input: rowToCase(cells, mapping) });
    } catch (error) {
      refused.push({ row, reason: (error as Error).message });
    }
  }
  return { cases, refused };
}

export function preview(table: SheetTable, mapping: ColumnMapping): ImportPreview {
  const { cases, refused } = mapRows(table, mapping);
  return {
    columns: table.columns, mapping, rowCount: table.rows.length, refused,
    sample: cases.slice(0, 20).map(({ row, input }) => ({
      row, title: input.title, suite: input.suite ?? '', priority: input.priority ?? 'MEDIUM', steps: input.steps?.length ?? 0,
    })),
  };
}

/** The whole import's refusal: the first rows refused and why. */
export function refusedMessage(refused: RefusedRow[]): string {
  const shown = refused.slice(0, 5).map((r) => `row ${r.row}: ${r.reason}`).join('; ');
  return `${refused.length} row${refused.length === 1 ? '' : 's'} cannot be imported (${shown}${refused.length > 5 ? '; …' : ''}). Correct the file or the column mapping and import again. Nothing was imported.`;
}
