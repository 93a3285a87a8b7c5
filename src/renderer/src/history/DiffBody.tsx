// The body of a compare view: word counts, then one text with additions and deletions marked inline.
import type { DiffPart } from '../lib/text-diff';
import { diffCounts } from '../lib/text-diff';

export function DiffBody({ parts }: { parts: DiffPart[] | null }) {
  const counts = parts ? diffCounts(parts) : null;
  return (
    <>
      {counts && <p className="muted" data-testid="compare-counts">{counts.added} words added, {counts.removed} words removed</p>}
      <div className="diff" data-testid="diff">
        {parts?.map((part, i) =>
          part.kind === 'added' ? <ins key={i}>{part.text}</ins> : part.kind === 'removed' ? <del key={i}>{part.text}</del> : <span key={i}>{part.text}</span>,
        )}
      </div>
    </>
  );
}
