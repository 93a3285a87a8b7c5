// The document compare view for two saved versions (a baseline's and another's or the latest):
// the older as the base, additions and deletions marked inline, as in the document history.
import { useEffect, useState } from 'react';
import { Dialog } from '../common/Dialog';
import { call, describe } from '../ipc/client';
import { DiffBody } from '../history/DiffBody';
import { diffText } from '../lib/text-diff';
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
  return (
    <Dialog title={`Compare ${title}${labels ? `: ${labels}` : ''}`} onClose={onClose} testId="compare-view">
      {error && <p role="alert" className="error">{error}</p>}
      <DiffBody parts={parts} />
    </Dialog>
  );
}
