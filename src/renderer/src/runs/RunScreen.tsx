// One test run: progress, each case with its latest result in the run (executions against an older
// version of a case flagged), execute a case, assign, change status, import JUnit results.
import { useState } from 'react';
import type { JunitReport } from '../../../shared/ipc/domains/runs';
import { call, describe } from '../ipc/client';
import { formatDateTime, titleCase } from '../lib/format';
import { useWorkspace } from '../stores/workspace-store';
import { ResultBadge } from '../testing/ResultBadge';
import { useLive } from '../lib/use-live';
import { JunitReportView } from './JunitReportView';
import { ProgressBar } from './ProgressBar';
import { ExportButton } from '../exports/ExportButton';

const STATUSES = ['PLANNED', 'IN_PROGRESS', 'COMPLETED', 'ARCHIVED'];

export function RunScreen({ runId }: { runId: string }) {
  const go = useWorkspace((s) => s.go);
  const { value: run, error } = useLive(() => call('runs:get', { id: runId }), 'test_runs,test_run_cases,test_executions,test_cases,outbox', runId);
  const [report, setReport] = useState<JunitReport | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  if (!run) return error ? <p role="alert" className="error">{error}</p> : <p className="loading">Opening test run…</p>;

  async function importJunit(file: File) {
    try {
      setReport(await call('runs:importJunit', { id: runId, xml: await file.text() }));
      setActionError(null);
    } catch (e) {
      setReport(null);
      setActionError(describe(e));
    }
  }

  return (
    <section className="screen" data-testid="run-screen">
      <button type="button" className="link" onClick={() => go({ screen: 'test-execution' })}>← Test execution</button>
      <header className="screen-header">
        <h1>{run.name}</h1>
        <select aria-label="Run status" value={run.status} onChange={(e) => void call('runs:update', { id: runId, changes: { status: e.target.value as never } })}>
          {STATUSES.map((s) => <option key={s} value={s}>{titleCase(s)}</option>)}
        </select>
      </header>
      <p className="muted">{[run.environment, run.build].filter(Boolean).join(' / ') || 'No environment'} · testers: {run.assigneeNames.join(', ') || 'none'}</p>
      <ProgressBar progress={run.progress} />
      <div className="panel-actions">
        <label className="tool" title="Record automated results from a JUnit XML report (matched by automation id)">
          Import JUnit XML…
          <input type="file" accept=".xml,text/xml,application/xml" className="sr-only" data-testid="junit-file"
            onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void importJunit(f); }} />
        </label>
        <ExportButton label="Export report (PDF)" testId="export-run-pdf" task="exports:runPdf" make={() => call('exports:runPdf', { id: runId })} />
      </div>
      {actionError && <p role="alert" className="error" data-testid="junit-error">{actionError}</p>}
      {report && <JunitReportView report={report} />}
      <table className="list" data-testid="run-cases">
        <thead><tr><th>Case</th><th>Suite</th><th>Tester</th><th>Result</th><th>When</th><th></th></tr></thead>
        <tbody>
          {run.cases.map((c) => (
            <tr key={c.runCaseId} data-testid="run-case" data-title={c.title}>
              <td><button type="button" className="link" onClick={() => go({ screen: 'test-case', testCaseId: c.testCaseId })}>{c.title}</button></td>
              <td>{c.suite || '—'}</td>
              <td>{c.assignedToName ?? '—'}</td>
              <td>
                <ResultBadge status={c.result} />
                {c.stale && <div className="warning-text" data-testid="run-case-stale">Executed against version {c.testCaseVersion}, current is {c.currentCaseVersion}</div>}
              </td>
              <td>{c.executedAt ? `${formatDateTime(c.executedAt)}${c.executedByName ? ` · ${c.executedByName}` : ''}` : '—'}</td>
              <td><button type="button" onClick={() => go({ screen: 'execute', testCaseId: c.testCaseId, runId })}>Execute</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
