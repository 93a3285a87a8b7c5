// The format pieces on their own: the coverage matrix's XLSX read back cell by cell with exceljs, a
// semicolon CSV (as European spreadsheets save it) and an XLSX made by exceljs imported, and the
// XHTML of a document turned back into the same content.
import { describe, expect, it } from 'vitest';
import { guessMapping, mapRows, readTable, unpackedSize } from '../../src/main/exports/case-import';
import { contentBlocks } from '../../src/main/exports/content-blocks';
import type { PmNode } from '../../src/main/exports/content-blocks';
import { fromXhtml, toXhtml } from '../../src/main/exports/xhtml';
import type { XmlNode } from '../../src/main/exports/xhtml';
import { coverageInput, coverageSheets, loadExcelJs, writeWorkbook } from '../../src/main/exports/xlsx';
import type { CoverageMatrixInput } from '../../src/main/exports/xlsx';
import { richDocumentJson } from '../support/export-fixtures';

async function readBack(data: Buffer) {
  const { Workbook } = await loadExcelJs();
  const workbook = new Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  return (name: string) => {
    const sheet = workbook.getWorksheet(name)!;
    return Array.from({ length: sheet.rowCount }, (_, i) => (sheet.getRow(i + 1).values as unknown[]).slice(1));
  };
}

describe('coverage matrix XLSX', () => {
  it('has a row per document × linked case with its latest result and date, uncovered documents and unrun cases named, and a summary', async () => {
    const matrix: CoverageMatrixInput = {
      projectName: 'Brakes',
      documents: [
        { title: 'REQ-1 Stopping distance', documentType: 'REQUIREMENT', status: 'APPROVED', cases: [
          { title: 'Brake at 100 km/h', suite: 'Brakes', result: 'PASSED', executedAt: '2026-03-04T08:15:00.000Z' },
          { title: 'Brake on wet road', suite: 'Brakes', result: 'FAILED', executedAt: '2026-03-04T08:40:00.000Z' },
          { title: 'Brake on ice', suite: 'Brakes', result: null, executedAt: null },
        ] },
        { title: 'REQ-2 Parking brake', documentType: 'REQUIREMENT', status: 'DRAFT', cases: [] },
      ],
    };
    const sheet = await readBack(await writeWorkbook(coverageSheets(matrix)));
    expect(sheet('Coverage')).toEqual([
      ['Document', 'Type', 'Document status', 'Test case', 'Suite', 'Latest result', 'Executed at'],
      ['REQ-1 Stopping distance', 'REQUIREMENT', 'APPROVED', 'Brake at 100 km/h', 'Brakes', 'PASSED', '2026-03-04T08:15:00.000Z'],
      ['REQ-1 Stopping distance', 'REQUIREMENT', 'APPROVED', 'Brake on wet road', 'Brakes', 'FAILED', '2026-03-04T08:40:00.000Z'],
      ['REQ-1 Stopping distance', 'REQUIREMENT', 'APPROVED', 'Brake on ice', 'Brakes', 'NOT RUN'],
      ['REQ-2 Parking brake', 'REQUIREMENT', 'DRAFT', '(no linked test case)', undefined, 'NOT COVERED'],
    ]);
    expect(sheet('Summary')).toEqual([
      ['Document', 'Linked cases', 'Passed', 'Failed', 'Blocked', 'Skipped', 'Not run'],
      ['REQ-1 Stopping distance', 3, 1, 1, 0, 0, 1],
      ['REQ-2 Parking brake', 0, 0, 0, 0, 0, 0],
    ]);
  });
});

describe('the traceability screen\'s matrix as the export takes it', () => {
  it('keeps each row\'s linked cases with result and date; a case never run has no result', () => {
    const cell = { relationId: 'r', relationType: 'VERIFIES', caseId: 'c', caseVersion: 1, executionId: null, suspect: false };
    const input = coverageInput('Brakes', [
      { documentId: 'd1', title: 'REQ-1', documentType: 'REQUIREMENT', status: 'APPROVED', tags: [], currentVersion: 2, uncovered: false, cells: [
        { ...cell, caseTitle: 'Brake at 100 km/h', suite: 'Brakes', result: 'PASSED', executedAt: '2026-03-04T08:15:00.000Z' },
        { ...cell, caseTitle: 'Brake on ice', suite: 'Brakes', result: 'UNTESTED', executedAt: null },
      ] },
      { documentId: 'd2', title: 'REQ-2', documentType: 'REQUIREMENT', status: 'DRAFT', tags: [], currentVersion: 1, uncovered: true, cells: [] },
    ]);
    expect(input).toEqual({ projectName: 'Brakes', documents: [
      { title: 'REQ-1', documentType: 'REQUIREMENT', status: 'APPROVED', cases: [
        { title: 'Brake at 100 km/h', suite: 'Brakes', result: 'PASSED', executedAt: '2026-03-04T08:15:00.000Z' },
        { title: 'Brake on ice', suite: 'Brakes', result: null, executedAt: null },
      ] },
      { title: 'REQ-2', documentType: 'REQUIREMENT', status: 'DRAFT', cases: [] },
    ] });
  });
});

