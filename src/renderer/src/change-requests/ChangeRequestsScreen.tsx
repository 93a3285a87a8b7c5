// Change requests of the project, with "Waiting for my decision" first: priority, age and due date.
import { useState } from 'react';
import { CR_STATUSES } from '../../../shared/ipc/domains/change-requests';
import { call } from '../ipc/client';
import { titleCase } from '../lib/format';
import { useWorkspace } from '../stores/workspace-store';
import { useLive } from '../lib/use-live';
import { NewChangeRequestDialog } from './NewChangeRequestDialog';

export function ChangeRequestsScreen({ projectId }: { projectId: string }) {
  const go = useWorkspace((s) => s.go);
  const [status, setStatus] = useState('');
  const [awaitingMe, setAwaitingMe] = useState(false);
  const [creating, setCreating] = useState(false);
  const filter = { projectId, ...(status ? { status: status as never } : {}), ...(awaitingMe ? { awaitingMe } : {}) };
  const { value, error } = useLive(() => call('changeRequests:list', filter), 'change_requests,change_request_approvals,project_members,outbox', JSON.stringify(filter));
  const items = value ?? [];
  return (
    <section className="screen" data-testid="change-requests-screen">
      <header className="screen-header">
        <h1>Change requests</h1>
        <button type="button" className="primary" onClick={() => setCreating(true)}>New change request</button>
      </header>
      <div className="filters">
        <label className="check"><input type="checkbox" checked={awaitingMe} onChange={(e) => setAwaitingMe(e.target.checked)} data-testid="awaiting-me" /> Waiting for my decision</label>
        <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any status</option>
          {CR_STATUSES.map((s) => <option key={s} value={s}>{titleCase(s)}</option>)}
        </select>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {value && items.length === 0 && <p className="empty">No change requests match.</p>}
      {items.length > 0 && (
        <table className="list" data-testid="change-request-list">
          <thead><tr><th>#</th><th>Title</th><th>Status</th><th>Priority</th><th>Age</th><th>Due</th><th>Requested by</th></tr></thead>
          <tbody>
            {items.map((cr) => (
              <tr key={cr.id} data-testid="change-request-row" data-title={cr.title}>
                <td>{cr.number > 0 ? `CR-${cr.number}` : '—'}</td>
                <td>
                  <button type="button" className="link" onClick={() => go({ screen: 'change-request', changeRequestId: cr.id })}>{cr.title}</button>
                  {cr.awaitingMe && <span className="badge count">Your decision</span>}
                  {cr.unsynced && <span className="badge unsynced">Unsynced</span>}
                </td>
                <td>{titleCase(cr.status)}</td><td>{titleCase(cr.priority)}</td><td>{cr.ageDays} d</td><td>{cr.dueDate ?? '—'}</td>
                <td>{cr.requestedByName ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating && <NewChangeRequestDialog projectId={projectId} onClose={() => setCreating(false)} />}
    </section>
  );
}
