// Write a comment; "Mention…" inserts @Name and notifies that person once central has the comment.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { call, describe } from '../ipc/client';
import { useWorkspace } from '../stores/workspace-store';

interface Props {
  entityType: 'DOCUMENT' | 'TEST_CASE' | 'TEST_EXECUTION' | 'CHANGE_REQUEST' | 'TASK';
  entityId: string;
  parentId?: string;
  onPosted(): void;
}

export function CommentComposer({ entityType, entityId, parentId, onPosted }: Props) {
  const people = useWorkspace((s) => s.people);
  const [body, setBody] = useState('');
  const [mentioned, setMentioned] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  function mention(id: string) {
    const person = people.get(id);
    if (!person) return;
    setBody((b) => `${b}${b && !b.endsWith(' ') ? ' ' : ''}@${person.fullName} `);
    setMentioned((m) => [...new Set([...m, id])]);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    // Only people whose @Name is still in the text are mentioned.
    const mentions = mentioned.filter((id) => body.includes(`@${people.get(id)?.fullName ?? ''}`));
    try {
      await call('comments:add', { entityType, entityId, body, mentions, ...(parentId ? { parentId } : {}) });
      setBody('');
      setMentioned([]);
      setError(null);
      onPosted();
    } catch (e) {
      setError(describe(e));
    }
  }

  return (
    <form className="composer" onSubmit={(e) => void submit(e)}>
      <textarea rows={parentId ? 2 : 3} value={body} aria-label={parentId ? 'Reply' : 'Comment'} placeholder={parentId ? 'Reply…' : 'Write a comment…'}
        maxLength={20_000} onChange={(e) => setBody(e.target.value)} />
      <div className="composer-actions">
        <select aria-label="Mention someone" value="" onChange={(e) => mention(e.target.value)}>
          <option value="">Mention…</option>
          {[...people.values()].map((p) => <option key={p.id} value={p.id}>{p.fullName}</option>)}
        </select>
        <button type="submit" className="primary" disabled={!body.trim()}>{parentId ? 'Reply' : 'Comment'}</button>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}