describe('reading spreadsheets of test cases', () => {
  it('reads a semicolon CSV with a byte-order mark and TestRail column names', async () => {
    const csv = '\ufeffTitle;Section;Priority;Steps (Step);Steps (Expected Result)\r\nLogin works;Auth;Medium;"1. Open\r\n2. Sign in";"1. Form shown\r\n2. Home shown"\r\n';
    const table = await readTable('export.csv', Buffer.from(csv));
    const mapping = guessMapping(table.columns);
    expect(mapping).toEqual({ title: 0, suite: 1, priority: 2, steps: 3, stepExpected: 4 });
    const { cases, refused } = mapRows(table, mapping);
    expect(refused).toEqual([]);
    expect(cases).toEqual([{ row: 2, input: { title: 'Login works', suite: 'Auth', priority: 'MEDIUM',
      steps: [{ action: 'Open', expected_result: 'Form shown' }, { action: 'Sign in', expected_result: 'Home shown' }] } }]);
  });

  it('reads the first sheet of an XLSX, with row numbers as the spreadsheet shows them', async () => {
    const data = await writeWorkbook([{ name: 'Cases', header: ['Name', 'Priority', 'Estimate'], rows: [['A', 'High', 5], ['', '', ''], ['B', 'Low', 'soon']] }]);
    const table = await readTable('cases.xlsx', data);
    const { cases, refused } = mapRows(table, guessMapping(table.columns));
    expect(cases.map((c) => [c.row, c.input.title, c.input.priority, c.input.estimated_minutes])).toEqual([[2, 'A', 'HIGH', 5]]);
    expect(refused).toEqual([{ row: 4, reason: 'Estimate "soon" is not a whole number of minutes' }]);
  });
});

describe('XLSX that unpacks to too much', () => {
  it('is refused before it is read, with its unpacked size', async () => {
    const data = await writeWorkbook([{ name: 'Cases', header: ['Title'], rows: [['A']] }]);
    expect(unpackedSize(data)).toBeGreaterThan(data.length);
    // A central directory entry claiming 4 GB, as a zip bomb's would.
    const bomb = Buffer.from(data);
    bomb.writeUInt32LE(0xfffffff0, bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24);
    await expect(readTable('bomb.xlsx', bomb)).rejects.toThrow(/^This workbook unpacks to \d+ MB, more than 300 MB\. Import it in parts, or as CSV\. Nothing was imported\.$/);
  });
});

describe('document XHTML (ReqIF text)', () => {
  it('turns back into the same content', async () => {
    const json = richDocumentJson() as PmNode;
    const xhtml = toXhtml(json, '');
    const { XMLParser } = await import('fast-xml-parser');
    const parsed = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: true, trimValues: false })
      .parse(`<r xmlns:xhtml="http://www.w3.org/1999/xhtml">${xhtml}</r>`) as XmlNode[];
    const back = fromXhtml(parsed[0]!.r as XmlNode[]);
    expect(contentBlocks(back)).toEqual(contentBlocks(json));
  });

  it('keeps task lists, code, quotes, rules, links, line breaks and nested lists', async () => {
    const t = (text: string, marks?: { type: string; attrs?: Record<string, unknown> }[]) => ({ type: 'text', text, ...(marks ? { marks } : {}) });
    const json: PmNode = { type: 'doc', content: [
      { type: 'taskList', content: [
        { type: 'taskItem', attrs: { checked: true }, content: [{ type: 'paragraph', content: [t('Done item')] }] },
        { type: 'taskItem', attrs: { checked: false }, content: [{ type: 'paragraph', content: [t('Open item')] }] },
      ] },
      { type: 'codeBlock', attrs: { language: null }, content: [t('const a = 1 < 2;\nreturn a;')] },
      { type: 'blockquote', content: [{ type: 'paragraph', content: [t('Quoted '), t('struck', [{ type: 'strike' }])] }] },
      { type: 'horizontalRule' },
      { type: 'paragraph', content: [t('See '), t('the spec', [{ type: 'link', attrs: { href: 'https://example.com/a?b=1&c=2' } }]), { type: 'hardBreak' }, t('next line')] },
      { type: 'bulletList', content: [{ type: 'listItem', content: [
        { type: 'paragraph', content: [t('Outer')] },
        { type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [t('Inner three')] }] }] },
      ] }] },
    ] };
    const { XMLParser } = await import('fast-xml-parser');
    const parsed = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: true, trimValues: false })
      .parse(`<r xmlns:xhtml="http://www.w3.org/1999/xhtml">${toXhtml(json, '')}</r>`) as XmlNode[];
    const blocks = contentBlocks(fromXhtml(parsed[0]!.r as XmlNode[]));
    expect(blocks).toEqual(contentBlocks(json));
    expect(blocks).toContainEqual({ kind: 'listItem', ordered: true, depth: 1, number: 3, runs: [{ text: 'Inner three' }] });
    expect(blocks).toContainEqual({ kind: 'listItem', ordered: false, depth: 0, number: 1, checked: true, runs: [{ text: 'Done item' }] });
  });
});
