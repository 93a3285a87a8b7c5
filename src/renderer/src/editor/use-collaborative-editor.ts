// A TipTap editor bound to the document's Y.Doc, with the row's text/JSON kept in step after local
// edits and automatic versions when an editing session ends.
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import { useEditor } from '@tiptap/react';
import type { Editor } from '@tiptap/react';
import { useEffect, useRef, useState } from 'react';
import { call, describe } from '../ipc/client';
import type { DocSync } from './doc-sync';
import { editorExtensions } from './extensions';

const DERIVE_DELAY_MS = 800;
const AUTOMATIC_VERSION_EVERY_MS = 10 * 60_000;

export function snapshot(editor: Editor) {
  return { content: editor.getText({ blockSeparator: '\n\n' }), contentJson: editor.getJSON() as Record<string, unknown> };
}

/** `fallbackJson`: the row's JSON, used when the document has no Yjs content yet. */
export function useCollaborativeEditor(sync: DocSync, fallbackJson: Record<string, unknown> | null) {
  const documentId = sync.documentId;
  const [problem, setProblem] = useState<string | null>(null);
  const editedLocally = useRef(false);
  const editedSinceVersion = useRef(false);
  const deriveTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const editor = useEditor({
    extensions: editorExtensions(sync.ydoc),
    editable: true,
    editorProps: { attributes: { 'aria-label': 'Document content', 'data-testid': 'editor-content', class: 'prose' } },
  }, [sync]);

  // A document whose content exists only as text/JSON (imported, or created before collaboration)
  // starts its Yjs history from that JSON.
  const fallback = useRef(fallbackJson);
  useEffect(() => {
    if (editor && sync.isEmpty() && fallback.current) editor.commands.setContent(fallback.current);
  }, [editor, sync]);

  useEffect(() => {
    if (!editor) return;
    const derive = () => {
      if (!editedLocally.current || editor.isDestroyed) return;
      const { content, contentJson } = snapshot(editor);
      void call('documents:derive', { id: documentId, content, contentJson }).catch((e: unknown) => setProblem(describe(e)));
    };
    const onUpdate = ({ transaction }: { transaction: Parameters<typeof isChangeOrigin>[0] }) => {
      // Only the author's own edits (not ones merged in from sync) make this session an editing one.
      if (!isChangeOrigin(transaction)) {
        editedLocally.current = true;
        editedSinceVersion.current = true;
      }
      clearTimeout(deriveTimer.current);
      deriveTimer.current = setTimeout(derive, DERIVE_DELAY_MS);
    };
    const automatic = setInterval(() => {
      if (!editedSinceVersion.current || editor.isDestroyed) return;
      editedSinceVersion.current = false;
      void call('documents:saveVersion', { documentId, summary: 'Automatic version', automatic: true, ...snapshot(editor) }).catch(() => undefined);
    }, AUTOMATIC_VERSION_EVERY_MS);
    editor.on('update', onUpdate);
    return () => {
      editor.off('update', onUpdate);
      clearInterval(automatic);
      clearTimeout(deriveTimer.current);
      if (!editor.isDestroyed && editedLocally.current) {
        derive();
        if (editedSinceVersion.current) {
          void call('documents:saveVersion', { documentId, summary: 'Automatic version (end of editing)', automatic: true, ...snapshot(editor) })
            .catch(() => undefined);
        }
      }
    };
  }, [editor, documentId]);

  return {
    editor,
    problem,
    /** Call after a named version was saved: the next automatic one waits for new edits. */
    markVersioned: () => {
      editedSinceVersion.current = false;
    },
  };
}
