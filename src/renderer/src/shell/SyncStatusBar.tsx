// Always visible: online/offline/syncing, unsynced changes, last synced; opens the problems panel.
import { useEffect, useState } from 'react';
import { formatAgo } from '../lib/format';
import { useSync } from '../stores/sync-store';
import { ProblemsPanel } from './ProblemsPanel';

const LABELS: Record<string, string> = {
  idle: 'Online', syncing: 'Syncing…', offline: 'Offline', 'signed-out': 'Signed out', stopped: 'Not syncing',
};

export function SyncStatusBar({ server }: { server: string }) {
  const { status, problems, retry } = useSync();
  const [open, setOpen] = useState(false);
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  const state = status?.state ?? 'stopped';
  const problemCount = problems.rejected.length + problems.keptAside.length;
  return (
    <footer className="status-bar" data-testid="sync-status" data-state={state} role="status" aria-live="polite">
      <span className={`dot dot-${state}`} aria-hidden="true" />
      <span data-testid="sync-state">{LABELS[state] ?? state}</span>
      <span className="muted">{server}</span>
      <span data-testid="sync-pending">{status?.pending ? `${status.pending} unsynced change${status.pending === 1 ? '' : 's'}` : 'All changes synced'}</span>
      <span className="muted" data-testid="sync-last">Last synced {formatAgo(status?.lastSyncedAt)}</span>
      {status?.indexing ? <span className="muted" data-testid="sync-indexing">Indexing {status.indexing} items for search…</span> : null}
      {status?.lastError && state === 'offline' && <span className="muted" title={status.lastError}>Working offline — changes are kept and sent when the server is reachable.</span>}
      <span className="spacer" />
      {problemCount > 0 && (
        <button type="button" className="warning" data-testid="open-problems" onClick={() => setOpen(true)}>
          {problemCount} change{problemCount === 1 ? '' : 's'} not accepted
        </button>
      )}
      <button type="button" data-testid="sync-now" onClick={() => void retry()}>Retry now</button>
      {open && <ProblemsPanel onClose={() => setOpen(false)} />}
    </footer>
  );
}
