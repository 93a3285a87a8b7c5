// A new project: key, name, description, and optionally its manager (who becomes a PROJECT_MANAGER member).
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { AdminPerson } from '../../../shared/ipc/domains/admin';
import { Dialog } from '../common/Dialog';
import { describe } from '../ipc/client';
import { useAdmin } from './admin-store';

export function NewProjectDialog({ people, onClose, onCreated }: { people: AdminPerson[]; onClose(): void; onCreated(id: string): void }) {
  const act = useAdmin((s) => s.act);
  const [form, setForm] = useState({ key: '', name: '', description: '', managerId: '' });
  const [error, setError] = useState<string | null>(null);
  const set = (changes: Partial<typeof form>) => setForm((f) => ({ ...f, ...changes }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      const { id } = await act('admin:createProject', { key: form.key, name: form.name, description: form.description, managerId: form.managerId || null },
        `Created the project ${form.key.toUpperCase()}.`);
      onCreated(id);
      onClose();
    } catch (e) {
      setError(describe(e));
    }
  }

  return (
    <Dialog title="New project" onClose={onClose} testId="new-project-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <div className="row">
          <label className="narrow">Key<input autoFocus required maxLength={10} value={form.key} onChange={(e) => set({ key: e.target.value.toUpperCase() })} /></label>
          <label className="grow">Name<input required maxLength={200} value={form.name} onChange={(e) => set({ name: e.target.value })} /></label>
        </div>
        <p className="muted">The key prefixes the project's items: 2 to 10 letters or digits, starting with a letter (e.g. WEB, APP2).</p>
        <label>Description<textarea rows={3} maxLength={20_000} value={form.description} onChange={(e) => set({ description: e.target.value })} /></label>
        <label>Manager
          <select value={form.managerId} onChange={(e) => set({ managerId: e.target.value })}>
            <option value="">No manager yet</option>
            {people.filter((p) => p.status === 'ACTIVE').map((p) => <option key={p.id} value={p.id}>{p.fullName} ({p.email})</option>)}
          </select>
        </label>
        {error && <p role="alert" className="error" data-testid="admin-refusal">{error}</p>}
        <div className="actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary">Create project</button>
        </div>
      </form>
    </Dialog>
  );
}
