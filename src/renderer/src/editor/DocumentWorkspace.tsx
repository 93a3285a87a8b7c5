import { EditorContent } from '@tiptap/react';
import { useEffect, useState } from 'react';
import type { DocumentDetail } from '../../../shared/ipc/domains/documents';
import { ActivityPanel } from '../activity/ActivityPanel';
import { CommentsPanel } from '../comments/CommentsPanel';
import { HistoryPanel } from '../history/HistoryPanel';
import { RelationsPanel } from '../relations/RelationsPanel';
import { SuspectLinksPanel } from '../trace/SuspectLinksPanel';
import { MENU_EVENT } from '../shell/use-menu-commands';
import { DocumentHeader } from './DocumentHeader';
import type { DocSync } from './doc-sync';
import { EditorToolbar } from './EditorToolbar';
import { SaveVersionDialog } from './SaveVersionDialog';
import { useCollaborativeEditor } from './use-collaborative-editor';

type Panel = 'history' | 'links' | 'comments' | 'activity';

export function DocumentWorkspace({ document, sync, syncProblem }: { document: DocumentDetail; sync: DocSync; syncProblem: string | null }) {
  const { editor, markVersioned } = useCollaborativeEditor(sync, document.contentJson);
  const [panel, setPanel] = useState<Panel>('history');
  const [savingVersion, setSavingVersion] = useState(false);
  useEffect(() => {
    const onMenu = (event: Event) => {
      if ((event as CustomEvent<string>).detail === 'save-version') setSavingVersion(true);
    };
    window.addEventListener(MENU_EVENT, onMenu);
    return () => window.removeEventListener(MENU_EVENT, onMenu);
  }, []);
  return (
    <section className="editor-screen" data-testid="editor-screen">
      <div className="editor-main">
        <DocumentHeader document={document} onSaveVersion={() => setSavingVersion(true)} />
        {syncProblem && <p role="alert" className="error" data-testid="editor-problem">{syncProblem}</p>}
        {editor && <EditorToolbar editor={editor} />}
        <div className="editor-page">
          <EditorContent editor={editor} />
        </div>
      </div>
      <aside className="side-panel" aria-label="Document details">
        <SuspectLinksPanel projectId={document.projectId} itemId={document.id} />
        <div role="tablist" className="tabs">
          <button type="button" role="tab" aria-selected={panel === 'history'} data-testid="tab-history" onClick={() => setPanel('history')}>History</button>
          <button type="button" role="tab" aria-selected={panel === 'links'} data-testid="tab-links" onClick={() => setPanel('links')}>Links</button>
          <button type="button" role="tab" aria-selected={panel === 'comments'} data-testid="tab-comments" onClick={() => setPanel('comments')}>Comments</button>
          <button type="button" role="tab" aria-selected={panel === 'activity'} data-testid="tab-activity" onClick={() => setPanel('activity')}>Activity</button>
        </div>
        {panel === 'history' && editor && (
          <HistoryPanel document={document} editor={editor} onSaveVersion={() => setSavingVersion(true)} onRestored={markVersioned} />
        )}
        {panel === 'links' && <RelationsPanel documentId={document.id} />}
        {panel === 'comments' && <CommentsPanel entityType="DOCUMENT" entityId={document.id} />}
        {panel === 'activity' && <ActivityPanel entityId={document.id} />}
      </aside>
      {savingVersion && editor && (
        <SaveVersionDialog documentId={document.id} editor={editor} onClose={() => setSavingVersion(false)} onSaved={markVersioned} />
      )}
    </section>
  );
}
