// The suspect links to and from one item (a document or a test case), each with "Mark reviewed".
import { call } from '../ipc/client';
import { useLive } from '../lib/use-live';
import { SuspectLinkList } from './SuspectLinkList';
import { SUSPECT_TABLES } from './suspect-tables';

export function SuspectLinksPanel({ projectId, itemId }: { projectId: string; itemId: string }) {
  const { value } = useLive(() => call('trace:suspectLinks', { projectId, itemId }), SUSPECT_TABLES, `${projectId}:${itemId}`);
  if (!value || value.length === 0) return null;
  return (
    <section className="suspect-panel" data-testid="suspect-panel" aria-label="Suspect links">
      <p className="warning"><strong>{value.length === 1 ? '1 link needs' : `${value.length} links need`} a review:</strong> the other side has a new version.</p>
      <SuspectLinkList links={value} />
    </section>
  );
}
