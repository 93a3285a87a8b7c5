// A new account: email, name, initial password (the organization's rule), organization role.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { AdminRole } from '../../../shared/ipc/domains/admin';
import { Dialog } from '../common/Dialog';
import { describe } from '../ipc/client';
import { useAdmin } from './admin-store';
import { PasswordField } from './PasswordField';
import { RoleOptions } from './RoleOptions';

export function NewUserDialog({ roles, onClose }: { roles: AdminRole[]; onClose(): void }) {
  const act = useAdmin((s) => s.act);
  const [form, setForm] = useState({ email: '', fullName: '', password: '', orgRoleId: '' });
  const [error, setError] = useState<string | null>(null);
  const set = (changes: Partial<typeof form>) => setForm((f) => ({ ...f, ...changes }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await act('admin:createUser', { email: form.email, fullName: form.fullName, password: form.password, orgRoleId: form.orgRoleId || null },
        `Created the account of ${form.fullName || form.email}.`);
      onClose();
    } catch (e) {
      setError(describe(e));
    }
  }

  return (
    <Dialog title="New user" onClose={onClose} testId="new-user-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <label>Email<input type="email" autoFocus required maxLength={320} value={form.email} onChange={(e) => set({ email: e.target.value })} /></label>
        <label>Full name<input required maxLength={200} value={form.fullName} onChange={(e) => set({ fullName: e.target.value })} /></label>
        <PasswordField label="Initial password" value={form.password} email={form.email} onChange={(password) => set({ password })} />
        <label>Organization role
          <select value={form.orgRoleId} onChange={(e) => set({ orgRoleId: e.target.value })}>
            <option value="">None (project roles only)</option>
            <RoleOptions roles={roles} />
          </select>
        </label>
        <p className="muted">Give the person their password in person or by another channel; they can sign in at once.</p>
        {error && <p role="alert" className="error" data-testid="admin-refusal">{error}</p>}
        <div className="actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary">Create user</button>
        </div>
      </form>
    </Dialog>
  );
}
