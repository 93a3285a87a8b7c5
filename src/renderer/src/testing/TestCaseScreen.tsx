// One test case: preconditions, steps, linked documents, execution history (with executions made
// against an older version of the case flagged), and "Execute".
import { ActivityPanel } from '../activity/ActivityPanel';
import { SuspectLinksPanel } from '../trace/SuspectLinksPanel';
import { AttachmentsPanel } from '../attachments/AttachmentsPanel';
import { CommentsPanel } from '../comments/CommentsPanel';
import { Fragment, useState } from 'react';
import { call } from '../ipc/client';
import { formatDateTime, titleCase } from '../lib/format';
import { useWorkspace } from '../stores/workspace-store';
import { ResultBadge } from './ResultBadge';
import { useLive } from '../lib/use-live';

export function TestCaseScreen({ testCaseId }: { testCaseId: string }) {
  const go = useWorkspace((s) => s.go);
  const [discussing, setDiscussing] = useState<string | null>(null);
  const { value: tc, error } = useLive(() => call('testCases:get', { id: testCaseId }), 'test_cases,test_executions,document_relations,documents,outbox', testCaseId);
  if (!tc) return error ? <p role="alert" className="error">{error}</p> : <p className="loading">Opening test case…</p>;
  return (
    <section className="screen" data-testid="test-case-screen">
      <button type="button" className="link" onClick={() => go({ screen: 'test-execution' })}>← Test cases</button>
      <header className="screen-header">
        <h1>{tc.title}</h1>
        <button type="button" className="primary" data-testid="execute" onClick={() => go({ screen: 'execute', testCaseId })}>Execute</button>
      </header>
      <p className="muted">
        {tc.suite || 'No suite'} · {titleCase(tc.priority)} priority · {titleCase(tc.status)} · version {tc.caseVersion} · {titleCase(tc.automationStatus)}
        {tc.automationId ? ` (${tc.automationId})` : ''}
      </p>
      {tc.description && <p>{tc.description}</p>}
      {tc.preconditions && <><h2>Preconditions</h2><p>{tc.preconditions}</p></>}
      <h2>Steps</h2>
      <ol className="steps">
        {tc.steps.map((s, i) => <li key={i}><div>{s.action}</div><div className="muted">Expected: {s.expected_result}</div></li>)}
      </ol>
      <SuspectLinksPanel projectId={tc.projectId} itemId={tc.id} />
      {tc.linkedDocuments.length > 0 && (
        <>
          <h2>Linked documents</h2>
          <ul>{tc.linkedDocuments.map((d) => (
            <li key={d.id}><button type="button" className="link" onClick={() => go({ screen: 'document', documentId: d.id })}>{d.title}</button> <span className="muted">{titleCase(d.relationType)}</span></li>
          ))}</ul>
        </>
      )}
      <h2>Attachments</h2>
      <AttachmentsPanel projectId={tc.projectId} entityType="TEST_CASE" entityId={tc.id} />
      <h2>Execution history</h2>
      {tc.executions.length === 0 ? <p className="muted">Not executed yet.</p> : (
        <table className="list" data-testid="execution-history">
          <thead><tr><th>Result</th><th>When</th><th>By</th><th>Case version</th><th>Environment / build</th><th></th></tr></thead>
          <tbody>
            {tc.executions.map((e) => (
              <Fragment key={e.id}>
              <tr data-testid="execution-row">
                <td><ResultBadge status={e.status} />{e.unsynced && <span className="badge unsynced">Unsynced</span>}</td>
                <td>{formatDateTime(e.executedAt)}</td>
                <td>{e.executedByName ?? 'You'}</td>
                <td data-testid="execution-version">
                  {e.stale ? <span className="warning-text">Executed against version {e.testCaseVersion}, current is {e.currentCaseVersion}</span> : `Version ${e.testCaseVersion}`}
                </td>
                <td>{[e.environment, e.build].filter(Boolean).join(' / ') || '—'}</td>
                <td><button type="button" className="link" onClick={() => setDiscussing(discussing === e.id ? null : e.id)}>{discussing === e.id ? 'Hide comments' : 'Comments'}</button></td>
              </tr>
              {discussing === e.id && (
                <tr><td colSpan={6}><CommentsPanel entityType="TEST_EXECUTION" entityId={e.id} /></td></tr>
              )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
      <h2>Comments</h2>
      <CommentsPanel entityType="TEST_CASE" entityId={testCaseId} />
      <h2>Activity</h2>
      <ActivityPanel entityId={testCaseId} />
    </section>
  );
}
