// npm run bench:exports: how long the export writers take on synthetic data of a size teams have
// (no database: the writers alone, as the replica host runs them). Prints {"name", "value", "unit"} lines:
//   export_cases_xlsx_5000_ms       case library XLSX, 5,000 cases of 5 steps
//   export_run_pdf_300_ms           test run report PDF, 300 executions of 5 steps
//   export_document_pdf_200_ms      document PDF, 200 sections with 20 tables
//   export_document_docx_200_ms     the same document as DOCX
import { performance } from 'node:perf_hooks';
import { contentBlocks } from '../src/main/exports/content-blocks';
import { documentDocx } from '../src/main/exports/document-docx';
import { documentPdf } from '../src/main/exports/document-pdf';
import type { DocumentExport, RunExport } from '../src/main/exports/export-data';
import { runPdf } from '../src/main/exports/run-pdf';
import { caseLibrarySheets, writeWorkbook } from '../src/main/exports/xlsx';

async function figure(name: string, make: () => Promise<Buffer>): Promise<void> {
  const start = performance.now();
  await make();
  console.log(JSON.stringify({ name, value: Math.round(performance.now() - start), unit: 'ms' }));
}

const steps = Array.from({ length: 5 }, (_, i) => ({ action: `Do step ${i + 1} with the device as specified`, expected_result: `Result ${i + 1} is as specified` }));
const cases = Array.from({ length: 5000 }, (_, i) => ({
  id: `case-${i}`, title: `Case ${i}: the pump delivers the programmed rate`, suite: `Suite ${i % 20}`, priority: 'HIGH', status: 'READY', testType: 'FUNCTIONAL',
  automationStatus: 'MANUAL', automationId: null, tags: ['dosing', 'safety'], caseVersion: 1, description: 'Checks the delivered volume. '.repeat(4),
  preconditions: 'Bench rig ready', expectedResult: 'Within 5 %', steps, lastResult: 'PASSED', lastExecutedAt: '2026-03-04T08:15:00.000Z',
}));
const run = (name: string): RunExport => ({
  name, projectName: 'Bench', status: 'IN_PROGRESS', environment: 'Rig', build: '2.1', description: '', untested: [],
  counts: { total: 300, passed: 300, failed: 0, blocked: 0, skipped: 0, untested: 0 },
  executions: Array.from({ length: 300 }, (_, i) => ({
    caseTitle: `Case ${i}`, suite: 'Dosing', status: 'PASSED', executedAt: '2026-03-04T08:15:00.000Z', executorName: 'Tess Tester', caseVersion: 1,
    currentCaseVersion: 1, stale: false, environment: 'Rig', build: '2.1', notes: '', actualResult: '', overrideReason: null, durationSeconds: 60,
    steps: steps.map((s, n) => ({ number: n + 1, action: s.action, expected: s.expected_result, status: 'PASSED', actual: 'as expected', evidence: [] })),
  })),
});
const content: unknown[] = [];
for (let i = 0; i < 200; i++) {
  content.push({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: `Section ${i + 1}` }] });
  content.push({ type: 'paragraph', content: [{ type: 'text', text: 'The device shall keep the delivered rate within the stated tolerance. '.repeat(6) }] });
  if (i % 10 === 0) {
    content.push({ type: 'table', content: Array.from({ length: 10 }, () => ({ type: 'tableRow', content: Array.from({ length: 4 }, () => ({
      type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'cell text' }] }] })) })) });
  }
}
const json = { type: 'doc', content };
const document: DocumentExport = {
  id: 'bench', projectName: 'Bench', title: 'Pump specification', documentType: 'SPECIFICATION', status: 'APPROVED', authorName: 'Ann Author',
  createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z', updatedByName: 'Ann Author', versionLabel: 'Version 3', approvals: [], versionSignatures: [],
  blocks: contentBlocks(json as never), json: json as never, plainText: '',
};

await figure('export_cases_xlsx_5000_ms', () => writeWorkbook(caseLibrarySheets(cases)));
await figure('export_run_pdf_300_ms', () => runPdf(run('Nightly'), 'now'));
await figure('export_document_pdf_200_ms', () => documentPdf(document, 'now'));
await figure('export_document_docx_200_ms', () => documentDocx(document, 'now'));
