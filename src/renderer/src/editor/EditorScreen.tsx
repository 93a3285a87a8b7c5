// A document open for editing: header, toolbar, collaborative content, history and links.
import { useWorkspace } from '../stores/workspace-store';
import { DocumentWorkspace } from './DocumentWorkspace';
import { useDocSync } from './use-doc-sync';
import { useDocument } from './use-document';

export function EditorScreen({ documentId }: { documentId: string }) {
  const { document, error } = useDocument(documentId);
  const { sync, ready, problem } = useDocSync(documentId);
  const go = useWorkspace((s) => s.go);
  if (error && !document) {
    return (
      <section className="empty-state">
        <p role="alert" className="error">{error}</p>
        <button type="button" onClick={() => go({ screen: 'documents' })}>Back to documents</button>
      </section>
    );
  }
  if (!document || !ready) return <p className="loading" aria-busy="true">{problem ?? 'Opening document…'}</p>;
  return <DocumentWorkspace document={document} sync={sync} syncProblem={problem} />;
}
