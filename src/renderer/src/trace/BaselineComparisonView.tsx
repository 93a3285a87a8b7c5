// Two baselines, or a baseline and now, compared: items added, removed and changed; a changed
// document opens the compare view of its two versions.
import { useState } from 'react';
import type { BaselineComparison, ComparisonEntry } from '../../../shared/trace/baseline';
import { titleCase } from '../lib/format';
import { routeFor } from '../stores/entity-route';
import { useWorkspace } from '../stores/workspace-store';
import { VersionCompareDialog } from './VersionCompareDialog';

const version = (e: ComparisonEntry['from']) => (e ? (e.version ? `v${e.version}` : e.type === 'DOCUMENT' ? 'no version' : 'unsynced') : '—');

export function BaselineComparisonView({ comparison }: { comparison: BaselineComparison }) {
  const go = useWorkspace((s) => s.go);
  const open = (type: string, id: string) => {
    const route = routeFor(type, id);
    if (route) go(route);
  };
  const [comparing, setComparing] = useState<ComparisonEntry | null>(null);
  const [showUnchanged, setShowUnchanged] = useState(false);
  const { counts } = comparison;
  const entries = comparison.entries.filter((e) => showUnchanged || e.change !== 'UNCHANGED');
  return (
    <section data-testid="baseline-comparison">
      <h2>{comparison.from.name} → {comparison.to.name}</h2>
      <p className="muted" data-testid="comparison-counts">{counts.CHANGED} changed, {counts.ADDED} added, {counts.REMOVED} removed, {counts.UNCHANGED} unchanged
        {' '}<label className="inline"><input type="checkbox" checked={showUnchanged} onChange={(e) => setShowUnchanged(e.target.checked)} />Show unchanged</label></p>
      <table className="list">
        <thead><tr><th>Item</th><th>Change</th><th>{comparison.from.name}</th><th>{comparison.to.name}</th><th></th></tr></thead>
        <tbody>
          {entries.map((e) => (
            <tr key={`${e.type}:${e.itemId}`} data-testid="comparison-entry" data-change={e.change}>
              <td>
                <span className="muted">{e.type === 'DOCUMENT' ? 'Document' : 'Test case'}:</span>{' '}
                <button type="button" className="link" onClick={() => open(e.type, e.itemId)}>{e.title}</button>
              </td>
              <td><span className={`badge change-${e.change.toLowerCase()}`}>{titleCase(e.change)}</span></td>
              <td>{version(e.from)}</td>
              <td>{version(e.to)}</td>
              <td>{e.change === 'CHANGED' && e.type === 'DOCUMENT' && e.from?.documentVersionId && e.to?.documentVersionId && (
                <button type="button" data-testid="compare-versions" onClick={() => setComparing(e)}>Compare text</button>
              )}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {comparing && (
        <VersionCompareDialog fromId={comparing.from!.documentVersionId!} toId={comparing.to!.documentVersionId!} title={comparing.title}
          onClose={() => setComparing(null)} />
      )}
    </section>
  );
}
