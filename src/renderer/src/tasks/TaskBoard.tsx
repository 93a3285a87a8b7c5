// Columns by status; a card moves with its status menu (keyboard-friendly, no drag needed).
import { TASK_STATUSES } from '../../../shared/ipc/domains/tasks';
import type { TaskItem } from '../../../shared/ipc/domains/tasks';
import { call } from '../ipc/client';
import { titleCase } from '../lib/format';

export function TaskBoard({ tasks, onOpen }: { tasks: TaskItem[]; onOpen(id: string): void }) {
  return (
    <div className="board" data-testid="task-board">
      {TASK_STATUSES.filter((s) => s !== 'CANCELLED').map((status) => (
        <section key={status} className="board-column" aria-label={titleCase(status)} data-testid={`column-${status}`}>
          <h2>{titleCase(status)} <span className="muted">{tasks.filter((t) => t.status === status).length}</span></h2>
          {tasks.filter((t) => t.status === status).map((t) => (
            <article key={t.id} className="card" data-testid="task-card">
              <button type="button" className="link" onClick={() => onOpen(t.id)}>{t.title}</button>
              <div className="muted">{titleCase(t.type)} · {t.assigneeName ?? 'Unassigned'}{t.dueDate ? ` · due ${t.dueDate}` : ''}</div>
              <select aria-label={`Status of ${t.title}`} value={t.status}
                onChange={(e) => void call('tasks:update', { id: t.id, changes: { status: e.target.value as never } })}>
                {TASK_STATUSES.map((s) => <option key={s} value={s}>{titleCase(s)}</option>)}
              </select>
            </article>
          ))}
        </section>
      ))}
    </div>
  );
}
