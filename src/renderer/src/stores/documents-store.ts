// The document list of the current project, refetched when documents change in the replica.
import { create } from 'zustand';
import type { DocumentListItem } from '../../../shared/ipc/domains/documents';
import { call, describe, onEvent } from '../ipc/client';

export interface DocumentFilterState {
  text: string;
  status: string;
  tag: string;
}

interface DocumentsStore {
  projectId: string | null;
  filter: DocumentFilterState;
  items: DocumentListItem[];
  loading: boolean;
  error: string | null;
  load(projectId: string): Promise<void>;
  setFilter(changes: Partial<DocumentFilterState>): void;
}

let generation = 0;

export const useDocuments = create<DocumentsStore>((set, get) => ({
  projectId: null,
  filter: { text: '', status: '', tag: '' },
  items: [],
  loading: false,
  error: null,
  async load(projectId) {
    const mine = ++generation;
    const { text, status, tag } = get().filter;
    set({ projectId, loading: true });
    try {
      const items = await call('documents:list', {
        projectId, ...(text.trim() ? { text } : {}), ...(status ? { status: status as never } : {}), ...(tag ? { tag } : {}),
      });
      if (mine === generation) set({ items, loading: false, error: null });
    } catch (error) {
      if (mine === generation) set({ loading: false, error: describe(error) });
    }
  },
  setFilter(changes) {
    set({ filter: { ...get().filter, ...changes } });
    const { projectId } = get();
    if (projectId) void get().load(projectId);
  },
}));

onEvent('replica:changed', ({ tables }) => {
  const { projectId, load } = useDocuments.getState();
  if (projectId && tables.some((t) => t === 'documents' || t === 'document_updates' || t === 'outbox' || t === 'users')) void load(projectId);
});
