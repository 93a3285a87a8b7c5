// Title, status and tags of the open document, saved as they change.
import { useEffect, useState } from 'react';
import { DOCUMENT_STATUSES } from '../../../shared/ipc/domains/documents';
import type { DocumentDetail } from '../../../shared/ipc/domains/documents';
import { call, describe } from '../ipc/client';
import { formatAgo, titleCase } from '../lib/format';
import { useWorkspace } from '../stores/workspace-store';
import { ExportButton } from '../exports/ExportButton';

type Changes = { title?: string; status?: string; tags?: string[] };

export function DocumentHeader({ document, onSaveVersion }: { document: DocumentDetail; onSaveVersion: () => void }) {
  const go = useWorkspace((s) => s.go);
  const [title, setTitle] = useState(document.title);
  const [tags, setTags] = useState(document.tags.join(', '));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setTitle(document.title), [document.title]);
  useEffect(() => setTags(document.tags.join(', ')), [document.tags]);

  async function save(changes: Changes) {
    try {
      await call('documents:update', { id: document.id, changes: changes as never });
      setError(null);
    } catch (e) {
      setError(describe(e));
    }
  }
  const saveTitle = () => {
    if (title.trim() && title !== document.title) void save({ title });
    else setTitle(document.title);
  };
  const saveTags = () => {
    const next = [...new Set(tags.split(',').map((t) => t.trim()).filter(Boolean))];
    if (next.join(',') !== document.tags.join(',')) void save({ tags: next });
  };

  return (
    <header className="document-header">
      <button type="button" className="link" onClick={() => go({ screen: 'documents' })}>← Documents</button>
      <input className="title-input" aria-label="Title" data-testid="document-title" value={title} maxLength={500}
        onChange={(e) => setTitle(e.target.value)} onBlur={saveTitle} onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()} />
      <div className="document-meta">
        <select aria-label="Status" data-testid="document-status" value={document.status} onChange={(e) => void save({ status: e.target.value })}>
          {DOCUMENT_STATUSES.map((s) => <option key={s} value={s}>{titleCase(s)}</option>)}
        </select>
        <input aria-label="Tags (comma separated)" placeholder="Tags, comma separated" value={tags}
          onChange={(e) => setTags(e.target.value)} onBlur={saveTags} />
        <span className="muted">
          {document.currentVersion > 0 ? `Version ${document.currentVersion}` : 'No saved version'} · edited by {document.updatedByName ?? 'someone'} {formatAgo(document.updatedAt)}
          {document.unsynced && <span className="badge unsynced" data-testid="document-unsynced">Unsynced</span>}
        </span>
        <button type="button" data-testid="save-version" onClick={onSaveVersion}>Save version…</button>
        <ExportButton label="Export PDF" testId="export-document-pdf" task="exports:documentPdf" make={() => call('exports:documentPdf', { id: document.id })} />
        <ExportButton label="Export DOCX" testId="export-document-docx" task="exports:documentDocx" make={() => call('exports:documentDocx', { id: document.id })} />
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </header>
  );
}
