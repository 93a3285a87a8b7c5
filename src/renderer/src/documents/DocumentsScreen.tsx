// The project's documents: filter and search, open one, create one from blank or a template.
import { useEffect, useState } from 'react';
import { useDocuments } from '../stores/documents-store';
import { MENU_EVENT } from '../shell/use-menu-commands';
import { DocumentFilters } from './DocumentFilters';
import { DocumentTable } from './DocumentTable';
import { NewDocumentDialog } from './NewDocumentDialog';
import { ReqifActions } from '../exports/ReqifActions';

export function DocumentsScreen({ projectId }: { projectId: string }) {
  const { items, loading, error, load } = useDocuments();
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    void load(projectId);
  }, [projectId, load]);
  useEffect(() => {
    const onMenu = (event: Event) => {
      if ((event as CustomEvent<string>).detail === 'new-document') setCreating(true);
    };
    window.addEventListener(MENU_EVENT, onMenu);
    return () => window.removeEventListener(MENU_EVENT, onMenu);
  }, []);
  return (
    <section className="screen" data-testid="documents-screen">
      <header className="screen-header">
        <h1>Documents</h1>
        <div className="export-actions">
          <ReqifActions projectId={projectId} />
          <button type="button" className="primary" data-testid="new-document" onClick={() => setCreating(true)}>New document</button>
        </div>
      </header>
      <DocumentFilters />
      {error && <p role="alert" className="error">{error}</p>}
      <DocumentTable items={items} loading={loading} />
      {creating && <NewDocumentDialog projectId={projectId} onClose={() => setCreating(false)} />}
    </section>
  );
}
