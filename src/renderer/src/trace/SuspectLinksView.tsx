// Every suspect link of the project, to review one by one.
import { useState } from 'react';
import type { SuspectLink } from '../../../shared/trace/suspect';
import { call } from '../ipc/client';
import { useLive } from '../lib/use-live';
import { ReviewDialog } from './ReviewDialog';
import { SUSPECT_TABLES } from './SuspectLinksPanel';
import { SuspectLinkRow } from './SuspectLinkRow';

export function SuspectLinksView({ projectId }: { projectId: string }) {
  const { value, error } = useLive(() => call('trace:suspectLinks', { projectId }), SUSPECT_TABLES, projectId);
  const [reviewing, setReviewing] = useState<SuspectLink | null>(null);
  return (
    <div data-testid="suspect-view">
      {error && <p role="alert" className="error">{error}</p>}
      {value && value.length === 0 && <p className="muted">No suspect links: every link was reviewed since its last change.</p>}
      <ul className="relation-list">
        {value?.map((link) => <SuspectLinkRow key={link.relationId} link={link} onReview={() => setReviewing(link)} />)}
      </ul>
      {reviewing && <ReviewDialog link={reviewing} onClose={() => setReviewing(null)} />}
    </div>
  );
}
