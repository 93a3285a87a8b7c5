// Test run report as PDF: summary counts, then each execution with its step results, executor, the
// device's own execution time, the case version and the "changed since" flag, and evidence images.
import type { RunExport } from './export-data';
import { breathe, finish, heading, image, keepSpace, newPdf, paragraph, table } from './pdf-layout';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg']);

export async function runPdf(run: RunExport, exportedAt: string, onExecution: () => void = () => undefined): Promise<Buffer> {
  const pdf = await newPdf({ title: `Test run report: ${run.name}`, subject: run.projectName });
  heading(pdf, 1, `Test run report: ${run.name}`);
  table(pdf, [
    ['Project', run.projectName], ['Run status', run.status], ['Environment', run.environment || '-'], ['Build', run.build || '-'],
    ...(run.description ? [['Description', run.description]] : []),
  ], { widths: [110, '*'] });
  heading(pdf, 2, 'Summary');
  const c = run.counts;
  table(pdf, [['Cases', 'Passed', 'Failed', 'Blocked', 'Skipped', 'Untested'],
    [c.total, c.passed, c.failed, c.blocked, c.skipped, c.untested].map(String)], { header: true });
  heading(pdf, 2, 'Executions');
  if (run.executions.length === 0) paragraph(pdf, 'No case of this run has been executed yet.', { color: '#555555' });
  for (const e of run.executions) {
    onExecution();
    await breathe();
    keepSpace(pdf, 120);
    heading(pdf, 3, `${e.caseTitle}: ${e.status}`);
    const changed = e.stale
      ? `Yes: executed against version ${e.caseVersion}, current is ${e.currentCaseVersion ?? 'newer'}`
      : 'No';
    table(pdf, [
      ['Executed by', e.executorName], ['Executed at (device time)', e.executedAt], ['Case version', String(e.caseVersion)],
      ['Case changed since', changed], ['Environment / build', `${e.environment || '-'} / ${e.build || '-'}`],
      ...(e.durationSeconds !== null ? [['Duration', `${e.durationSeconds} s`]] : []),
      ...(e.overrideReason ? [['Status override reason', e.overrideReason]] : []),
      ...(e.actualResult ? [['Actual result', e.actualResult]] : []),
      ...(e.notes ? [['Notes', e.notes]] : []),
    ], { widths: [140, '*'] });
    if (e.steps.length > 0) {
      table(pdf, [['#', 'Action', 'Expected', 'Result', 'Actual'],
        ...e.steps.map((s) => [String(s.number), s.action, s.expected, s.status, s.actual])], { header: true, widths: [22, '*', '*', 60, '*'] });
    }
    for (const s of e.steps) {
      for (const file of s.evidence) {
        paragraph(pdf, `Evidence of step ${s.number}: ${file.fileName}`, { size: 9, color: '#333333' });
        if (file.data && IMAGE_TYPES.has(file.mimeType)) image(pdf, file.data, file.fileName);
        else paragraph(pdf, file.data ? '(not an image: kept as a file in the app)' : '(the file is not on this device: open it in the app while online)', { size: 9, color: '#666666' });
      }
    }
  }
  if (run.untested.length > 0) {
    heading(pdf, 2, 'Not executed');
    table(pdf, [['Case', 'Suite'], ...run.untested.map((u) => [u.title, u.suite])], { header: true });
  }
  return finish(pdf, `Test run report: ${run.name}`, exportedAt);
}
