// Who must decide: listed approvers (and their order when decided one after another), with where each
// stands at the current revision. Editable while the request is not yet decided.
import { useState } from 'react';
import type { ChangeRequestDetail } from '../../../shared/ipc/domains/change-requests';
import { call, describe } from '../ipc/client';
import { titleCase } from '../lib/format';
import { useWorkspace } from '../stores/workspace-store';

export function ApproversPanel({ cr }: { cr: ChangeRequestDetail }) {
  const people = useWorkspace((s) => s.people);
  const [adding, setAdding] = useState('');
  const [error, setError] = useState<string | null>(null);
  const editable = ['DRAFT', 'SUBMITTED', 'IN_REVIEW'].includes(cr.status);
  const sequential = cr.approvalMode === 'SEQUENTIAL';
  async function add() {
    if (!adding) return;
    try {
      const position = sequential ? Math.max(0, ...cr.approvers.map((a) => a.position)) + 1 : 1;
      await call('changeRequests:addApprover', { changeRequestId: cr.id, approverId: adding, position });
      setAdding('');
      setError(null);
    } catch (e) {
      setError(describe(e));
    }
  }
  return (
    <div className="approvers" data-testid="approvers">
      {cr.approvers.length === 0
        ? <p className="muted">No approvers listed: anyone who may approve in this project can decide.</p>
        : (
          <ol>
            {cr.approvers.map((a) => (
              <li key={a.id} data-testid="approver">
                {sequential && <span className="muted">{a.position}. </span>}{a.name ?? 'Unknown'} — {a.decision ? titleCase(a.decision) : 'waiting'}
                {editable && <button type="button" className="icon" aria-label={`Remove ${a.name ?? 'approver'}`} onClick={() => void call('changeRequests:removeApprover', { id: a.id })}>×</button>}
              </li>
            ))}
          </ol>
        )}
      {editable && (
        <div className="row">
          <select aria-label="Add an approver" value={adding} onChange={(e) => setAdding(e.target.value)}>
            <option value="">Add an approver…</option>
            {[...people.values()].filter((p) => !cr.approvers.some((a) => a.approverId === p.id)).map((p) => <option key={p.id} value={p.id}>{p.fullName}</option>)}
          </select>
          <button type="button" disabled={!adding} onClick={() => void add()}>Add</button>
        </div>
      )}
      {editable && cr.approvers.length > 0 && <p className="muted">Changing approvers starts a new revision: decisions already taken no longer count.</p>}
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}
