// Search documents, test cases, change requests, tasks and comments from the local index, as you type
// (works offline), with the matching words highlighted.
import { useState } from 'react';
import type { SearchResult } from '../../../shared/ipc/domains/collaboration';
import { call } from '../ipc/client';
import { useLive } from '../lib/use-live';
import { useSync } from '../stores/sync-store';
import { useWorkspace } from '../stores/workspace-store';
import type { Route } from '../stores/workspace-store';
import { routeFor } from '../stores/entity-route';
import { Snippet } from './Snippet';

const KINDS: Record<SearchResult['kind'], string> = {
  documents: 'Document', test_cases: 'Test case', change_requests: 'Change request', tasks: 'Task', comments: 'Comment',
};

/** Where a result opens: the item, or for a comment the item it is on. */
function routeOf(result: SearchResult): Route | null {
  if (result.kind === 'comments') return routeFor(result.target?.entityType, result.target?.entityId);
  const types: Record<string, string> = { documents: 'DOCUMENT', test_cases: 'TEST_CASE', change_requests: 'CHANGE_REQUEST' };
  return routeFor(types[result.kind], result.id);
}

export function SearchScreen({ projectId }: { projectId: string }) {
  const go = useWorkspace((s) => s.go);
  const [text, setText] = useState('');
  const [everywhere, setEverywhere] = useState(false);
  // Searched again when a searched table changes (not on every change the replica announces).
  const { value, error } = useLive(
    async () => (text.trim() ? call('search:query', { text, ...(everywhere ? {} : { projectId }) }) : []),
    'documents,test_cases,change_requests,tasks,comments', JSON.stringify([text, everywhere, projectId]));
  const hits = value ?? [];
  const indexing = useSync((s) => s.status?.indexing ?? 0);
  return (
    <section className="screen" data-testid="search-screen">
      <header className="screen-header"><h1>Search</h1></header>
      <input type="search" className="big-search" autoFocus placeholder="Search documents, test cases, change requests, tasks and comments"
        aria-label="Search" value={text} onChange={(e) => setText(e.target.value)} />
      <label className="check"><input type="checkbox" checked={everywhere} onChange={(e) => setEverywhere(e.target.checked)} /> All my projects</label>
      {error && <p role="alert" className="error">{error}</p>}
      {indexing > 0 && <p className="muted" data-testid="search-indexing">Still indexing {indexing} items just synced: results may be incomplete for a moment.</p>}
      <ul className="hits" data-testid="search-results">
        {hits.map((h) => {
          const route = routeOf(h);
          return (
            <li key={`${h.kind}-${h.id}`} data-testid="search-hit" data-kind={h.kind}>
              <span className="badge">{KINDS[h.kind]}</span>{' '}
              {route ? <button type="button" className="link" onClick={() => go(route)}>{h.title}</button> : <strong>{h.title}</strong>}
              <div className="muted"><Snippet text={h.snippet} /></div>
            </li>
          );
        })}
        {text.trim() && hits.length === 0 && <li className="muted">Nothing found.</li>}
      </ul>
    </section>
  );
}
