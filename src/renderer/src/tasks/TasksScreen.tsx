// The project's tasks: a list with subtasks under their parent, or a board by status.
import { useState } from 'react';
import { call } from '../ipc/client';
import { useSession } from '../stores/session-store';
import { useLive } from '../lib/use-live';
import { TaskBoard } from './TaskBoard';
import { TaskDialog } from './TaskDialog';
import { TaskList } from './TaskList';

export function TasksScreen({ projectId }: { projectId: string }) {
  const session = useSession((s) => s.state);
  const me = session?.status === 'signed-in' ? session.user.id : undefined;
  const [view, setView] = useState<'list' | 'board'>('list');
  const [mine, setMine] = useState(false);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const filter = { projectId, ...(mine && me ? { assigneeId: me } : {}) };
  const { value, error } = useLive(() => call('tasks:list', filter), 'tasks,users,outbox', JSON.stringify(filter));
  const tasks = value ?? [];
  return (
    <section className="screen" data-testid="tasks-screen">
      <header className="screen-header">
        <h1>Tasks</h1>
        <button type="button" className="primary" data-testid="new-task" onClick={() => setEditing('new')}>New task</button>
      </header>
      <div className="filters">
        <div role="radiogroup" aria-label="View" className="tool-group">
          <button type="button" role="radio" aria-checked={view === 'list'} className={view === 'list' ? 'tool active' : 'tool'} onClick={() => setView('list')}>List</button>
          <button type="button" role="radio" aria-checked={view === 'board'} className={view === 'board' ? 'tool active' : 'tool'} onClick={() => setView('board')}>Board</button>
        </div>
        <label className="check"><input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} /> Assigned to me</label>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {view === 'list' ? <TaskList tasks={tasks} onOpen={setEditing} /> : <TaskBoard tasks={tasks} onOpen={setEditing} />}
      {editing && (
        <TaskDialog projectId={projectId} task={editing === 'new' ? null : tasks.find((t) => t.id === editing) ?? null} tasks={tasks}
          onClose={() => setEditing(null)} />
      )}
    </section>
  );
}
