import type { SignedInUser } from '../../../shared/ipc/domains/session';
import { useSession } from '../stores/session-store';
import { useWorkspace } from '../stores/workspace-store';
import type { Route } from '../stores/workspace-store';
import { NotificationsButton } from '../notifications/NotificationsButton';
import { call } from '../ipc/client';
import { useLive } from '../lib/use-live';
import { SUSPECT_TABLES } from '../trace/suspect-tables';
import { ProjectPicker } from './ProjectPicker';
import { administers, useAdmin } from '../admin/admin-store';

const ITEMS: { route: Route; label: string }[] = [
  { route: { screen: 'documents' }, label: 'Documents' },
  { route: { screen: 'test-execution' }, label: 'Test execution' },
  { route: { screen: 'change-requests' }, label: 'Change requests' },
  { route: { screen: 'traceability', tab: 'matrix' }, label: 'Traceability' },
  { route: { screen: 'tasks' }, label: 'Tasks' },
  { route: { screen: 'search' }, label: 'Search' },
];

export function NavBar({ user }: { user: SignedInUser }) {
  const { route, go, projectId } = useWorkspace();
  const signOut = useSession((s) => s.signOut);
  const canAdminister = useAdmin((s) => administers(s.capabilities));
  const inbox = useLive(() => call('changeRequests:inbox', undefined), 'change_requests,change_request_approvals,project_members', 'inbox');
  const waiting = inbox.value?.length ?? 0;
  const suspect = useLive(() => (projectId ? call('trace:suspectCount', { projectId }) : Promise.resolve({ count: 0 })),
    SUSPECT_TABLES, `suspect:${projectId ?? ''}`).value?.count ?? 0;
  const current = route.screen === 'document' ? 'documents'
    : route.screen === 'test-case' || route.screen === 'execute' || route.screen === 'run' ? 'test-execution'
      : route.screen === 'change-request' ? 'change-requests' : route.screen;
  return (
    <nav className="nav" aria-label="Main">
      <div className="brand">ProManage</div>
      <ProjectPicker />
      <ul>
        {ITEMS.map(({ route: target, label }) => (
          <li key={target.screen}>
            <button type="button" className={current === target.screen ? 'nav-item active' : 'nav-item'}
              aria-current={current === target.screen ? 'page' : undefined} onClick={() => go(target)}>
              {label}
              {target.screen === 'traceability' && suspect > 0 && (
                <span className="badge count" data-testid="suspect-count" aria-label={`${suspect} suspect links to review`}>{suspect}</span>
              )}
              {target.screen === 'change-requests' && waiting > 0 && (
                <span className="badge count" data-testid="inbox-count" aria-label={`${waiting} waiting for your decision`}>{waiting}</span>
              )}
            </button>
          </li>
        ))}
        {canAdminister && (
          <li>
            <button type="button" className={current === 'admin' ? 'nav-item active' : 'nav-item'} aria-current={current === 'admin' ? 'page' : undefined}
              data-testid="nav-admin" onClick={() => go({ screen: 'admin' })}>Administration</button>
          </li>
        )}
        <li><NotificationsButton /></li>
      </ul>
      <div className="me">
        <div data-testid="signed-in-user">{user.fullName}</div>
        <div className="muted">{user.organizationName}</div>
        <button type="button" className="link" onClick={() => void signOut()}>Sign out</button>
      </div>
    </nav>
  );
}
