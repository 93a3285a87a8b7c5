// The document compare view for two saved versions (a baseline's and another's or the latest):
// the older as the base, additions and deletions marked inline, as in the document history.
import { useEffect, useState } from 'react';
import { Dialog } from '../common/Dialog';
import { call, describe } from '../ipc/client';
import { diffCounts, diffText } from '../lib/text-diff';
import type { DiffPart } from '../lib/text-diff';

export function VersionCompareDialog({ fromId, toId, title, onClose }: { fromId: string; toId: string; title: string; onClose(): void }) {
  const [parts, setParts] = useState<DiffPart[] | null>(null);
  const [labels, setLabels] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([call('documents:version', { id: fromId }), call('documents:version', { id: toId })]).then(([a, b]) => {
      const label = (n: number | null) => (n ? `Version ${n}` : 'Unsynced version');
      setLabels(`${label(a.number)} → ${label(b.number)}`);
      setParts(diffText(a.content, b.content));
    }, (e: unknown) => setError(describe(e)));
  }, [fromId, toId]);
  const counts = parts ? diffCounts(parts) : null;
  return (
    <Dialog title={`Compare ${title}${labels ? `: ${labels}` : ''}`} onClose={onClose} testId="compare-view">
      {error && <p role="alert" className="error">{error}</p>}
      {counts && <p className="muted" data-testid="compare-counts">{counts.added} words added, {counts.removed} words removed</p>}
      <div className="diff" data-testid="diff">
        {parts?.map((part, i) =>
          part.kind === 'added' ? <ins key={i}>{part.text}</ins> : part.kind === 'removed' ? <del key={i}>{part.text}</del> : <span key={i}>{part.text}</span>,
        )}
      </div>
    </Dialog>
  );
}
