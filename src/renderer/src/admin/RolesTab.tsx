// Roles: the built-in ones (read-only) and the organization's custom roles, made from the permission catalogue.
import { useState } from 'react';
import type { AdminOverview, AdminRole } from '../../../shared/ipc/domains/admin';
import { useAdmin } from './admin-store';
import { ConfirmDialog } from './ConfirmDialog';
import { RoleDialog } from './RoleDialog';

export function RolesTab({ overview }: { overview: AdminOverview }) {
  const act = useAdmin((s) => s.act);
  const [open, setOpen] = useState<AdminRole | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AdminRole | null>(null);
  return (
    <div data-testid="admin-roles">
      <div className="tab-header">
        <p className="muted">Built-in roles are fixed; custom roles combine permissions from the catalogue.</p>
        <button type="button" className="primary" data-testid="new-role" onClick={() => setOpen('new')}>New role</button>
      </div>
      <table className="list" data-testid="role-list">
        <thead><tr><th>Role</th><th>Kind</th><th>Permissions</th><th>Used by</th><th><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {overview.roles.map((r) => (
            <tr key={r.id} data-testid="role-row" data-name={r.name}>
              <td><strong>{r.name}</strong><div className="muted">{r.description}</div></td>
              <td>{r.isSystem ? 'Built-in' : 'Custom'}</td>
              <td>{r.permissions.length}</td>
              <td>{r.users} as organization role · {r.memberships} membership{r.memberships === 1 ? '' : 's'}</td>
              <td className="row-actions">
                <button type="button" aria-label={`${r.isSystem ? 'View' : 'Edit'} ${r.name}`} onClick={() => setOpen(r)}>{r.isSystem ? 'View' : 'Edit'}</button>
                {!r.isSystem && <button type="button" aria-label={`Delete ${r.name}`} onClick={() => setDeleting(r)}>Delete</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && <RoleDialog role={open === 'new' ? null : open} catalogue={overview.permissions} onClose={() => setOpen(null)} />}
      {deleting && (
        <ConfirmDialog title={`Delete the role ${deleting.name}?`} confirm="Delete role" onClose={() => setDeleting(null)}
          onConfirm={() => act('admin:deleteRole', { roleId: deleting.id }, `Deleted the role ${deleting.name}.`)}>
          <p>Only a role that nobody has can be deleted: give its users and members another role first.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
