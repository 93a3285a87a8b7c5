import { useState } from 'react';
import type { FormEvent } from 'react';
import { Dialog } from '../common/Dialog';
import { call, describe } from '../ipc/client';
import { useWorkspace } from '../stores/workspace-store';

export function NewChangeRequestDialog({ projectId, onClose }: { projectId: string; onClose(): void }) {
  const go = useWorkspace((s) => s.go);
  const [form, setForm] = useState({ title: '', description: '', justification: '', priority: 'MEDIUM', policy: 'ALL', quorum: '2', mode: 'PARALLEL', dueDate: '' });
  const [error, setError] = useState<string | null>(null);
  const set = (changes: Partial<typeof form>) => setForm((f) => ({ ...f, ...changes }));
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      const { id } = await call('changeRequests:create', {
        projectId, title: form.title, description: form.description, justification: form.justification, priority: form.priority as never,
        approvalPolicy: form.policy as never, approvalQuorum: form.policy === 'QUORUM' ? Number(form.quorum) : null, approvalMode: form.mode as never,
        ...(form.dueDate ? { dueDate: form.dueDate } : {}),
      });
      onClose();
      go({ screen: 'change-request', changeRequestId: id });
    } catch (e) {
      setError(describe(e));
    }
  }
  return (
    <Dialog title="New change request" onClose={onClose} testId="new-change-request-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <label>Title<input value={form.title} required maxLength={500} onChange={(e) => set({ title: e.target.value })} /></label>
        <label>Description<textarea rows={3} value={form.description} onChange={(e) => set({ description: e.target.value })} /></label>
        <label>Justification<textarea rows={2} value={form.justification} onChange={(e) => set({ justification: e.target.value })} /></label>
        <div className="row">
          <label className="grow">Priority<select value={form.priority} onChange={(e) => set({ priority: e.target.value })}>
            {['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map((p) => <option key={p} value={p}>{p.charAt(0) + p.slice(1).toLowerCase()}</option>)}
          </select></label>
          <label className="grow">Due<input type="date" value={form.dueDate} onChange={(e) => set({ dueDate: e.target.value })} /></label>
        </div>
        <div className="row">
          <label className="grow">Approval needs<select value={form.policy} onChange={(e) => set({ policy: e.target.value })}>
            <option value="ALL">All approvers</option><option value="ANY">Any one approver</option><option value="QUORUM">A quorum</option>
          </select></label>
          {form.policy === 'QUORUM' && <label className="narrow">Quorum<input type="number" min={1} value={form.quorum} onChange={(e) => set({ quorum: e.target.value })} /></label>}
          <label className="grow">Order<select value={form.mode} onChange={(e) => set({ mode: e.target.value })}>
            <option value="PARALLEL">In parallel</option><option value="SEQUENTIAL">One after another</option>
          </select></label>
        </div>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="actions"><button type="button" onClick={onClose}>Cancel</button><button type="submit" className="primary">Create as draft</button></div>
      </form>
    </Dialog>
  );
}
