// The signed-in layout: navigation, project picker, the current screen, the sync status bar.
import { useEffect } from 'react';
import type { SignedInUser } from '../../../shared/ipc/domains/session';
import { DocumentsScreen } from '../documents/DocumentsScreen';
import { EditorScreen } from '../editor/EditorScreen';
import { SearchScreen } from '../search/SearchScreen';
import { ChangeRequestScreen } from '../change-requests/ChangeRequestScreen';
import { ChangeRequestsScreen } from '../change-requests/ChangeRequestsScreen';
import { TasksScreen } from '../tasks/TasksScreen';
import { ExecutionPlayer } from '../testing/ExecutionPlayer';
import { TestCaseScreen } from '../testing/TestCaseScreen';
import { TestExecutionScreen } from '../testing/TestExecutionScreen';
import { RunScreen } from '../runs/RunScreen';
import { TraceabilityScreen } from '../trace/TraceabilityScreen';
import { useSync } from '../stores/sync-store';
import { AdminScreen } from '../admin/AdminScreen';
import { useAdmin } from '../admin/admin-store';
import { useWorkspace } from '../stores/workspace-store';
import { NavBar } from './NavBar';
import { SyncStatusBar } from './SyncStatusBar';
import { useMenuCommands } from './use-menu-commands';

export function AppLayout({ user, server }: { user: SignedInUser; server: string }) {
  const { projectId, projects, route, load, error } = useWorkspace();
  const loadSync = useSync((s) => s.load);
  useMenuCommands();
  const loadAdmin = useAdmin((s) => s.loadCapabilities);
  useEffect(() => {
    void loadAdmin();
  }, [loadAdmin]);
  useEffect(() => {
    void load();
    void loadSync();
  }, [load, loadSync]);

  return (
    <div className="layout">
      <NavBar user={user} />
      <main className="content" id="main">
        {error && <p role="alert" className="error">{error}</p>}
        {route.screen === 'admin' ? (
          <AdminScreen />
        ) : !projectId ? (
          <section className="empty-state" data-testid="no-projects">
            <h1>{projects.length === 0 ? 'Waiting for your projects…' : 'Choose a project'}</h1>
            <p>Your projects appear here after the first sync with {server}. You are not a member of any project yet, or the first sync has not finished.</p>
          </section>
        ) : route.screen === 'documents' ? (
          <DocumentsScreen projectId={projectId} />
        ) : route.screen === 'document' ? (
          <EditorScreen key={route.documentId} documentId={route.documentId} />
        ) : route.screen === 'test-execution' ? (
          <TestExecutionScreen projectId={projectId} />
        ) : route.screen === 'run' ? (
          <RunScreen key={route.runId} runId={route.runId} />
        ) : route.screen === 'test-case' ? (
          <TestCaseScreen key={route.testCaseId} testCaseId={route.testCaseId} />
        ) : route.screen === 'execute' ? (
          <ExecutionPlayer key={route.testCaseId} testCaseId={route.testCaseId} {...(route.runId ? { runId: route.runId } : {})} />
        ) : route.screen === 'change-requests' ? (
          <ChangeRequestsScreen projectId={projectId} />
        ) : route.screen === 'change-request' ? (
          <ChangeRequestScreen key={route.changeRequestId} changeRequestId={route.changeRequestId} />
        ) : route.screen === 'tasks' ? (
          <TasksScreen projectId={projectId} />
        ) : route.screen === 'traceability' ? (
          <TraceabilityScreen projectId={projectId} tab={route.tab} />
        ) : route.screen === 'search' ? (
          <SearchScreen projectId={projectId} />
        ) : null}
      </main>
      <SyncStatusBar server={server} />
    </div>
  );
}
