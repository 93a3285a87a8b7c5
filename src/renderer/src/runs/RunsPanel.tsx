// The project's test runs with their progress; "New run" groups cases chosen by suite (or all).
import { useState } from 'react';
import { call } from '../ipc/client';
import { formatDateTime, titleCase } from '../lib/format';
import { useWorkspace } from '../stores/workspace-store';
import { useLive } from '../lib/use-live';
import { NewRunDialog } from './NewRunDialog';
import { ProgressBar } from './ProgressBar';

export function RunsPanel({ projectId }: { projectId: string }) {
  const go = useWorkspace((s) => s.go);
  const [creating, setCreating] = useState(false);
  const { value, error } = useLive(() => call('runs:list', { projectId }), 'test_runs,test_run_cases,test_executions,outbox', projectId);
  const runs = value ?? [];
  return (
    <section data-testid="runs-panel">
      <div className="panel-actions"><button type="button" className="primary" data-testid="new-run" onClick={() => setCreating(true)}>New run</button></div>
      {error && <p role="alert" className="error">{error}</p>}
      {value && runs.length === 0 && <p className="empty">No test runs yet.</p>}
      <ul className="runs">
        {runs.map((r) => (
          <li key={r.id} data-testid="run-row" data-name={r.name}>
            <button type="button" className="link" onClick={() => go({ screen: 'run', runId: r.id })}><strong>{r.name}</strong></button>
            <span className="badge">{titleCase(r.status)}</span>{r.unsynced && <span className="badge unsynced">Unsynced</span>}
            <div className="muted">{[r.environment, r.build].filter(Boolean).join(' / ') || 'No environment'} · {r.assigneeNames.join(', ') || 'Unassigned'}
              {r.dueDate ? ` · due ${formatDateTime(r.dueDate)}` : ''}</div>
            <ProgressBar progress={r.progress} />
          </li>
        ))}
      </ul>
      {creating && <NewRunDialog projectId={projectId} onClose={() => setCreating(false)} />}
    </section>
  );
}
