// Traceability: the coverage matrix, the suspect links to review, and baselines; all from the replica.
import type { TraceTab } from '../stores/workspace-store';
import { useWorkspace } from '../stores/workspace-store';
import { BaselinesView } from './BaselinesView';
import { MatrixView } from './MatrixView';
import { SuspectLinksView } from './SuspectLinksView';

const TABS: { tab: TraceTab; label: string }[] = [
  { tab: 'matrix', label: 'Coverage matrix' },
  { tab: 'suspect', label: 'Suspect links' },
  { tab: 'baselines', label: 'Baselines' },
];

export function TraceabilityScreen({ projectId, tab }: { projectId: string; tab: TraceTab }) {
  const go = useWorkspace((s) => s.go);
  return (
    <section className="screen" data-testid="traceability-screen">
      <h1>Traceability</h1>
      <div className="tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t.tab} type="button" role="tab" aria-selected={tab === t.tab} className={tab === t.tab ? 'tab active' : 'tab'}
            data-testid={`trace-tab-${t.tab}`} onClick={() => go({ screen: 'traceability', tab: t.tab })}>{t.label}</button>
        ))}
      </div>
      {tab === 'matrix' ? <MatrixView projectId={projectId} /> : tab === 'suspect' ? <SuspectLinksView projectId={projectId} /> : <BaselinesView projectId={projectId} />}
    </section>
  );
}
