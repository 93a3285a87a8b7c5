// Changes central refused (with its reason and what was sent) and changes kept aside from projects
// the user lost access to. Nothing is dropped silently: the user dismisses each one.
import { formatDateTime, titleCase } from '../lib/format';
import { useSync } from '../stores/sync-store';
import { Dialog } from '../common/Dialog';

const LABELS: Record<string, string> = {
  documents: 'Document', document_versions: 'Document version', document_relations: 'Document link', document_updates: 'Document edit',
  test_cases: 'Test case', test_executions: 'Test execution', test_runs: 'Test run', test_run_cases: 'Test run case',
  change_requests: 'Change request', change_request_impacts: 'Impact', change_request_approvals: 'Decision',
  change_request_approvers: 'Approver', tasks: 'Task', comments: 'Comment', notifications: 'Notification',
};
const label = (table: string) => LABELS[table] ?? titleCase(table.replace(/s$/, ''));

function summary(values: Record<string, unknown>): string {
  const shown = Object.entries(values).filter(([k]) => !['organization_id', 'project_id', 'update_data', 'content_json', 'signature'].includes(k));
  return shown.map(([k, v]) => `${k}: ${typeof v === 'string' ? v.slice(0, 200) : JSON.stringify(v)}`).join('\n');
}

export function ProblemsPanel({ onClose }: { onClose: () => void }) {
  const { problems, dismiss } = useSync();
  return (
    <Dialog title="Changes not accepted" onClose={onClose} testId="problems-panel">
      {problems.rejected.length === 0 && problems.keptAside.length === 0 && <p>Nothing to review.</p>}
      <ul className="problems">
        {problems.rejected.map((r) => (
          <li key={`r${r.mutationId}`} data-testid="rejected-change">
            <strong>{label(r.table)} {r.op === 'insert' ? 'made' : 'changed'} on this device was refused</strong>
            <p>{r.message}{r.hint ? ` ${r.hint}` : ''}</p>
            <pre>{summary(r.values)}</pre>
            <p className="muted">{formatDateTime(r.rejectedAt)} · code {r.code}</p>
            <button type="button" onClick={() => void dismiss(r.mutationId)}>Dismiss</button>
          </li>
        ))}
        {problems.keptAside.map((k) => (
          <li key={`k${k.mutationId}`} data-testid="kept-aside-change">
            <strong>{label(k.table)} change kept on this device</strong>
            <p>{k.reason}</p>
            <pre>{summary(k.values)}</pre>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
