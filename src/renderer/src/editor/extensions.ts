// The editor's schema: headings, marks, lists, task lists, tables, code blocks, links, images; with
// a Y.Doc, content is collaborative (Yjs) and undo/redo follows Yjs.
import type { Extensions } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import Image from '@tiptap/extension-image';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { TableKit } from '@tiptap/extension-table';
import StarterKit from '@tiptap/starter-kit';
import type * as Y from 'yjs';

export function editorExtensions(ydoc?: Y.Doc): Extensions {
  const link = { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'] };
  return [
    ydoc ? StarterKit.configure({ undoRedo: false, link }) : StarterKit.configure({ link }),
    TaskList,
    TaskItem.configure({ nested: true }),
    TableKit.configure({ table: { resizable: false } }),
    Image.configure({ allowBase64: true }),
    ...(ydoc ? [Collaboration.configure({ document: ydoc })] : []),
  ];
}
