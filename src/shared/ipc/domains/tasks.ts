// tasks:* — the project's tasks as a list (with subtasks) or a board by status.
import { z } from 'zod';
import { taskFields } from '../../replica/inputs';

const id = z.uuid({ error: 'must be an id (UUID)' });
export const TASK_STATUSES = taskFields.shape.status.options;
export const TASK_TYPES = taskFields.shape.task_type.options;

export interface TaskItem {
  id: string;
  parentId: string | null;
  title: string;
  description: string;
  type: string;
  status: string;
  priority: string;
  assigneeId: string | null;
  assigneeName: string | null;
  dueDate: string | null;
  estimateHours: number | null;
  loggedHours: number;
  tags: string[];
  unsynced: boolean;
}

const changes = z.object({
  title: taskFields.shape.title.optional(),
  description: taskFields.shape.description.optional(),
  status: taskFields.shape.status.optional(),
  priority: taskFields.shape.priority.optional(),
  taskType: taskFields.shape.task_type.optional(),
  assigneeId: id.nullable().optional(),
  dueDate: taskFields.shape.due_date.optional(),
  estimateHours: taskFields.shape.estimate_hours.optional(),
}).strict();

export const taskChannels = {
  'tasks:list': { input: z.object({ projectId: id, assigneeId: id.optional(), status: taskFields.shape.status.optional() }).strict(), output: z.custom<TaskItem[]>() },
  'tasks:create': { input: z.object({ projectId: id, title: taskFields.shape.title, parentId: id.optional() }).extend(changes.omit({ title: true }).shape).strict(), output: z.custom<{ id: string }>() },
  'tasks:update': { input: z.object({ id, changes }).strict(), output: z.custom<{ id: string }>() },
  /** Adds time to what is logged (hours, > 0). */
  'tasks:logTime': { input: z.object({ id, hours: z.number().positive().max(1000) }).strict(), output: z.custom<{ id: string }>() },
} as const;
