// Another organization role for someone (or none).
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { AdminAccount, AdminRole } from '../../../shared/ipc/domains/admin';
import { Dialog } from '../common/Dialog';
import { describe } from '../ipc/client';
import { useAdmin } from './admin-store';
import { RoleOptions } from './RoleOptions';

export function UserRoleDialog({ account, roles, onClose }: { account: AdminAccount; roles: AdminRole[]; onClose(): void }) {
  const act = useAdmin((s) => s.act);
  const [roleId, setRoleId] = useState(account.orgRoleId ?? '');
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const name = roles.find((r) => r.id === roleId)?.name ?? 'no organization role';
    try {
      await act('admin:setUserRole', { userId: account.userId, orgRoleId: roleId || null }, `${account.fullName} now has ${name}.`);
      onClose();
    } catch (e) {
      setError(describe(e));
    }
  }

  return (
    <Dialog title={`Organization role of ${account.fullName}`} onClose={onClose} testId="user-role-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <label>Organization role
          <select value={roleId} onChange={(e) => setRoleId(e.target.value)}>
            <option value="">None (project roles only)</option>
            <RoleOptions roles={roles} />
          </select>
        </label>
        <p className="muted">An organization role applies to every project of the organization. You can only give roles whose permissions you hold yourself.</p>
        {error && <p role="alert" className="error" data-testid="admin-refusal">{error}</p>}
        <div className="actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary">Save role</button>
        </div>
      </form>
    </Dialog>
  );
}
