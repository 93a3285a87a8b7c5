// A TipTap editor bound to the document's Y.Doc (the replica host keeps the row's text in step), with
// automatic versions every 10 minutes of editing and when an editing session ends.
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import { useEditor } from '@tiptap/react';
import type { Editor } from '@tiptap/react';
import { useEffect, useRef } from 'react';
import { call } from '../ipc/client';
import type { DocSync } from './doc-sync';
import { editorExtensions } from './extensions';

const AUTOMATIC_VERSION_EVERY_MS = 10 * 60_000;

export function snapshot(editor: Editor) {
  return { content: editor.getText({ blockSeparator: '\n\n' }), contentJson: editor.getJSON() as Record<string, unknown> };
}

/** `fallbackJson`: the row's JSON, used when the document has no Yjs content yet. */
export function useCollaborativeEditor(sync: DocSync, fallbackJson: Record<string, unknown> | null) {
  const documentId = sync.documentId;
  const editedSinceVersion = useRef(false);

  const editor = useEditor({
    extensions: editorExtensions(sync.ydoc),
    editorProps: { attributes: { 'aria-label': 'Document content', 'data-testid': 'editor-content', class: 'prose' } },
  }, [sync]);

  // A document whose content exists only as text/JSON (imported, or created outside the editor)
  // starts its Yjs history from that JSON.
  const fallback = useRef(fallbackJson);
  useEffect(() => {
    if (editor && sync.isEmpty() && fallback.current) editor.commands.setContent(fallback.current);
  }, [editor, sync]);

  useEffect(() => {
    if (!editor) return;
    const saveAutomatic = (summary: string) => {
      if (!editedSinceVersion.current || editor.isDestroyed) return;
      editedSinceVersion.current = false;
      void call('documents:saveVersion', { documentId, summary, automatic: true, ...snapshot(editor) }).catch(() => undefined);
    };
    const onUpdate = ({ transaction }: { transaction: Parameters<typeof isChangeOrigin>[0] }) => {
      // Only the author's own edits (not ones merged in from sync) call for an automatic version.
      if (!isChangeOrigin(transaction)) editedSinceVersion.current = true;
    };
    const timer = setInterval(() => saveAutomatic('Automatic version'), AUTOMATIC_VERSION_EVERY_MS);
    editor.on('update', onUpdate);
    return () => {
      editor.off('update', onUpdate);
      clearInterval(timer);
      saveAutomatic('Automatic version (end of editing)');
    };
  }, [editor, documentId]);

  return {
    editor,
    /** Call after a named version was saved: the next automatic one waits for new edits. */
    markVersioned: () => {
      editedSinceVersion.current = false;
    },
  };
}
