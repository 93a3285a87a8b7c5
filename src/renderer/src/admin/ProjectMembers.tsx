// One project's members with their roles: change a role, remove a member, add one.
import { useState } from 'react';
import type { AdminMember, AdminPerson, AdminProject, AdminRole } from '../../../shared/ipc/domains/admin';
import { describe } from '../ipc/client';
import { formatDateTime } from '../lib/format';
import { useAdmin } from './admin-store';
import { AddMemberForm } from './AddMemberForm';
import { ConfirmDialog } from './ConfirmDialog';
import { RoleOptions } from './RoleOptions';

interface Props {
  project: AdminProject;
  people: AdminPerson[];
  roles: AdminRole[];
}

export function ProjectMembers({ project, people, roles }: Props) {
  const act = useAdmin((s) => s.act);
  const [removing, setRemoving] = useState<AdminMember | null>(null);
  const [error, setError] = useState<string | null>(null);
  const manage = project.canManageMembers;

  async function changeRole(member: AdminMember, roleId: string) {
    const role = roles.find((r) => r.id === roleId)?.name ?? 'another role';
    try {
      setError(null);
      await act('admin:setMemberRole', { projectId: project.id, userId: member.userId, roleId }, `${member.fullName} is now ${role} in ${project.key}.`);
    } catch (e) {
      setError(describe(e));
    }
  }

  return (
    <section className="project-members" data-testid="project-members" aria-label={`Members of ${project.key}`}>
      <h2>{project.key} — {project.name}</h2>
      {project.description && <p className="muted">{project.description}</p>}
      {!manage && <p className="notice">You can see this project's members but not change them: that needs the project's manager or an organization administrator.</p>}
      {error && <p role="alert" className="error" data-testid="admin-refusal">{error}</p>}
      {project.members.length === 0 ? <p className="empty">No members yet.</p> : (
        <table className="list">
          <thead><tr><th>Member</th><th>Project role</th><th>Since</th><th><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {project.members.map((m) => (
              <tr key={m.userId} data-testid="member-row" data-email={m.email}>
                <td><strong>{m.fullName}</strong>{m.userId === project.managerId && <span className="badge">manager</span>}<div className="muted">{m.email}</div></td>
                <td>
                  {manage ? (
                    <select aria-label={`Project role of ${m.fullName}`} value={m.roleId} onChange={(e) => void changeRole(m, e.target.value)}>
                      <RoleOptions roles={roles} brief />
                    </select>
                  ) : m.roleName}
                </td>
                <td>{formatDateTime(m.joinedAt)}</td>
                <td>{manage && <button type="button" aria-label={`Remove ${m.fullName}`} onClick={() => setRemoving(m)}>Remove</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {manage && <AddMemberForm key={project.id} project={project} people={people} roles={roles} />}
      {removing && (
        <ConfirmDialog title={`Remove ${removing.fullName} from ${project.key}?`} confirm="Remove member" onClose={() => setRemoving(null)}
          onConfirm={() => act('admin:removeMember', { projectId: project.id, userId: removing.userId }, `Removed ${removing.fullName} from ${project.key}.`)}>
          <p>The project leaves {removing.fullName}'s devices at their next sync; changes they have not synced yet are kept aside and shown to them, never dropped. You can add them again later.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
