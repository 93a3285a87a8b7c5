// Who changed what and when on an item: the audit trail from central (online only), with the device's
// own time when the change was made offline.
import { useEffect, useState } from 'react';
import type { ActivityEntry } from '../../../shared/ipc/domains/activity';
import { call, describe } from '../ipc/client';
import { useSync } from '../stores/sync-store';
import { formatDateTime, titleCase } from '../lib/format';

function value(v: unknown): string {
  if (v === null || v === undefined) return '—';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

export function ActivityPanel({ entityId }: { entityId: string }) {
  const [entries, setEntries] = useState<ActivityEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Online only: load again when sync reaches the server (and after each sync, for new entries).
  const lastSynced = useSync((s) => s.status?.lastSyncedAt ?? null);
  useEffect(() => {
    call('activity:list', { entityId }).then((list) => { setEntries(list); setError(null); }, (e: unknown) => setError(describe(e)));
  }, [entityId, lastSynced]);
  if (error) return <p className="muted" data-testid="activity-unavailable">{error}</p>;
  if (!entries) return <p className="muted">Loading the activity…</p>;
  return (
    <ol className="activity" data-testid="activity-panel">
      {entries.length === 0 && <li className="muted">No recorded activity yet (changes appear once synced).</li>}
      {entries.map((e) => {
        const offline = e.deviceAt && Math.abs(new Date(e.at).getTime() - new Date(e.deviceAt).getTime()) > 60_000;
        return (
          <li key={e.id} data-testid="activity-entry">
            <strong>{e.userName ?? 'Someone'}</strong> {titleCase(e.action).toLowerCase()} · {formatDateTime(e.at)}
            {offline && <span className="muted"> (done on their device at {formatDateTime(e.deviceAt)})</span>}
            {e.deviceName && <span className="muted"> · {e.deviceName}</span>}
            {Object.keys(e.changes).length > 0 && (
              <ul className="muted">
                {Object.entries(e.changes).filter(([field]) => !['content_json', 'search_vector'].includes(field)).slice(0, 8).map(([field, change]) => (
                  <li key={field}>{field}: {value(change.old)} → {value(change.new)}</li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
