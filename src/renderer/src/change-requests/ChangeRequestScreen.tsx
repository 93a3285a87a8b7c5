// One change request: what and why, its impacts (each one click away), the approval policy and who
// decided what at which revision, the workflow, comments and activity.
import { useState } from 'react';
import { ActivityPanel } from '../activity/ActivityPanel';
import { CommentsPanel } from '../comments/CommentsPanel';
import { call, describe } from '../ipc/client';
import { titleCase } from '../lib/format';
import { useWorkspace } from '../stores/workspace-store';
import { routeFor } from '../stores/entity-route';
import { useLive } from '../lib/use-live';
import { ApproversPanel } from './ApproversPanel';
import { DecisionEntry } from './DecisionEntry';
import { DecisionPanel } from './DecisionPanel';
import { EditChangeRequestDialog } from './EditChangeRequestDialog';
import { NEXT_STATUSES } from './workflow';

const POLICY: Record<string, string> = { ALL: 'all approvers', ANY: 'any one approver', QUORUM: 'a quorum' };

export function ChangeRequestScreen({ changeRequestId }: { changeRequestId: string }) {
  const go = useWorkspace((s) => s.go);
  const { value: cr, error } = useLive(() => call('changeRequests:get', { id: changeRequestId }),
    'change_requests,change_request_impacts,change_request_approvals,change_request_approvers,documents,test_cases,tasks,outbox', changeRequestId);
  const [actionError, setActionError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  if (!cr) return error ? <p role="alert" className="error">{error}</p> : <p className="loading">Opening change request…</p>;
  async function move(status: string) {
    try {
      await call('changeRequests:update', { id: changeRequestId, changes: { status: status as never } });
      setActionError(null);
    } catch (e) {
      setActionError(describe(e));
    }
  }
  return (
    <section className="screen" data-testid="change-request-screen">
      <button type="button" className="link" onClick={() => go({ screen: 'change-requests' })}>← Change requests</button>
      <header className="screen-header">
        <h1>{cr.number > 0 ? `CR-${cr.number}: ` : ''}{cr.title}</h1>
      </header>
      <p className="muted" data-testid="change-request-meta">
        <span data-testid="change-request-status">{titleCase(cr.status)}</span> · {titleCase(cr.priority)} priority · revision {cr.revision}
        · requested by {cr.requestedByName ?? '—'}{cr.dueDate ? ` · due ${cr.dueDate}` : ''}{cr.unsynced && ' · changes not yet synced'}
      </p>
      <div className="panel-actions">
        {['DRAFT', 'SUBMITTED', 'IN_REVIEW'].includes(cr.status) && <button type="button" data-testid="edit-change-request" onClick={() => setEditing(true)}>Edit…</button>}
        {(NEXT_STATUSES[cr.status] ?? []).map((n) => <button key={n.status} type="button" onClick={() => void move(n.status)}>{n.label}</button>)}
      </div>
      {actionError && <p role="alert" className="error">{actionError}</p>}
      <h2>Description</h2><p className="prewrap">{cr.description || '—'}</p>
      <h2>Justification</h2><p className="prewrap">{cr.justification || '—'}</p>
      <h2>Impacts</h2>
      {cr.impacts.length === 0 ? <p className="muted">No impacts listed.</p> : (
        <table className="list" data-testid="impacts">
          <thead><tr><th>Item</th><th>Severity</th><th>What changes</th></tr></thead>
          <tbody>{cr.impacts.map((i) => {
            const route = routeFor(i.entityType, i.entityId);
            return (
              <tr key={i.id}>
                <td><span className="badge">{titleCase(i.entityType)}</span> {route ? <button type="button" className="link" onClick={() => go(route)}>{i.entityTitle}</button> : i.entityTitle}</td>
                <td>{titleCase(i.severity)}</td><td>{i.description}</td>
              </tr>
            );
          })}</tbody>
        </table>
      )}
      <h2>Approval</h2>
      <p>Needs {POLICY[cr.approvalPolicy] ?? cr.approvalPolicy}{cr.approvalPolicy === 'QUORUM' ? ` of ${cr.approvalQuorum}` : ''}, {cr.approvalMode === 'SEQUENTIAL' ? 'one after another' : 'in parallel'}.</p>
      <ApproversPanel cr={cr} />
      <ul className="decisions" data-testid="decisions">
        {cr.decisions.length === 0 && <li className="muted">No decisions yet.</li>}
        {cr.decisions.map((d) => <DecisionEntry key={d.id} decision={d} />)}
      </ul>
      <DecisionPanel changeRequest={cr} />
      <h2>Comments</h2>
      <CommentsPanel entityType="CHANGE_REQUEST" entityId={cr.id} />
      <h2>Activity</h2>
      <ActivityPanel entityId={cr.id} />
      {editing && <EditChangeRequestDialog cr={cr} onClose={() => setEditing(false)} />}
    </section>
  );
}
