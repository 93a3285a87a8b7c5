// A custom role's name, description and permissions (new or changed); a built-in role, read-only.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { AdminPermission, AdminRole } from '../../../shared/ipc/domains/admin';
import { Dialog } from '../common/Dialog';
import { describe } from '../ipc/client';
import { useAdmin } from './admin-store';
import { PermissionPicker } from './PermissionPicker';

export function RoleDialog({ role, catalogue, onClose }: { role: AdminRole | null; catalogue: AdminPermission[]; onClose(): void }) {
  const act = useAdmin((s) => s.act);
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [chosen, setChosen] = useState(() => new Set(role?.permissions ?? []));
  const [error, setError] = useState<string | null>(null);
  const readOnly = role?.isSystem ?? false;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const permissions = [...chosen];
    try {
      if (role) await act('admin:updateRole', { roleId: role.id, name, description, permissions }, `Saved the role ${name.toUpperCase()}.`);
      else await act('admin:createRole', { name, description, permissions }, `Created the role ${name.toUpperCase()}.`);
      onClose();
    } catch (e) {
      setError(describe(e));
    }
  }

  const title = !role ? 'New role' : readOnly ? `${role.name} (built-in)` : `Role ${role.name}`;
  return (
    <Dialog title={title} onClose={onClose} testId="role-dialog">
      <form onSubmit={(e) => void submit(e)}>
        {readOnly && <p className="notice">Built-in roles cannot be changed. To adjust one, create a custom role with the permissions you need.</p>}
        <label>Name<input required maxLength={63} readOnly={readOnly} value={name} placeholder="QA_LEAD" onChange={(e) => setName(e.target.value.toUpperCase())} /></label>
        <label>Description<input maxLength={1000} readOnly={readOnly} value={description} onChange={(e) => setDescription(e.target.value)} /></label>
        <h3>Permissions <span className="muted">({chosen.size} chosen)</span></h3>
        {!readOnly && <p className="muted">"All projects" applies to every project when the role is an organization role; "in the project" where the person is a member with this role; "own items" to what they created. You can only grant what you hold yourself.</p>}
        <PermissionPicker catalogue={catalogue} chosen={chosen} readOnly={readOnly} onChange={setChosen} />
        {error && <p role="alert" className="error" data-testid="admin-refusal">{error}</p>}
        <div className="actions">
          <button type="button" onClick={onClose}>{readOnly ? 'Close' : 'Cancel'}</button>
          {!readOnly && <button type="submit" className="primary">{role ? 'Save role' : 'Create role'}</button>}
        </div>
      </form>
    </Dialog>
  );
}
