// The organization's accounts: status, role, failed sign-ins, open sessions, and what to do about them.
import { useState } from 'react';
import type { AdminOverview } from '../../../shared/ipc/domains/admin';
import { formatAgo } from '../lib/format';
import { useSession } from '../stores/session-store';
import { accountState, stateLabel } from './account-status';
import { AccountActions } from './AccountActions';
import { NewUserDialog } from './NewUserDialog';

export function PeopleTab({ overview }: { overview: AdminOverview }) {
  const session = useSession((s) => s.state);
  const me = session?.status === 'signed-in' ? session.user.id : null;
  const [creating, setCreating] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const roleName = new Map(overview.roles.map((r) => [r.id, r.name]));
  const accounts = overview.accounts ?? [];
  return (
    <div data-testid="admin-people">
      <div className="tab-header">
        <p className="muted">{accounts.length} account{accounts.length === 1 ? '' : 's'} in your organization.</p>
        <button type="button" className="primary" data-testid="new-user" onClick={() => setCreating(true)}>New user</button>
      </div>
      {refusal && <p role="alert" className="error" data-testid="admin-refusal">{refusal}</p>}
      <table className="list" data-testid="account-list">
        <thead>
          <tr><th>Person</th><th>Status</th><th>Organization role</th><th>Failed sign-ins</th><th>Open sessions</th><th>Last sign-in</th><th><span className="sr-only">Actions</span></th></tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.userId} data-testid="account-row" data-email={a.email} data-state={accountState(a)}>
              <td><strong>{a.fullName}</strong>{a.userId === me && <span className="badge">you</span>}<div className="muted">{a.email}</div></td>
              <td><span className={`account-state state-${accountState(a)}`} data-testid="account-state">{stateLabel(a)}</span></td>
              <td>{a.orgRoleId ? roleName.get(a.orgRoleId) ?? 'Unknown role' : '—'}{a.isOrgAdmin && <span className="badge">administrator</span>}</td>
              <td>{a.failedAttempts}</td>
              <td>{a.openSessions}</td>
              <td>{formatAgo(a.lastLoginAt)}</td>
              <td><AccountActions account={a} roles={overview.roles} onRefused={setRefusal} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      {creating && <NewUserDialog roles={overview.roles} onClose={() => setCreating(false)} />}
    </div>
  );
}
