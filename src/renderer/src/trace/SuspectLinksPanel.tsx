// The suspect links to and from one item (a document or a test case), each with "Mark reviewed".
import { useState } from 'react';
import { call } from '../ipc/client';
import { useLive } from '../lib/use-live';
import { ReviewDialog } from './ReviewDialog';
import { SuspectLinkRow } from './SuspectLinkRow';
import type { SuspectLink } from '../../../shared/trace/suspect';

export const SUSPECT_TABLES = 'document_relations,relation_reviews,documents,test_cases,outbox,rejections';

export function SuspectLinksPanel({ projectId, itemId }: { projectId: string; itemId: string }) {
  const { value } = useLive(() => call('trace:suspectLinks', { projectId, itemId }), SUSPECT_TABLES, `${projectId}:${itemId}`);
  const [reviewing, setReviewing] = useState<SuspectLink | null>(null);
  if (!value || value.length === 0) return null;
  return (
    <section className="suspect-panel" data-testid="suspect-panel" aria-label="Suspect links">
      <p className="warning"><strong>{value.length === 1 ? '1 link needs' : `${value.length} links need`} a review:</strong> the other side has a new version.</p>
      <ul className="relation-list">
        {value.map((link) => <SuspectLinkRow key={link.relationId} link={link} onReview={() => setReviewing(link)} />)}
      </ul>
      {reviewing && <ReviewDialog link={reviewing} onClose={() => setReviewing(null)} />}
    </section>
  );
}
