// Formatting commands, each a button with a name and a pressed state (keyboard shortcuts work too:
// Ctrl+B, Ctrl+I, Ctrl+Shift+S, Ctrl+Alt+1…3, Ctrl+Shift+8/7/9, Ctrl+Z / Ctrl+Shift+Z).
import type { Editor } from '@tiptap/react';
import { useEditorState } from '@tiptap/react';
import { useState } from 'react';
import { LinkBar } from './LinkBar';
import { insertImageFromFile } from './insert-image';

interface Tool {
  label: string;
  text: string;
  run(editor: Editor): void;
  active?(editor: Editor): boolean;
}

const TOOLS: Tool[][] = [
  [
    { label: 'Heading 1', text: 'H1', run: (e) => e.chain().focus().toggleHeading({ level: 1 }).run(), active: (e) => e.isActive('heading', { level: 1 }) },
    { label: 'Heading 2', text: 'H2', run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(), active: (e) => e.isActive('heading', { level: 2 }) },
    { label: 'Heading 3', text: 'H3', run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(), active: (e) => e.isActive('heading', { level: 3 }) },
  ],
  [
    { label: 'Bold', text: 'B', run: (e) => e.chain().focus().toggleBold().run(), active: (e) => e.isActive('bold') },
    { label: 'Italic', text: 'I', run: (e) => e.chain().focus().toggleItalic().run(), active: (e) => e.isActive('italic') },
    { label: 'Strikethrough', text: 'S', run: (e) => e.chain().focus().toggleStrike().run(), active: (e) => e.isActive('strike') },
    { label: 'Code', text: '</>', run: (e) => e.chain().focus().toggleCode().run(), active: (e) => e.isActive('code') },
  ],
  [
    { label: 'Bulleted list', text: '•', run: (e) => e.chain().focus().toggleBulletList().run(), active: (e) => e.isActive('bulletList') },
    { label: 'Numbered list', text: '1.', run: (e) => e.chain().focus().toggleOrderedList().run(), active: (e) => e.isActive('orderedList') },
    { label: 'Task list', text: '☑', run: (e) => e.chain().focus().toggleTaskList().run(), active: (e) => e.isActive('taskList') },
    { label: 'Code block', text: '{ }', run: (e) => e.chain().focus().toggleCodeBlock().run(), active: (e) => e.isActive('codeBlock') },
    { label: 'Quote', text: '❝', run: (e) => e.chain().focus().toggleBlockquote().run(), active: (e) => e.isActive('blockquote') },
  ],
  [
    { label: 'Insert table', text: '▦', run: (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run() },
    { label: 'Add row', text: '+row', run: (e) => e.chain().focus().addRowAfter().run() },
    { label: 'Add column', text: '+col', run: (e) => e.chain().focus().addColumnAfter().run() },
    { label: 'Delete table', text: '−▦', run: (e) => e.chain().focus().deleteTable().run() },
  ],
  [
    { label: 'Undo', text: '↶', run: (e) => e.chain().focus().undo().run() },
    { label: 'Redo', text: '↷', run: (e) => e.chain().focus().redo().run() },
  ],
];

export function EditorToolbar({ editor }: { editor: Editor }) {
  const active = useEditorState({ editor, selector: ({ editor: e }) => TOOLS.flat().map((t) => t.active?.(e) ?? false) });
  const inTable = useEditorState({ editor, selector: ({ editor: e }) => e.isActive('table') });
  const [linking, setLinking] = useState(false);
  const [imageError, setImageError] = useState<string | null>(null);
  let index = 0;
  return (
    <div className="toolbar" role="toolbar" aria-label="Formatting">
      {TOOLS.map((group, g) => (
        <div className="tool-group" key={g}>
          {group.map((tool) => {
            const pressed = active[index++] ?? false;
            const disabled = tool.label.startsWith('Add') || tool.label === 'Delete table' ? !inTable : false;
            return (
              <button key={tool.label} type="button" title={tool.label} aria-label={tool.label} disabled={disabled}
                aria-pressed={tool.active ? pressed : undefined} className={pressed ? 'tool active' : 'tool'}
                onMouseDown={(e) => e.preventDefault()} onClick={() => tool.run(editor)}>
                {tool.text}
              </button>
            );
          })}
        </div>
      ))}
      <div className="tool-group">
        <button type="button" className="tool" aria-label="Link" title="Link" onClick={() => setLinking((v) => !v)}>Link</button>
        <label className="tool" title="Insert an image (PNG, JPEG, GIF or WebP, up to 2 MB)">
          Image
          <input type="file" accept="image/png,image/jpeg,image/gif,image/webp" className="sr-only"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void insertImageFromFile(editor, file).then(() => setImageError(null), (err: Error) => setImageError(err.message));
            }} />
        </label>
      </div>
      {linking && <LinkBar editor={editor} onDone={() => setLinking(false)} />}
      {imageError && <p role="alert" className="error">{imageError}</p>}
    </div>
  );
}
