import type { DocumentListItem } from '../../../shared/ipc/domains/documents';
import { formatAgo, titleCase } from '../lib/format';
import { useWorkspace } from '../stores/workspace-store';

export function DocumentTable({ items, loading }: { items: DocumentListItem[]; loading: boolean }) {
  const go = useWorkspace((s) => s.go);
  if (!loading && items.length === 0) return <p className="empty" data-testid="no-documents">No documents match. Create one with “New document”.</p>;
  return (
    <table className="list" data-testid="document-list">
      <thead>
        <tr><th>Title</th><th>Status</th><th>Tags</th><th>Version</th><th>Updated</th></tr>
      </thead>
      <tbody>
        {items.map((d) => (
          <tr key={d.id} data-testid="document-row" data-title={d.title}>
            <td>
              <button type="button" className="link" onClick={() => go({ screen: 'document', documentId: d.id })}>{d.title}</button>
              {d.isTemplate && <span className="badge">Template</span>}
              {d.unsynced && <span className="badge unsynced" title="Changed on this device, not yet synced">Unsynced</span>}
            </td>
            <td><span className={`status status-${d.status.toLowerCase()}`}>{titleCase(d.status)}</span></td>
            <td>{d.tags.map((t) => <span key={t} className="tag">{t}</span>)}</td>
            <td>{d.currentVersion > 0 ? `v${d.currentVersion}` : '—'}</td>
            <td>{d.updatedByName ?? 'Someone'} · {formatAgo(d.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
