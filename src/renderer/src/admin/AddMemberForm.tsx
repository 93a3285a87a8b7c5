// Adds a person of the organization to a project with a role.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { AdminPerson, AdminProject, AdminRole } from '../../../shared/ipc/domains/admin';
import { describe } from '../ipc/client';
import { useAdmin } from './admin-store';
import { RoleOptions } from './RoleOptions';

export function AddMemberForm({ project, people, roles }: { project: AdminProject; people: AdminPerson[]; roles: AdminRole[] }) {
  const act = useAdmin((s) => s.act);
  const [userId, setUserId] = useState('');
  const [roleId, setRoleId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const members = new Set(project.members.map((m) => m.userId));
  const candidates = people.filter((p) => !members.has(p.id) && p.status !== 'DEACTIVATED');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const who = people.find((p) => p.id === userId)?.fullName ?? 'The person';
    try {
      setError(null);
      await act('admin:addMember', { projectId: project.id, userId, roleId }, `${who} is now a member of ${project.key}.`);
      setUserId('');
    } catch (e) {
      setError(describe(e));
    }
  }

  return (
    <form className="add-member" data-testid="add-member" onSubmit={(e) => void submit(e)}>
      <h3>Add a member</h3>
      <div className="row">
        <label className="grow">Person
          <select required value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">Choose a person…</option>
            {candidates.map((p) => <option key={p.id} value={p.id}>{p.fullName} ({p.email})</option>)}
          </select>
        </label>
        <label className="grow">Project role
          <select required value={roleId} onChange={(e) => setRoleId(e.target.value)}>
            <option value="">Choose a role…</option>
            <RoleOptions roles={roles} />
          </select>
        </label>
      </div>
      {error && <p role="alert" className="error" data-testid="admin-refusal">{error}</p>}
      <button type="submit" className="primary" disabled={!userId || !roleId}>Add member</button>
    </form>
  );
}
