import { useState } from 'react';
import type { FormEvent } from 'react';
import { Dialog } from '../common/Dialog';
import { call, describe } from '../ipc/client';
import { useWorkspace } from '../stores/workspace-store';
import { useLive } from '../lib/use-live';

export function NewRunDialog({ projectId, onClose }: { projectId: string; onClose(): void }) {
  const { people, go } = useWorkspace();
  const suites = useLive(() => call('testCases:suites', { projectId }), 'test_cases', projectId);
  const [form, setForm] = useState({ name: '', environment: '', build: '', suite: '', assignees: [] as string[], chosen: [] as string[] });
  const cases = useLive(() => call('testCases:list', { projectId }), 'test_cases', projectId);
  const [error, setError] = useState<string | null>(null);
  const set = (changes: Partial<typeof form>) => setForm((f) => ({ ...f, ...changes }));
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      const { id } = await call('runs:create', {
        projectId, name: form.name, environment: form.environment, build: form.build, assignees: form.assignees,
        ...(form.suite === 'CHOSEN' ? { testCaseIds: form.chosen } : { filter: form.suite ? { suite: form.suite } : {} }),
      });
      onClose();
      go({ screen: 'run', runId: id });
    } catch (e) {
      setError(describe(e));
    }
  }
  return (
    <Dialog title="New test run" onClose={onClose} testId="new-run-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <label>Name<input value={form.name} required maxLength={500} onChange={(e) => set({ name: e.target.value })} /></label>
        <label>Cases<select aria-label="Cases" value={form.suite} onChange={(e) => set({ suite: e.target.value })}>
          <option value="">Every test case of the project</option>
          <option value="CHOSEN">Cases I choose…</option>
          {(suites.value ?? []).map((s) => <option key={s} value={s}>Suite: {s}</option>)}
        </select></label>
        {form.suite === 'CHOSEN' && (
          <fieldset className="case-choice" aria-label="Choose cases">
            {(cases.value ?? []).map((c) => (
              <label key={c.id} className="check">
                <input type="checkbox" checked={form.chosen.includes(c.id)}
                  onChange={(e) => set({ chosen: e.target.checked ? [...form.chosen, c.id] : form.chosen.filter((x) => x !== c.id) })} />
                {c.title} <span className="muted">{c.suite}</span>
              </label>
            ))}
          </fieldset>
        )}
        <div className="row">
          <label className="grow">Environment<input value={form.environment} onChange={(e) => set({ environment: e.target.value })} /></label>
          <label className="grow">Build<input value={form.build} onChange={(e) => set({ build: e.target.value })} /></label>
        </div>
        <label>Testers (cases are shared out among them)
          <select multiple aria-label="Testers" value={form.assignees} size={Math.min(5, Math.max(2, people.size))}
            onChange={(e) => set({ assignees: [...e.target.selectedOptions].map((o) => o.value) })}>
            {[...people.values()].map((p) => <option key={p.id} value={p.id}>{p.fullName}</option>)}
          </select>
        </label>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="actions"><button type="button" onClick={onClose}>Cancel</button><button type="submit" className="primary">Create run</button></div>
      </form>
    </Dialog>
  );
}
