// Every suspect link of the project, to review one by one.
import { call } from '../ipc/client';
import { useLive } from '../lib/use-live';
import { SuspectLinkList } from './SuspectLinkList';
import { SUSPECT_TABLES } from './suspect-tables';

export function SuspectLinksView({ projectId }: { projectId: string }) {
  const { value, error } = useLive(() => call('trace:suspectLinks', { projectId }), SUSPECT_TABLES, projectId);
  return (
    <div data-testid="suspect-view">
      {error && <p role="alert" className="error">{error}</p>}
      {value && value.length === 0 && <p className="muted">No suspect links: every link was reviewed since its last change.</p>}
      <SuspectLinkList links={value ?? []} />
    </div>
  );
}
