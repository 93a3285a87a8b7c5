// Takes a baseline: of the whole project, or of chosen documents and suites. Works offline: it records
// the versions this device holds, and syncs like every other record.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Dialog } from '../common/Dialog';
import { call, describe } from '../ipc/client';
import { useLive } from '../lib/use-live';

export function NewBaselineDialog({ projectId, onClose }: { projectId: string; onClose(): void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [documentIds, setDocumentIds] = useState<string[]>([]);
  const [suites, setSuites] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const documents = useLive(() => call('documents:list', { projectId }), 'documents', projectId).value ?? [];
  const allSuites = useLive(() => call('testCases:suites', { projectId }), 'test_cases', projectId).value ?? [];
  const toggle = (list: string[], value: string) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await call('baselines:create', { projectId, name: name.trim(), description, documentIds, suites });
      onClose();
    } catch (e) {
      setError(describe(e));
      setBusy(false);
    }
  }
  return (
    <Dialog title="New baseline" onClose={onClose} testId="new-baseline-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <label>Name<input required maxLength={200} value={name} data-testid="baseline-name" onChange={(e) => setName(e.target.value)} /></label>
        <label>Description<textarea maxLength={5000} value={description} onChange={(e) => setDescription(e.target.value)} /></label>
        <p className="muted">Records the exact version of every document and test case{documentIds.length + suites.length > 0 ? ' chosen below' : ' of the project'}.
          A baseline cannot be changed afterwards.</p>
        <details>
          <summary>Only some documents and suites</summary>
          <fieldset className="choice-list"><legend>Documents</legend>
            {documents.filter((d) => !d.isTemplate).map((d) => (
              <label key={d.id}><input type="checkbox" checked={documentIds.includes(d.id)} onChange={() => setDocumentIds(toggle(documentIds, d.id))} />{d.title}</label>
            ))}
          </fieldset>
          <fieldset className="choice-list"><legend>Suites</legend>
            {allSuites.map((s) => (
              <label key={s}><input type="checkbox" checked={suites.includes(s)} onChange={() => setSuites(toggle(suites, s))} />{s}</label>
            ))}
          </fieldset>
        </details>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" data-testid="create-baseline" disabled={busy || name.trim() === ''}>Take baseline</button>
        </div>
      </form>
    </Dialog>
  );
}
