// An organization administrator's actions on a baseline: rename (name and description) and delete.
// Audited by central, which refuses them to anyone else.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { BaselineSummary } from '../../../shared/trace/baseline';
import { Dialog } from '../common/Dialog';
import { call, describe } from '../ipc/client';

export function BaselineAdminActions({ baseline }: { baseline: BaselineSummary }) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(baseline.name);
  const [description, setDescription] = useState(baseline.description);
  const [error, setError] = useState<string | null>(null);

  async function rename(event: FormEvent) {
    event.preventDefault();
    try {
      await call('baselines:rename', { id: baseline.id, changes: { name: name.trim(), description } });
      setRenaming(false);
    } catch (e) {
      setError(describe(e));
    }
  }
  async function remove() {
    if (!window.confirm(`Delete baseline "${baseline.name}"? It stays in the audit trail.`)) return;
    try {
      await call('baselines:delete', { id: baseline.id });
    } catch (e) {
      setError(describe(e));
    }
  }
  return (
    <>
      <button type="button" onClick={() => setRenaming(true)}>Rename…</button>{' '}
      <button type="button" className="warning" onClick={() => void remove()}>Delete</button>
      {error && !renaming && <p role="alert" className="error">{error}</p>}
      {renaming && (
        <Dialog title="Rename baseline" onClose={() => setRenaming(false)} testId="rename-baseline-dialog">
          <form onSubmit={(e) => void rename(e)}>
            <label>Name<input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} /></label>
            <label>Description<textarea maxLength={5000} value={description} onChange={(e) => setDescription(e.target.value)} /></label>
            <p className="muted">What the baseline recorded does not change.</p>
            {error && <p role="alert" className="error">{error}</p>}
            <div className="actions">
              <button type="button" onClick={() => setRenaming(false)}>Cancel</button>
              <button type="submit" disabled={name.trim() === ''}>Save</button>
            </div>
          </form>
        </Dialog>
      )}
    </>
  );
}
