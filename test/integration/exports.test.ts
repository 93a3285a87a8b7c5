// Exports and imports through the desktop core's IPC handlers and the replica host worker, against a
// real PostgreSQL: the data comes to the exporting device through the real sync path, and every file is
// read back by an independent reader (poppler's pdftotext/pdfimages/pdftoppm, unzip, exceljs).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPg } from '../../src/main/central/connection';
import type { Desktop } from '../../src/main/desktop/desktop';
import { AttachmentService } from '../../src/main/replica/attachments';
import { contentBlocks } from '../../src/main/exports/content-blocks';
import type { PmNode } from '../../src/main/exports/content-blocks';
import { loadExcelJs, writeWorkbook } from '../../src/main/exports/xlsx';
import { uploadAttachments } from '../../src/main/sync/uploads';
import type { ExportFile, ExportProgress, ImportPreview } from '../../src/shared/ipc/domains/exports';
import type { DocumentDetail, RelationItem } from '../../src/shared/ipc/domains/documents';
import type { RunDetail } from '../../src/shared/ipc/domains/runs';
import type { TestCaseDetail, TestCaseListItem } from '../../src/shared/ipc/domains/testing';
import { uuidv7 } from '../../src/shared/ids';
import { decide } from '../support/decisions';
import { connectionFor, ok, openTestDesktop } from '../support/desktop';
import { docxEntries, docxParagraphs, pdfFlatText, pdfFonts, pdfImageCount, pdfPages, pdfText, renderFirstPage, richDocumentJson, yjsUpdate } from '../support/export-fixtures';
import { png } from '../support/png';
import { useTestDatabase } from '../support/fixture';
import { signIn } from '../support/sessions';
import { SyncClient } from '../support/sync-client';
import { waitFor } from '../support/wait';
import type { Project, User } from '../support/world';

const t = useTestDatabase();
const opened: { close(): Promise<unknown> }[] = [];
let project: Project;
let lead: User;
let reviewer: User;
let tester: User;
let a: Desktop; // the lead's device: writes
let b: Desktop; // the reviewer's device: exports what central sent it

async function device(user: User): Promise<Desktop> {
  const desktop = await openTestDesktop();
  opened.push(desktop);
  await ok(desktop, 'session:signIn', { connection: connectionFor(t.db.appUrl), organization: user.org.slug, email: user.email, password: user.password });
  await waitFor(async () => (await ok<{ id: string }[]>(desktop, 'projects:list')).some((p) => p.id === project.id), 'the project');
  return desktop;
}

/** The export:progress events of `task` that the device sends while `work` runs. */
async function progressDuring<T>(desktop: Desktop, task: string, work: () => Promise<T>): Promise<{ result: T; events: ExportProgress[] }> {
  const events: ExportProgress[] = [];
  const stop = desktop.onEvent((event, payload) => {
    if (event === 'export:progress' && (payload as ExportProgress).task === task) events.push(payload as ExportProgress);
  });
  try {
    return { result: await work(), events };
  } finally {
    stop();
  }
}

const bytes = (file: ExportFile) => Buffer.from(file.dataBase64, 'base64');
const base64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

async function refusal(desktop: Desktop, channel: string, input: unknown): Promise<{ code: string; message: string }> {
  const envelope = await desktop.dispatch(channel, input);
  if (envelope.ok) throw new Error(`${channel} was expected to be refused`);
  return envelope.error;
}

