import type { ReactElement } from 'react';
import type { TaskItem } from '../../../shared/ipc/domains/tasks';
import { titleCase } from '../lib/format';

export function TaskList({ tasks, onOpen }: { tasks: TaskItem[]; onOpen(id: string): void }) {
  const ids = new Set(tasks.map((t) => t.id));
  const rows = (parentId: string | null, depth: number): ReactElement[] =>
    tasks.filter((t) => (parentId === null ? t.parentId === null || !ids.has(t.parentId) : t.parentId === parentId)).flatMap((t) => [
      <tr key={t.id} data-testid="task-row" data-title={t.title}>
        <td style={{ paddingLeft: `${0.5 + depth * 1.25}rem` }}>
          <button type="button" className="link" onClick={() => onOpen(t.id)}>{t.title}</button>
          {t.unsynced && <span className="badge unsynced">Unsynced</span>}
        </td>
        <td>{titleCase(t.type)}</td><td>{titleCase(t.status)}</td><td>{t.assigneeName ?? '—'}</td><td>{t.dueDate ?? '—'}</td>
        <td>{t.loggedHours} / {t.estimateHours ?? '—'} h</td>
      </tr>,
      ...rows(t.id, depth + 1),
    ]);
  if (tasks.length === 0) return <p className="empty">No tasks.</p>;
  return (
    <table className="list" data-testid="task-list">
      <thead><tr><th>Title</th><th>Type</th><th>Status</th><th>Assignee</th><th>Due</th><th>Logged / estimate</th></tr></thead>
      <tbody>{rows(null, 0)}</tbody>
    </table>
  );
}
