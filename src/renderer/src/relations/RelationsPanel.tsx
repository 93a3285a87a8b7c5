// Links from this document to test cases and other documents, and links pointing at it.
import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { RELATION_TYPES } from '../../../shared/ipc/domains/documents';
import type { LinkTarget, RelationItem } from '../../../shared/ipc/domains/documents';
import { call, describe, onEvent } from '../ipc/client';
import { titleCase } from '../lib/format';
import { useWorkspace } from '../stores/workspace-store';

export function RelationsPanel({ documentId }: { documentId: string }) {
  const go = useWorkspace((s) => s.go);
  const [relations, setRelations] = useState<RelationItem[]>([]);
  const [query, setQuery] = useState('');
  const [targets, setTargets] = useState<LinkTarget[]>([]);
  const [target, setTarget] = useState<LinkTarget | null>(null);
  const [relationType, setRelationType] = useState<string>('REFERENCES');
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    call('documents:relations', { documentId }).then(setRelations, (e: unknown) => setError(describe(e)));
  }, [documentId]);
  useEffect(() => {
    reload();
    return onEvent('replica:changed', ({ tables }) => {
      if (['document_relations', 'relation_reviews', 'documents', 'test_cases'].some((t) => tables.includes(t))) reload();
    });
  }, [reload]);
  useEffect(() => {
    if (query.trim() === '') return setTargets([]);
    void call('documents:linkTargets', { documentId, text: query.trim() }).then(setTargets, () => setTargets([]));
  }, [documentId, query]);

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!target) return setError('Choose a document or test case to link to.');
    try {
      setRelations(await call('documents:relate', { documentId, target: { kind: target.kind, id: target.id }, relationType: relationType as never }));
      setTarget(null);
      setQuery('');
      setError(null);
    } catch (e) {
      setError(describe(e));
    }
  }

  async function remove(relationId: string) {
    try {
      setRelations(await call('documents:unrelate', { documentId, relationId }));
    } catch (e) {
      setError(describe(e));
    }
  }

  return (
    <div className="relations" data-testid="relations-panel">
      <ul className="relation-list">
        {relations.length === 0 && <li className="muted">No links yet.</li>}
        {relations.map((r) => (
          <li key={`${r.id}-${r.direction}`} data-testid="relation-item" data-direction={r.direction}>
            <span className="badge">{r.direction === 'outgoing' ? titleCase(r.relationType) : `${titleCase(r.relationType)} (from)`}</span>{' '}
            {r.other.kind === 'document'
              ? <button type="button" className="link" onClick={() => go({ screen: 'document', documentId: r.other.id })}>{r.other.title}</button>
              : <button type="button" className="link" onClick={() => go({ screen: 'test-case', testCaseId: r.other.id })}>Test case: {r.other.title}</button>}
            {r.suspect && <span className="badge suspect" data-testid="relation-suspect">Suspect</span>}
            {r.direction === 'outgoing' && <button type="button" className="icon" aria-label={`Remove link to ${r.other.title}`} onClick={() => void remove(r.id)}>×</button>}
          </li>
        ))}
      </ul>
      <form className="add-link" onSubmit={(e) => void add(e)}>
        <label>Link to<input type="search" value={target ? target.title : query} placeholder="Find a document or test case" data-testid="link-search"
          onChange={(e) => { setTarget(null); setQuery(e.target.value); }} /></label>
        {!target && targets.length > 0 && (
          <ul className="choices" role="listbox" aria-label="Link targets">
            {targets.map((t) => (
              <li key={t.id} role="option" aria-selected={false}>
                <button type="button" className="link" onClick={() => setTarget(t)}>{t.kind === 'testCase' ? 'Test case: ' : 'Document: '}{t.title}</button>
              </li>
            ))}
          </ul>
        )}
        <label>Relation
          <select value={relationType} onChange={(e) => setRelationType(e.target.value)}>
            {RELATION_TYPES.map((t) => <option key={t} value={t}>{titleCase(t)}</option>)}
          </select>
        </label>
        <button type="submit" data-testid="add-link" disabled={!target}>Add link</button>
        {error && <p role="alert" className="error">{error}</p>}
      </form>
    </div>
  );
}
