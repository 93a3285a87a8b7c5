// Suspect links, one row each, and the "Mark reviewed" dialog of the one being reviewed.
import { useState } from 'react';
import type { SuspectLink } from '../../../shared/trace/suspect';
import { ReviewDialog } from './ReviewDialog';
import { SuspectLinkRow } from './SuspectLinkRow';

export function SuspectLinkList({ links }: { links: SuspectLink[] }) {
  const [reviewing, setReviewing] = useState<SuspectLink | null>(null);
  return (
    <>
      <ul className="relation-list">
        {links.map((link) => <SuspectLinkRow key={link.relationId} link={link} onReview={() => setReviewing(link)} />)}
      </ul>
      {reviewing && <ReviewDialog link={reviewing} onClose={() => setReviewing(null)} />}
    </>
  );
}
