// Test execution: the project's runs, and the test case library.
import { useState } from 'react';
import { RunsPanel } from '../runs/RunsPanel';
import { TestCasesScreen } from './TestCasesScreen';

export function TestExecutionScreen({ projectId }: { projectId: string }) {
  const [tab, setTab] = useState<'runs' | 'cases'>('runs');
  return (
    <section className="screen" data-testid="test-execution-screen">
      <div role="tablist" className="tabs">
        <button type="button" role="tab" aria-selected={tab === 'runs'} data-testid="tab-runs" onClick={() => setTab('runs')}>Test runs</button>
        <button type="button" role="tab" aria-selected={tab === 'cases'} data-testid="tab-cases" onClick={() => setTab('cases')}>Test cases</button>
      </div>
      {tab === 'runs' ? <RunsPanel projectId={projectId} /> : <TestCasesScreen projectId={projectId} />}
    </section>
  );
}
