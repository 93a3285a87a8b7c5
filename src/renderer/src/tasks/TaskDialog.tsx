// Create or edit a task: title, type, parent, assignee, due date, estimate; log time on an existing one.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { TASK_STATUSES, TASK_TYPES } from '../../../shared/ipc/domains/tasks';
import type { TaskItem } from '../../../shared/ipc/domains/tasks';
import { CommentsPanel } from '../comments/CommentsPanel';
import { Dialog } from '../common/Dialog';
import { call, describe } from '../ipc/client';
import { titleCase } from '../lib/format';
import { useWorkspace } from '../stores/workspace-store';

interface Props {
  projectId: string;
  task: TaskItem | null;
  tasks: TaskItem[];
  onClose(): void;
}

export function TaskDialog({ projectId, task, tasks, onClose }: Props) {
  const people = useWorkspace((s) => s.people);
  const [form, setForm] = useState({
    title: task?.title ?? '', description: task?.description ?? '', type: task?.type ?? 'TASK', status: task?.status ?? 'TODO',
    parentId: task?.parentId ?? '', assigneeId: task?.assigneeId ?? '', dueDate: task?.dueDate ?? '', estimate: task?.estimateHours?.toString() ?? '',
  });
  const [hours, setHours] = useState('');
  const [error, setError] = useState<string | null>(null);
  const set = (changes: Partial<typeof form>) => setForm((f) => ({ ...f, ...changes }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const changes = {
      description: form.description, taskType: form.type as never, status: form.status as never, assigneeId: form.assigneeId || null,
      dueDate: form.dueDate || null, estimateHours: form.estimate === '' ? null : Number(form.estimate),
    };
    try {
      if (task) await call('tasks:update', { id: task.id, changes: { title: form.title, ...changes } });
      else await call('tasks:create', { projectId, title: form.title, ...(form.parentId ? { parentId: form.parentId } : {}), ...changes });
      onClose();
    } catch (e) {
      setError(describe(e));
    }
  }

  async function logTime() {
    if (!task) return;
    try {
      await call('tasks:logTime', { id: task.id, hours: Number(hours) });
      setHours('');
      setError(null);
    } catch (e) {
      setError(describe(e));
    }
  }

  return (
    <Dialog title={task ? task.title : 'New task'} onClose={onClose} testId="task-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <label>Title<input value={form.title} required maxLength={500} onChange={(e) => set({ title: e.target.value })} /></label>
        <label>Description<textarea rows={3} value={form.description} onChange={(e) => set({ description: e.target.value })} /></label>
        <div className="row">
          <label className="grow">Type<select value={form.type} onChange={(e) => set({ type: e.target.value })}>{TASK_TYPES.map((t) => <option key={t} value={t}>{titleCase(t)}</option>)}</select></label>
          <label className="grow">Status<select value={form.status} onChange={(e) => set({ status: e.target.value })}>{TASK_STATUSES.map((t) => <option key={t} value={t}>{titleCase(t)}</option>)}</select></label>
        </div>
        {!task && (
          <label>Subtask of<select value={form.parentId} onChange={(e) => set({ parentId: e.target.value })}>
            <option value="">— none —</option>
            {tasks.map((t) => <option key={t.id} value={t.id}>{t.title}</option>)}
          </select></label>
        )}
        <div className="row">
          <label className="grow">Assignee<select value={form.assigneeId} onChange={(e) => set({ assigneeId: e.target.value })}>
            <option value="">Unassigned</option>
            {[...people.values()].map((p) => <option key={p.id} value={p.id}>{p.fullName}</option>)}
          </select></label>
          <label className="grow">Due<input type="date" value={form.dueDate} onChange={(e) => set({ dueDate: e.target.value })} /></label>
          <label className="grow">Estimate (h)<input type="number" min={0} step={0.5} value={form.estimate} onChange={(e) => set({ estimate: e.target.value })} /></label>
        </div>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary">{task ? 'Save' : 'Create task'}</button>
        </div>
      </form>
      {task && (
        <>
          <div className="row log-time">
            <span>Logged {task.loggedHours} h</span>
            <input type="number" min={0.25} step={0.25} value={hours} aria-label="Hours to log" onChange={(e) => setHours(e.target.value)} />
            <button type="button" disabled={!(Number(hours) > 0)} onClick={() => void logTime()}>Log time</button>
          </div>
          <h3>Comments</h3>
          <CommentsPanel entityType="TASK" entityId={task.id} />
        </>
      )}
    </Dialog>
  );
}
