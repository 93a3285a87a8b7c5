// Edit what a change request asks for, and its impacts. Central counts each change reviewers judge as a
// new revision, so decisions taken on the old one no longer count.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { ChangeRequestDetail } from '../../../shared/ipc/domains/change-requests';
import type { LinkTarget } from '../../../shared/ipc/domains/documents';
import { Dialog } from '../common/Dialog';
import { call, describe } from '../ipc/client';
import { titleCase } from '../lib/format';

export function EditChangeRequestDialog({ cr, onClose }: { cr: ChangeRequestDetail; onClose(): void }) {
  const [form, setForm] = useState({ title: cr.title, description: cr.description, justification: cr.justification, priority: cr.priority, dueDate: cr.dueDate ?? '' });
  const [error, setError] = useState<string | null>(null);
  const set = (changes: Partial<typeof form>) => setForm((f) => ({ ...f, ...changes }));
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await call('changeRequests:update', {
        id: cr.id, changes: {
          title: form.title, description: form.description, justification: form.justification, priority: form.priority as never,
          dueDate: form.dueDate || null,
        },
      });
      onClose();
    } catch (e) {
      setError(describe(e));
    }
  }
  return (
    <Dialog title={`Edit CR-${cr.number}`} onClose={onClose} testId="edit-change-request-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <label>Title<input value={form.title} required maxLength={500} onChange={(e) => set({ title: e.target.value })} /></label>
        <label>Description<textarea rows={4} value={form.description} onChange={(e) => set({ description: e.target.value })} /></label>
        <label>Justification<textarea rows={3} value={form.justification} onChange={(e) => set({ justification: e.target.value })} /></label>
        <div className="row">
          <label className="grow">Priority<select value={form.priority} onChange={(e) => set({ priority: e.target.value })}>
            {['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map((p) => <option key={p} value={p}>{titleCase(p)}</option>)}
          </select></label>
          <label className="grow">Due<input type="date" value={form.dueDate} onChange={(e) => set({ dueDate: e.target.value })} /></label>
        </div>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="actions"><button type="button" onClick={onClose}>Cancel</button><button type="submit" className="primary">Save</button></div>
      </form>
      <ImpactEditor cr={cr} />
    </Dialog>
  );
}

function ImpactEditor({ cr }: { cr: ChangeRequestDetail }) {
  const [query, setQuery] = useState('');
  const [targets, setTargets] = useState<LinkTarget[]>([]);
  const [severity, setSeverity] = useState('MEDIUM');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!query.trim()) return setTargets([]);
    let current = true;
    Promise.all([
      call('documents:list', { projectId: cr.projectId, text: query }),
      call('testCases:list', { projectId: cr.projectId, text: query }),
    ]).then(([docs, cases]) => current && setTargets([
      ...docs.slice(0, 10).map((d): LinkTarget => ({ kind: 'document', id: d.id, title: d.title })),
      ...cases.slice(0, 10).map((c): LinkTarget => ({ kind: 'testCase', id: c.id, title: c.title })),
    ]), () => undefined);
    return () => {
      current = false;
    };
  }, [cr.projectId, query]);
  async function add(target: LinkTarget) {
    try {
      await call('changeRequests:addImpact', {
        changeRequestId: cr.id, entityType: target.kind === 'document' ? 'DOCUMENT' : 'TEST_CASE', entityId: target.id, severity: severity as never, description,
      });
      setQuery('');
      setDescription('');
      setError(null);
    } catch (e) {
      setError(describe(e));
    }
  }
  return (
    <section className="impact-editor">
      <h3>Impacts</h3>
      <ul>
        {cr.impacts.map((i) => (
          <li key={i.id}>{titleCase(i.entityType)}: {i.entityTitle} ({titleCase(i.severity)})
            <button type="button" className="icon" aria-label={`Remove impact on ${i.entityTitle}`} onClick={() => void call('changeRequests:removeImpact', { id: i.id })}>×</button></li>
        ))}
      </ul>
      <div className="row">
        <label className="grow">Affected item<input type="search" value={query} placeholder="Find a document or test case" onChange={(e) => setQuery(e.target.value)} /></label>
        <label>Severity<select value={severity} onChange={(e) => setSeverity(e.target.value)}>
          {['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map((p) => <option key={p} value={p}>{titleCase(p)}</option>)}
        </select></label>
      </div>
      <label>What changes for it<input value={description} onChange={(e) => setDescription(e.target.value)} /></label>
      {targets.length > 0 && (
        <ul className="choices" aria-label="Add an impact on">
          {targets.map((t) => <li key={t.id}><button type="button" className="link" onClick={() => void add(t)}>{t.kind === 'document' ? 'Document' : 'Test case'}: {t.title}</button></li>)}
        </ul>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
