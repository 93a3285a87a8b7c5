// Tasks from the replica: list (subtasks under their parent), create, change, log time.
import type Database from 'better-sqlite3';
import type { TaskItem } from '../../shared/ipc/domains/tasks';
import type { LocalWriter } from './local-writer';
import { LocalWriteError } from './local-writer';

export interface TaskChanges {
  title?: string; description?: string; status?: string; priority?: string; taskType?: string; assigneeId?: string | null;
  dueDate?: string | null; estimateHours?: number | null;
}

function columns(changes: TaskChanges): Record<string, unknown> {
  const map: Record<keyof TaskChanges, string> = {
    title: 'title', description: 'description', status: 'status', priority: 'priority', taskType: 'task_type', assigneeId: 'assignee_id',
    dueDate: 'due_date', estimateHours: 'estimate_hours',
  };
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined).map(([k, v]) => [map[k as keyof TaskChanges], v]));
}

export class TaskService {
  constructor(private readonly db: Database.Database, private readonly writer: LocalWriter) {}

  list(filter: { projectId: string; assigneeId?: string; status?: string }): TaskItem[] {
    const rows = this.db.prepare(`SELECT t.*, u.full_name AS assignee_name, EXISTS (SELECT 1 FROM outbox o WHERE o.table_name = 'tasks' AND o.row_id = t.id) AS unsynced
      FROM tasks t LEFT JOIN users u ON u.id = t.assignee_id
      WHERE t.project_id = @projectId AND t.deleted_at IS NULL AND (@assignee IS NULL OR t.assignee_id = @assignee) AND (@status IS NULL OR t.status = @status)
      ORDER BY t.created_at, t.rid`).all({ projectId: filter.projectId, assignee: filter.assigneeId ?? null, status: filter.status ?? null }) as Record<string, unknown>[];
    return rows.map((r) => ({
      id: String(r.id), parentId: (r.parent_id as string | null) ?? null, title: String(r.title), description: String(r.description ?? ''),
      type: String(r.task_type), status: String(r.status), priority: String(r.priority), assigneeId: (r.assignee_id as string | null) ?? null,
      assigneeName: (r.assignee_name as string | null) ?? null, dueDate: (r.due_date as string | null) ?? null,
      estimateHours: r.estimate_hours === null ? null : Number(r.estimate_hours), loggedHours: Number(r.logged_hours ?? 0),
      tags: JSON.parse(String(r.tags ?? '[]')) as string[], unsynced: r.unsynced === 1,
    }));
  }

  create(projectId: string, title: string, parentId: string | undefined, changes: TaskChanges): { id: string } {
    return this.writer.create('task', projectId, { title, ...(parentId ? { parent_id: parentId, task_type: 'SUBTASK' } : {}), ...columns(changes) } as never);
  }

  update(id: string, changes: TaskChanges): { id: string } {
    this.writer.update('task', id, columns(changes) as never);
    return { id };
  }

  logTime(id: string, hours: number): { id: string } {
    const row = this.db.prepare('SELECT logged_hours FROM tasks WHERE id = ? AND deleted_at IS NULL').get(id) as { logged_hours: number } | undefined;
    if (!row) throw new LocalWriteError('NOT_FOUND', 'That task does not exist on this device.');
    this.writer.update('task', id, { logged_hours: Math.round((Number(row.logged_hours ?? 0) + hours) * 100) / 100 });
    return { id };
  }
}
