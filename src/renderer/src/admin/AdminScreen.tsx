// Administration: people, projects and their members, roles — each tab for those allowed to use it.
// Online only: everything is read from and changed on the server, whose refusals are shown as they are.
import { useEffect, useState } from 'react';
import type { AdminCapabilities } from '../../../shared/ipc/domains/admin';
import { useSync } from '../stores/sync-store';
import { useAdmin } from './admin-store';
import { NeedsConnection } from './NeedsConnection';
import { PeopleTab } from './PeopleTab';
import { ProjectsTab } from './ProjectsTab';
import { RolesTab } from './RolesTab';

type Tab = 'people' | 'projects' | 'roles';

const TABS: { tab: Tab; label: string; allowed(caps: AdminCapabilities): boolean }[] = [
  { tab: 'people', label: 'People', allowed: (c) => c.people },
  { tab: 'projects', label: 'Projects', allowed: (c) => c.createProjects || c.members },
  { tab: 'roles', label: 'Roles', allowed: (c) => c.roles },
];

export function AdminScreen() {
  const { overview, problem, loading, notice, loadOverview } = useAdmin();
  const online = useSync((s) => s.status?.state === 'idle');
  const [chosen, setChosen] = useState<Tab | null>(null);
  useEffect(() => {
    void loadOverview();
  }, [loadOverview]);
  // Back online after the server could not be reached: load again (once per return, not in a loop).
  useEffect(() => {
    if (online && useAdmin.getState().problem?.code === 'SERVER_UNREACHABLE') void loadOverview();
  }, [online, loadOverview]);

  const tabs = overview ? TABS.filter((t) => t.allowed(overview.capabilities)) : [];
  const tab = tabs.find((t) => t.tab === chosen)?.tab ?? tabs[0]?.tab;
  return (
    <section className="screen" data-testid="admin-screen">
      <header className="screen-header"><h1>Administration</h1></header>
      {problem?.code === 'SERVER_UNREACHABLE' ? (
        <NeedsConnection onRetry={() => void loadOverview()} />
      ) : problem ? (
        <p role="alert" className="error" data-testid="admin-problem">{problem.message} {problem.hint}</p>
      ) : !overview ? (
        <p className="loading" aria-busy="true">Loading from the server…</p>
      ) : (
        <>
          <div role="tablist" aria-label="Administration" className="tabs">
            {tabs.map((t) => (
              <button key={t.tab} type="button" role="tab" id={`admin-tab-${t.tab}`} aria-selected={t.tab === tab} aria-controls="admin-panel"
                className="tool" onClick={() => setChosen(t.tab)}>{t.label}</button>
            ))}
          </div>
          <p className="muted admin-status" role="status" data-testid="admin-notice">{loading ? 'Refreshing…' : notice ?? ''}</p>
          <div role="tabpanel" id="admin-panel" aria-labelledby={tab ? `admin-tab-${tab}` : undefined}>
            {tab === 'people' && <PeopleTab overview={overview} />}
            {tab === 'projects' && <ProjectsTab overview={overview} />}
            {tab === 'roles' && <RolesTab overview={overview} />}
          </div>
        </>
      )}
    </section>
  );
}
