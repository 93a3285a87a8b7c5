// Where the user is: the current project and screen, the projects and people on this device.
import { create } from 'zustand';
import type { Person, ProjectSummary } from '../../../shared/ipc/domains/sync';
import { call, describe, onEvent } from '../ipc/client';

export type TraceTab = 'matrix' | 'suspect' | 'baselines';

export type Route =
  | { screen: 'documents' }
  | { screen: 'document'; documentId: string }
  | { screen: 'test-execution' }
  | { screen: 'test-case'; testCaseId: string }
  | { screen: 'execute'; testCaseId: string; runId?: string }
  | { screen: 'run'; runId: string }
  | { screen: 'change-requests' }
  | { screen: 'tasks' }
  | { screen: 'change-request'; changeRequestId: string }
  | { screen: 'search'; query?: string }
  | { screen: 'traceability'; tab: TraceTab }
  | { screen: 'admin' };

interface WorkspaceStore {
  projects: ProjectSummary[];
  people: Map<string, Person>;
  projectId: string | null;
  route: Route;
  error: string | null;
  load(): Promise<void>;
  selectProject(id: string): void;
  go(route: Route): void;
}

const LAST_PROJECT = 'promanage.lastProject';

export const useWorkspace = create<WorkspaceStore>((set, get) => ({
  projects: [],
  people: new Map(),
  projectId: null,
  route: { screen: 'documents' },
  error: null,
  async load() {
    try {
      const [projects, people] = await Promise.all([call('projects:list', undefined), call('people:list', undefined)]);
      const current = get().projectId ?? localStorage.getItem(LAST_PROJECT);
      const projectId = projects.some((p) => p.id === current) ? current : (projects[0]?.id ?? null);
      set({ projects, people: new Map(people.map((p) => [p.id, p])), projectId, error: null });
    } catch (error) {
      set({ error: describe(error) });
    }
  },
  selectProject(id) {
    localStorage.setItem(LAST_PROJECT, id);
    set({ projectId: id, route: { screen: 'documents' } });
  },
  go(route) {
    set({ route });
  },
}));

onEvent('replica:changed', ({ tables }) => {
  if (tables.some((t) => t === 'projects' || t === 'project_members' || t === 'users')) void useWorkspace.getState().load();
});