async function centralCount(table: string, where: string, params: unknown[]): Promise<number> {
  return (await t.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM app.${table} WHERE ${where}`, params)).rows[0]!.n;
}

beforeAll(async () => {
  const org = await t.world.org();
  project = await t.world.project(org);
  [lead, reviewer, tester] = [await t.world.user(org), await t.world.user(org), await t.world.user(org)];
  await t.world.member(project, lead, 'PROJECT_MANAGER');
  await t.world.member(project, reviewer, 'REVIEWER');
  await t.world.member(project, tester, 'TESTER');
  a = await device(lead);
  b = await device(reviewer);
});

afterAll(async () => {
  for (const item of opened.reverse()) await item.close().catch(() => undefined);
});

describe('document PDF and DOCX', () => {
  let documentId: string;

  beforeAll(async () => {
    ({ id: documentId } = await ok<{ id: string }>(a, 'documents:create', { projectId: project.id, title: 'Braking system specification', documentType: 'REQUIREMENT' }));
    await ok(a, 'documents:edit', { id: documentId, update: yjsUpdate(richDocumentJson()) });
    await waitFor(async () => await centralCount('document_updates', 'document_id = $1', [documentId]) > 0, 'the content on central');
    // A change request on the document, approved with an electronic signature by the reviewer.
    const cr = await t.world.changeRequest(project, { title: 'Shorter stopping distance', approval_policy: 'ANY', status: 'IN_REVIEW' });
    await t.world.insert('change_request_impacts', {
      id: randomUUID(), organization_id: project.org.id, project_id: project.id, change_request_id: cr.id, entity_type: 'DOCUMENT', entity_id: documentId,
      severity: 'HIGH', description: 'New limits',
    });
    const session = await signIn(t.db.appUrl, reviewer);
    t.track(session.conn);
    // Adding the impact started a new revision of the request: the decision names the current one.
    const { rows: [current] } = await t.admin.query<{ revision: number }>('SELECT revision FROM app.change_requests WHERE id = $1', [cr.id]);
    await decide(session, reviewer, project, cr.id, 'APPROVED', current!.revision, { meaning: 'Approved for release 2.1' });
    await waitFor(async () => (await ok<DocumentDetail>(b, 'documents:get', { id: documentId }).catch(() => undefined)), 'the document on the second device', 60_000);
    await waitFor(async () => (await b.dispatch('exports:documentPdf', { id: documentId })).ok
      && pdfFlatText(bytes(await ok<ExportFile>(b, 'exports:documentPdf', { id: documentId }))).includes('Approved for release 2.1'), 'the decision on the second device', 60_000);
  });

  it('the PDF, made on another device from what central sent it, has the title, version, status, author, the signed approval, the content and page numbers', async () => {
    const file = await ok<ExportFile>(b, 'exports:documentPdf', { id: documentId });
    expect(file).toMatchObject({ fileName: 'Braking system specification.pdf', mimeType: 'application/pdf' });
    const pdf = bytes(file);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    const flat = pdfFlatText(pdf);
    for (const expected of ['Shorter stopping distance', 'APPROVED', 'Approved for release 2.1']) expect(flat).toContain(expected);
    // The approver's (long) name wraps in its cell, where pdftotext joins the halves without the hyphen.
    expect(flat.replace(/-/g, '')).toContain(`User ${reviewer.email}`.replace(/-/g, ''));
    for (const expected of ['Braking system specification', 'REQUIREMENT', 'DRAFT', `User ${lead.email}`, 'Current content (no saved version yet)',
      'Braking requirements', 'The vehicle shall stop within 40 metres from 100 km/h.', 'Conditions', '- Dry asphalt', '- Wet asphalt',
      '1. Accelerate to speed', '2. Apply full brake', 'End of specification.',
      // Characters beyond Latin-1 print (a Unicode font is embedded: DejaVu, which the test machine has).
      'Tolerance ≤ 5 % ± 0.5 → Ω Ж']) {
      expect(text).toContain(expected);
    }
    // The table's cells line up as a table, and the footer names the export time, the version and the page.
    expect(text).toMatch(/Surface\s+Max distance/);
    expect(text).toMatch(/Wet\s+55 m/);
    const pages = pdfPages(pdf);
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toMatch(/Braking system specification - Current content \(no saved version yet\)\s+Page 1 of \d+\s+Exported \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    expect(pdfImageCount(pdf)).toBe(1);
    // A Unicode font is embedded (DejaVu on this Debian machine), so ≤, →, Ω, Ж print.
    expect(pdfFonts(pdf)).toEqual(['DejaVuSans', 'DejaVuSans-Bold', 'DejaVuSans-Oblique']);
    renderFirstPage(pdf, 'export-document-pdf');
  });

  it('a saved version exports as that version, named in the footer', async () => {
    const json = richDocumentJson();
    const version = await ok<{ id: string; number: number | null }>(a, 'documents:saveVersion', { documentId, summary: 'Baseline for review', automatic: false,
      content: 'Braking requirements', contentJson: json });
    const number = await waitFor(async () => (await ok<{ id: string; number: number | null }[]>(a, 'documents:versions', { documentId }))
      .find((v) => v.id === version.id)?.number, 'the version number from central');
    const text = pdfText(bytes(await ok<ExportFile>(a, 'exports:documentPdf', { id: documentId, versionId: version.id })));
    expect(text).toContain(`Version ${number} of `);
    expect(text).toContain('Braking requirements');
  });

  it('a signed version prints its signatures: meaning, statement, printed name, device time and the server\'s receipt', async () => {
    const version = await ok<{ id: string }>(a, 'documents:saveVersion', { documentId, summary: 'For signature', automatic: false,
      content: 'Braking requirements, signed', contentJson: richDocumentJson() });
    await ok(a, 'signatures:signVersion', { versionId: version.id, meaning: 'AUTHORED', statement: 'I wrote this specification.', password: lead.password });
    await waitFor(async () => await centralCount('document_signatures', 'document_version_id = $1', [version.id]) === 1, 'the signature on central');
    const flat = await waitFor(async () => {
      const text = pdfFlatText(bytes(await ok<ExportFile>(a, 'exports:documentPdf', { id: documentId, versionId: version.id })));
      return text.includes('I wrote this specification.') && !text.includes('(not yet synced)') ? text : undefined;
    }, 'the signature received by the server on the device');
    for (const expected of ['AUTHORED', 'Signed at (device)', 'Received by the server', 'Approved for release 2.1']) expect(flat).toContain(expected);
    expect(flat.replace(/-/g, '')).toContain(`User ${lead.email}`.replace(/-/g, ''));
  });

  it('the DOCX keeps headings as heading styles, lists as numbered/bulleted paragraphs, the table and the image', async () => {
    const file = await ok<ExportFile>(b, 'exports:documentDocx', { id: documentId });
    expect(file.fileName).toBe('Braking system specification.docx');
    const docx = bytes(file);
    const paragraphs = docxParagraphs(docx);
    const styled = (style: string) => paragraphs.filter((p) => p.style === style).map((p) => p.text);
    expect(styled('Title')).toEqual(['Braking system specification']);
    expect(styled('Heading1')).toEqual(['Approvals and electronic signatures', 'Content', 'Braking requirements']);
    expect(styled('Heading2')).toEqual(['Conditions']);
    const texts = paragraphs.map((p) => p.text);
    for (const expected of ['The vehicle shall stop within 40 metres from 100 km/h.', 'Dry asphalt', 'Accelerate to speed', 'Surface', 'Max distance', '55 m',
      'Approved for release 2.1', 'End of specification.']) {
      expect(texts).toContain(expected);
    }
    expect(docxEntries(docx).some((e) => /^word\/media\/.+\.png$/.test(e))).toBe(true);
    expect(docxEntries(docx)).toContain('word/numbering.xml');
  });

  it('a document that is not on the device is refused with a message', async () => {
    const error = await refusal(b, 'exports:documentPdf', { id: randomUUID() });
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(/does not exist on this device/);
  });
});

const CSV = [
  'Title,Section,Priority,Type,Preconditions,Steps,Expected per step,Tags',
  'Brake at 100 km/h,Brakes,High,Functional,Dry track,"1. Accelerate to 100 km/h\n2. Apply full brake","1. Speed reached\n2. Stops within 40 m","brakes, safety"',
  'Brake on wet road,Brakes,Critical,Regression,Wet track,"1. Accelerate to 100 km/h\n2. Apply full brake","1. Speed reached\n2. Stops within 55 m",brakes',
].join('\n');

describe('test cases from CSV and XLSX', () => {
  it('the preview guesses the mapping (TestRail names too) and shows the rows; nothing is written', async () => {
    const before = (await ok<TestCaseListItem[]>(a, 'testCases:list', { projectId: project.id })).length;
    const preview = await ok<ImportPreview>(a, 'imports:casesPreview', { projectId: project.id, fileName: 'cases.csv', dataBase64: base64(CSV) });
    expect(preview.columns).toEqual(['Title', 'Section', 'Priority', 'Type', 'Preconditions', 'Steps', 'Expected per step', 'Tags']);
    expect(preview.mapping).toEqual({ title: 0, suite: 1, priority: 2, testType: 3, preconditions: 4, steps: 5, stepExpected: 6, tags: 7 });
    expect(preview.rowCount).toBe(2);
    expect(preview.refused).toEqual([]);
    expect(preview.sample).toEqual([
      { row: 2, title: 'Brake at 100 km/h', suite: 'Brakes', priority: 'HIGH', steps: 2 },
      { row: 3, title: 'Brake on wet road', suite: 'Brakes', priority: 'CRITICAL', steps: 2 },
    ]);
    expect((await ok<TestCaseListItem[]>(a, 'testCases:list', { projectId: project.id })).length).toBe(before);
  });

  it('a file with a bad row is refused whole, naming the row and the reason; nothing is imported', async () => {
    const bad = `${CSV}\nUnclear case,Brakes,Urgentish,Functional,,1. Do it,,\n,Brakes,High,Functional,,,,`;
    const preview = await ok<ImportPreview>(a, 'imports:casesPreview', { projectId: project.id, fileName: 'cases.csv', dataBase64: base64(bad) });
    expect(preview.refused).toEqual([
      { row: 4, reason: 'Priority "Urgentish" is not one of LOW, MEDIUM, HIGH, CRITICAL' },
      { row: 5, reason: 'Title is empty' },
    ]);
    const before = (await ok<TestCaseListItem[]>(a, 'testCases:list', { projectId: project.id })).length;
    const error = await refusal(a, 'imports:cases', { projectId: project.id, fileName: 'cases.csv', dataBase64: base64(bad), mapping: preview.mapping });
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('row 4: Priority "Urgentish" is not one of LOW, MEDIUM, HIGH, CRITICAL');
    expect(error.message).toContain('row 5: Title is empty');
    expect(error.message).toContain('Nothing was imported.');
    expect((await ok<TestCaseListItem[]>(a, 'testCases:list', { projectId: project.id })).length).toBe(before);
    // The same from an XLSX: the row number is the spreadsheet's.
    const xlsx = await writeWorkbook([{ name: 'Cases', header: ['Title', 'Priority', 'Steps', 'Expected per step'],
      rows: [['Good one', 'Low', '1. Go', '1. Gone'], ['Bad one', 'High', '1. Go', '1. Gone\n2. Extra']] }]);
    const xlsxError = await refusal(a, 'imports:cases', { projectId: project.id, fileName: 'cases.xlsx', dataBase64: xlsx.toString('base64'),
      mapping: { title: 0, priority: 1, steps: 2, stepExpected: 3 } });
    expect(xlsxError.message).toBe('1 row cannot be imported (row 3: Expected per step has 2 entries but Steps has 1). Correct the file or the column mapping and import again. Nothing was imported.');
    expect((await ok<TestCaseListItem[]>(a, 'testCases:list', { projectId: project.id })).length).toBe(before);
  });

  it('a malformed CSV, a file that is not an XLSX, and a mapping without a title are refused whole with what is wrong', async () => {
    const unclosed = 'Title,Steps\nFirst,1. Open\nSecond,"1. Open\n2. Close\nThird,1. Go';
    const csv = await refusal(a, 'imports:casesPreview', { projectId: project.id, fileName: 'broken.csv', dataBase64: base64(unclosed) });
    expect(csv.message).toMatch(/This CSV file could not be read at row \d+: .*quote.*Nothing was imported\./i);
    const ragged = await refusal(a, 'imports:casesPreview', { projectId: project.id, fileName: 'ragged.csv', dataBase64: base64('Title,Suite\nA,B\nC,D,E,F') });
    expect(ragged.message).toMatch(/at row 3/);
    const xlsx = await refusal(a, 'imports:casesPreview', { projectId: project.id, fileName: 'cases.xlsx', dataBase64: base64('PK\u0003\u0004 not really a workbook') });
    expect(xlsx.message).toMatch(/^This file is not a readable XLSX workbook .*Nothing was imported\.$/);
    const noTitle = await refusal(a, 'imports:cases', { projectId: project.id, fileName: 'cases.csv', dataBase64: base64(CSV), mapping: { suite: 1 } });
    expect(noTitle.message).toMatch(/Choose the column that holds each case's title/);
  });

  it('a good file is imported in one local transaction and syncs to central like any local write', async () => {
    const preview = await ok<ImportPreview>(a, 'imports:casesPreview', { projectId: project.id, fileName: 'cases.csv', dataBase64: base64(CSV) });
    const { result, events } = await progressDuring(a, 'imports:cases', () =>
      ok<{ imported: number }>(a, 'imports:cases', { projectId: project.id, fileName: 'cases.csv', dataBase64: base64(CSV), mapping: preview.mapping }));
    expect(result).toEqual({ imported: 2 });
    // The window is told how far the import has got, from its start to its end.
    expect(events[0]).toEqual({ task: 'imports:cases', done: 0, total: 2 });
    expect(events.at(-1)).toEqual({ task: 'imports:cases', done: 2, total: 2 });
    const cases = await ok<TestCaseListItem[]>(a, 'testCases:list', { projectId: project.id, suite: 'Brakes' });
    const wet = await ok<TestCaseDetail>(a, 'testCases:get', { id: cases.find((c) => c.title === 'Brake on wet road')!.id });
    expect(wet).toMatchObject({ priority: 'CRITICAL', preconditions: 'Wet track', tags: ['brakes'],
      steps: [{ action: 'Accelerate to 100 km/h', expected_result: 'Speed reached' }, { action: 'Apply full brake', expected_result: 'Stops within 55 m' }] });
    await waitFor(async () => await centralCount('test_cases', "project_id = $1 AND suite = 'Brakes'", [project.id]) === 2, 'the imported cases on central');
    const { rows } = await t.admin.query<{ test_type: string; created_by: string }>(`SELECT test_type, created_by FROM app.test_cases WHERE project_id = $1 AND title = 'Brake at 100 km/h'`, [project.id]);
    expect(rows).toEqual([{ test_type: 'FUNCTIONAL', created_by: lead.id }]);
  });

  it('the library XLSX, exported on another device, has one row per case and one per step, cell by cell; it imports back as it is', async () => {
    const ids = await waitFor(async () => {
      const list = await ok<TestCaseListItem[]>(b, 'testCases:list', { projectId: project.id, suite: 'Brakes' });
      return list.length === 2 ? list.map((c) => c.id) : undefined;
    }, 'the cases on the second device', 60_000);
    const file = await ok<ExportFile>(b, 'exports:testCasesXlsx', { projectId: project.id });
    expect(file.fileName).toMatch(/^Project .+ - test cases\.xlsx$/);
    const { Workbook } = await loadExcelJs();
    const workbook = new Workbook();
    await workbook.xlsx.load(bytes(file) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Test cases')!;
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['Title', 'Suite', 'Priority', 'Status', 'Type', 'Automation status', 'Automation id', 'Tags', 'Description', 'Preconditions',
      'Expected result', 'Steps', 'Expected per step', 'Version', 'Last result', 'Last executed', 'Id']);
    const byId = new Map<string, unknown[]>();
    for (let r = 2; r <= sheet.rowCount; r++) byId.set(String(values(r)[16]), values(r));
    expect(byId.size).toBe(2);
    for (const id of ids) {
      const c = await ok<TestCaseDetail>(b, 'testCases:get', { id });
      const lines = (items: string[]) => items.map((v, i) => `${i + 1}. ${v}`).join('\n');
      // exceljs reads an empty cell as undefined.
      expect(byId.get(id)).toEqual([c.title, c.suite, c.priority, c.status, c.title === 'Brake on wet road' ? 'REGRESSION' : 'FUNCTIONAL', c.automationStatus,
        undefined, c.tags.join(', '), undefined, c.preconditions, undefined, lines(c.steps.map((s) => s.action)), lines(c.steps.map((s) => s.expected_result)),
        c.caseVersion, undefined, undefined, c.id]);
    }
    const types = [...byId.values()].map((v) => v[4]).sort();
    expect(types).toEqual(['FUNCTIONAL', 'REGRESSION']);
    const steps = workbook.getWorksheet('Steps')!;
    expect(steps.rowCount).toBe(1 + 4);
    expect((steps.getRow(1).values as unknown[]).slice(1)).toEqual(['Case id', 'Case title', 'Step', 'Action', 'Expected result']);
    const stepRows = Array.from({ length: 4 }, (_, i) => (steps.getRow(i + 2).values as unknown[]).slice(3));
    expect(stepRows).toContainEqual([2, 'Apply full brake', 'Stops within 55 m']);
    // The export is a valid import: every column maps back and no row is refused.
    const preview = await ok<ImportPreview>(b, 'imports:casesPreview', { projectId: project.id, fileName: file.fileName, dataBase64: file.dataBase64 });
    expect(preview.refused).toEqual([]);
    expect(preview.mapping).toMatchObject({ title: 0, suite: 1, priority: 2, status: 3, testType: 4, automationStatus: 5, automationId: 6, tags: 7,
      description: 8, preconditions: 9, expectedResult: 10, steps: 11, stepExpected: 12 });
    expect(preview.sample.map((s) => s.steps)).toEqual([2, 2]);
  });
});

describe('test run report PDF', () => {
  it('has the summary counts, each execution with its steps, executor, device time, case version, the "changed since" flag and evidence images', async () => {
    const cases = await ok<TestCaseListItem[]>(a, 'testCases:list', { projectId: project.id, suite: 'Brakes' });
    const dry = cases.find((c) => c.title === 'Brake at 100 km/h')!;
    const wet = cases.find((c) => c.title === 'Brake on wet road')!;
    const extra = await t.world.testCase(project, { title: 'Parking brake holds', suite: 'Brakes' });
    await waitFor(async () => (await a.dispatch('testCases:get', { id: extra.id })).ok, 'the third case on the lead\'s device');
    const run = await ok<{ id: string }>(a, 'runs:create', { projectId: project.id, name: 'Release 2.1 brakes', environment: 'Track A', build: '2.1.0-rc1',
      testCaseIds: [dry.id, wet.id, extra.id] });
    await waitFor(async () => await centralCount('test_run_cases', 'test_run_id = $1', [run.id]) === 3, 'the run on central');

    // The tester's device pulls the run, then executes offline; meanwhile the wet case changes on central.
    const testerDevice = await SyncClient.signIn('tester', t.db.appUrl, tester);
    opened.push(testerDevice);
    await testerDevice.sync();
    await t.admin.query(`UPDATE app.test_cases SET preconditions = 'Wet track, 5 mm water' WHERE id = $1`, [wet.id]);
    const attachments = new AttachmentService(testerDevice.store, testerDevice.writer, `${testerDevice.path}-attachments`, () => Promise.reject(new Error('offline')));
    const dryExecution = uuidv7();
    const evidence = attachments.add({ projectId: project.id, entityType: 'TEST_EXECUTION', entityId: dryExecution, fileName: 'step-2-screenshot.png',
      mimeType: 'image/png', dataBase64: png(200, 120).toString('base64') });
    testerDevice.writer.create('execution', project.id, {
      test_case_id: dry.id, test_run_id: run.id, test_case_version: 1, status: 'PASSED', executed_at: '2026-03-04T09:15:00.000+01:00',
      environment: 'Track A', build: '2.1.0-rc1', step_results: [{ step: 0, status: 'PASSED' }, { step: 1, status: 'PASSED', actual_result: 'Stopped at 38 m', evidence: [evidence.id] }],
    }, dryExecution);
    testerDevice.writer.create('execution', project.id, {
      test_case_id: wet.id, test_run_id: run.id, test_case_version: 1, status: 'FAILED', executed_at: '2026-03-04T09:40:00.000+01:00',
      environment: 'Track A', build: '2.1.0-rc1', step_results: [{ step: 0, status: 'PASSED' }, { step: 1, status: 'FAILED', actual_result: 'Stopped at 61 m' }],
    });
    await testerDevice.sync();
    const conn = await connectPg(t.db.appUrl);
    opened.push(conn);
    await uploadAttachments(conn, testerDevice.store, testerDevice.token);
    expect((await t.admin.query(`SELECT executed_against_stale_version AS stale FROM app.test_executions WHERE test_case_id = $1`, [wet.id])).rows).toEqual([{ stale: true }]);

    // The reviewer's device has the executions from central but not the evidence file: the export fetches it.
    await waitFor(async () => (await ok<RunDetail>(b, 'runs:get', { id: run.id }).catch(() => undefined))?.cases.filter((c) => c.result).length === 2, 'the results on the second device', 60_000);
    await waitFor(async () => (await ok<{ state: string }[]>(b, 'attachments:list', { entityType: 'TEST_EXECUTION', entityId: dryExecution }))[0]?.state === 'remote',
      'the evidence stored on central, as the second device knows', 60_000);
    const { result: file, events } = await progressDuring(b, 'exports:runPdf', () => ok<ExportFile>(b, 'exports:runPdf', { id: run.id }));
    expect(events[0]).toEqual({ task: 'exports:runPdf', done: 0, total: 2 });
    expect(events.at(-1)).toEqual({ task: 'exports:runPdf', done: 2, total: 2 });
    expect(file.fileName).toBe('Test run report - Release 2.1 brakes.pdf');
    const pdf = bytes(file);
    const text = pdfText(pdf);
    expect(text).toContain('Test run report: Release 2.1 brakes');
    expect(text).toMatch(/Cases\s+Passed\s+Failed\s+Blocked\s+Skipped\s+Untested/);
    expect(text).toMatch(/\n\s*3\s+1\s+1\s+0\s+0\s+1\s*\n/);
    expect(text).toContain('Brake at 100 km/h: PASSED');
    expect(text).toContain('Brake on wet road: FAILED');
    expect(text).toContain(`User ${tester.email}`);
    // The device's own time of the execution (central keeps the instant; shown in UTC).
    expect(text).toContain('2026-03-04T08:15:00.000Z');
    expect(text).toMatch(/Case changed since\s+Yes: executed against version 1, current is 2/);
    expect(text).toMatch(/Case changed since\s+No/);
    expect(text).toMatch(/Stopped at 61 m/);
    expect(text).toContain('Evidence of step 2: step-2-screenshot.png');
    expect(text).toMatch(/Not executed[\s\S]*Parking brake holds/);
    expect(pdfImageCount(pdf)).toBe(1);
    expect(pdfFonts(pdf)).toEqual(['DejaVuSans', 'DejaVuSans-Bold']);
    renderFirstPage(pdf, 'export-run-report-pdf');
  });
});

describe('ReqIF', () => {
  it('export, then import into an empty project, gives back the same documents, text and links; the import syncs', async () => {
    const spec = await ok<{ id: string }>(a, 'documents:create', { projectId: project.id, title: 'Vehicle requirements', documentType: 'SPECIFICATION' });
    await ok(a, 'documents:edit', { id: spec.id, update: yjsUpdate({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Top level & <everything>' }] }] }) });
    const docs = await ok<{ id: string; title: string }[]>(a, 'documents:list', { projectId: project.id });
    const braking = docs.find((d) => d.title === 'Braking system specification')!;
    await ok(a, 'documents:relate', { documentId: spec.id, target: { kind: 'document', id: braking.id }, relationType: 'DEPENDS_ON', description: 'Braking is part of it' });
    await ok(a, 'documents:relate', { documentId: braking.id, target: { kind: 'document', id: spec.id }, relationType: 'TRACES_TO' });
    await waitFor(async () => {
      const json = (await ok<DocumentDetail>(a, 'documents:get', { id: spec.id })).contentJson;
      return json && JSON.stringify(json).includes('Top level');
    }, 'the derived content');

    const file = await ok<ExportFile>(a, 'exports:reqif', { projectId: project.id });
    const xml = bytes(file).toString('utf8');
    expect(xml).toContain('<REQ-IF xmlns="http://www.omg.org/spec/ReqIF/20110401/reqif.xsd"');
    expect((xml.match(/<SPEC-OBJECT /g) ?? []).length).toBe(2);
    expect((xml.match(/<SPEC-RELATION /g) ?? []).length).toBe(2);
    expect(xml).toContain('<xhtml:table>');

    const empty = await t.world.project(project.org);
    await t.world.member(empty, lead, 'PROJECT_MANAGER');
    await waitFor(async () => (await ok<{ id: string }[]>(a, 'projects:list')).some((p) => p.id === empty.id), 'the new project');
    const report = await ok<{ documents: number; relations: number }>(a, 'imports:reqif', { projectId: empty.id, xml });
    expect(report).toMatchObject({ documents: 2, relations: 2 });

    const summary = async (projectId: string) => {
      const list = await ok<{ id: string; title: string }[]>(a, 'documents:list', { projectId });
      const out = [];
      for (const item of list) {
        const d = await ok<DocumentDetail>(a, 'documents:get', { id: item.id });
        const relations = await ok<RelationItem[]>(a, 'documents:relations', { documentId: item.id });
        out.push({
          title: d.title, type: d.documentType, text: d.content, blocks: contentBlocks(d.contentJson as PmNode | null, d.content),
          links: relations.filter((r) => r.direction === 'outgoing').map((r) => [r.relationType, r.other.title, r.description]).sort(),
        });
      }
      return out.sort((x, y) => x.title.localeCompare(y.title));
    };
    const original = await summary(project.id);
    const imported = await summary(empty.id);
    expect(imported).toEqual(original);
    expect(imported.map((d) => d.title)).toEqual(['Braking system specification', 'Vehicle requirements']);
    expect(imported[0]!.links).toEqual([['TRACES_TO', 'Vehicle requirements', '']]);
    expect(imported[0]!.blocks.some((blk) => blk.kind === 'table')).toBe(true);
    expect(imported[0]!.blocks.some((blk) => blk.kind === 'image')).toBe(true);
    await waitFor(async () => await centralCount('document_relations', 'project_id = $1', [empty.id]) === 2, 'the imported links on central');
  });

  it('a malformed ReqIF is refused whole with a message naming the element; nothing is imported', async () => {
    const empty = await t.world.project(project.org);
    await t.world.member(empty, lead, 'PROJECT_MANAGER');
    await waitFor(async () => (await ok<{ id: string }[]>(a, 'projects:list')).some((p) => p.id === empty.id), 'the new project');
    const good = bytes(await ok<ExportFile>(a, 'exports:reqif', { projectId: project.id })).toString('utf8');
    const cases: [string, string, RegExp][] = [
      ['a relation to a missing object', good.replace(/(<TARGET><SPEC-OBJECT-REF>)[^<]+/, '$1doc-missing'),
        /^<SPEC-RELATION> "rel-[^"]+" refers to the SPEC-OBJECT "doc-missing", which the file does not contain\. Nothing was imported\.$/],
      ['an object without a title', good.replace(/(<SPEC-OBJECT IDENTIFIER="([^"]+)"[^>]*) LONG-NAME="[^"]*"><VALUES><ATTRIBUTE-VALUE-STRING THE-VALUE="[^"]*"/, '$1><VALUES><ATTRIBUTE-VALUE-STRING THE-VALUE=""'),
        /^<SPEC-OBJECT> "doc-[^"]+" has no title \(ReqIF\.Name or LONG-NAME\)\. Nothing was imported\.$/],
      ['an undefined attribute', good.replace('<ATTRIBUTE-DEFINITION-STRING-REF>AD-Type<', '<ATTRIBUTE-DEFINITION-STRING-REF>AD-Unknown<'),
        /<ATTRIBUTE-VALUE-STRING> refers to the attribute definition "AD-Unknown", which the file does not define/],
      ['broken XML', good.replace('</SPEC-OBJECTS>', ''), /^This is not valid XML \(line \d+: .+\)\. Nothing was imported\.$/],
      ['not ReqIF', '<?xml version="1.0"?><testsuite name="x"/>', /has no <REQ-IF> root element/],
      ['entities', good.replace('<REQ-IF ', '<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n<REQ-IF '), /declares a <!DOCTYPE> or <!ENTITY>/],
    ];
    for (const [what, xml, message] of cases) {
      const error = await refusal(a, 'imports:reqif', { projectId: empty.id, xml });
      expect(error.code, what).toBe('INVALID_ARGUMENT');
      expect(error.message, what).toMatch(message);
    }
    expect(await ok<unknown[]>(a, 'documents:list', { projectId: empty.id })).toEqual([]);
  });
});
