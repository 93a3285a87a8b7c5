// The project's baselines: take one, compare one with another or with now.
import { useState } from 'react';
import type { BaselineComparison } from '../../../shared/trace/baseline';
import { call, describe } from '../ipc/client';
import { formatDateTime } from '../lib/format';
import { useLive } from '../lib/use-live';
import { BaselineAdminActions } from './BaselineAdminActions';
import { BaselineComparisonView } from './BaselineComparisonView';
import { NewBaselineDialog } from './NewBaselineDialog';

const NOW = 'now';

export function BaselinesView({ projectId }: { projectId: string }) {
  const { value: baselines, error } = useLive(() => call('baselines:list', { projectId }), 'baselines,baseline_items,outbox', projectId);
  const canManage = useLive(() => call('baselines:canManage', undefined), 'users,roles', 'can-manage').value?.allowed ?? false;
  const [creating, setCreating] = useState(false);
  const [fromId, setFromId] = useState('');
  const [toId, setToId] = useState(NOW);
  const [comparison, setComparison] = useState<BaselineComparison | null>(null);
  const [compareError, setCompareError] = useState<string | null>(null);

  async function compare() {
    try {
      setComparison(await call('baselines:compare', { fromId, toId: toId === NOW ? null : toId }));
      setCompareError(null);
    } catch (e) {
      setCompareError(describe(e));
    }
  }

  return (
    <div data-testid="baselines-view">
      <div className="toolbar"><button type="button" data-testid="new-baseline" onClick={() => setCreating(true)}>New baseline…</button></div>
      {error && <p role="alert" className="error">{error}</p>}
      {baselines && baselines.length === 0 && <p className="muted">No baselines yet.</p>}
      {baselines && baselines.length > 0 && (
        <table className="list" data-testid="baseline-list">
          <thead><tr><th>Name</th><th>Taken</th><th>By</th><th>Items</th><th>Scope</th>{canManage && <th></th>}</tr></thead>
          <tbody>
            {baselines.map((b) => (
              <tr key={b.id} data-testid="baseline-row">
                <td>{b.name}{b.unsynced && <span className="badge unsynced">not synced</span>}<div className="muted">{b.description}</div></td>
                <td>{formatDateTime(b.takenAt)}</td>
                <td>{b.createdByName ?? ''}</td>
                <td>{b.itemCount}</td>
                <td>{b.scope === 'PROJECT' ? 'Whole project' : `${b.documentIds.length} documents, ${b.suites.length} suites`}</td>
                {canManage && <td><BaselineAdminActions baseline={b} /></td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {baselines && baselines.length > 0 && (
        <div className="filters compare-bar" aria-label="Compare baselines">
          <label>Compare<select data-testid="compare-from" value={fromId} onChange={(e) => setFromId(e.target.value)}>
            <option value="">Choose a baseline</option>
            {baselines.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
          </select></label>
          <label>with<select data-testid="compare-to" value={toId} onChange={(e) => setToId(e.target.value)}>
            <option value={NOW}>Now</option>
            {baselines.filter((b) => b.id !== fromId).map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
          </select></label>
          <button type="button" data-testid="compare-baselines" disabled={!fromId} onClick={() => void compare()}>Compare</button>
        </div>
      )}
      {compareError && <p role="alert" className="error">{compareError}</p>}
      {comparison && <BaselineComparisonView comparison={comparison} />}
      {creating && <NewBaselineDialog projectId={projectId} onClose={() => setCreating(false)} />}
    </div>
  );
}
