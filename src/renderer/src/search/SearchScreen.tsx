// Search documents from the local index (works offline). Other kinds of items join in the next release.
import { useEffect, useState } from 'react';
import type { DocumentListItem } from '../../../shared/ipc/domains/documents';
import { call, describe, onEvent } from '../ipc/client';
import { formatAgo } from '../lib/format';
import { useWorkspace } from '../stores/workspace-store';

export function SearchScreen({ projectId }: { projectId: string }) {
  const go = useWorkspace((s) => s.go);
  const [text, setText] = useState('');
  const [hits, setHits] = useState<DocumentListItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [changes, setChanges] = useState(0);
  useEffect(() => onEvent('replica:changed', ({ tables }) => {
    if (tables.includes('documents')) setChanges((n) => n + 1);
  }), []);
  useEffect(() => {
    if (!text.trim()) return setHits([]);
    let current = true;
    call('documents:list', { projectId, text }).then((h) => current && setHits(h), (e: unknown) => setError(describe(e)));
    return () => {
      current = false;
    };
  }, [projectId, text, changes]);
  return (
    <section className="screen" data-testid="search-screen">
      <header className="screen-header"><h1>Search</h1></header>
      <input type="search" className="big-search" autoFocus placeholder="Search documents" aria-label="Search" value={text} onChange={(e) => setText(e.target.value)} />
      {error && <p role="alert" className="error">{error}</p>}
      <ul className="hits">
        {hits.map((h) => (
          <li key={h.id}>
            <button type="button" className="link" onClick={() => go({ screen: 'document', documentId: h.id })}>{h.title}</button>
            <span className="muted"> · {h.updatedByName ?? 'someone'} {formatAgo(h.updatedAt)}</span>
          </li>
        ))}
        {text.trim() && hits.length === 0 && <li className="muted">Nothing found.</li>}
      </ul>
    </section>
  );
}
