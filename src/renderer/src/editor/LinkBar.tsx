// Set or remove the link on the selection (window.prompt does not exist in Electron).
import type { Editor } from '@tiptap/react';
import { useState } from 'react';
import type { FormEvent } from 'react';

export function LinkBar({ editor, onDone }: { editor: Editor; onDone: () => void }) {
  const [href, setHref] = useState(() => String(editor.getAttributes('link').href ?? 'https://'));
  const [error, setError] = useState<string | null>(null);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (href.trim() === '' || href === 'https://') {
      editor.chain().focus().extendMarkRange('link').unsetLink().run();
      onDone();
      return;
    }
    if (!/^(https?:\/\/|mailto:)\S+$/.test(href.trim())) {
      setError('Enter a web address starting with https:// or http://, or an email link starting with mailto:.');
      return;
    }
    editor.chain().focus().extendMarkRange('link').setLink({ href: href.trim() }).run();
    onDone();
  }
  return (
    <form className="link-bar" onSubmit={submit}>
      <input aria-label="Link address" value={href} autoFocus onChange={(e) => setHref(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && onDone()} />
      <button type="submit">Apply</button>
      <button type="button" onClick={() => { editor.chain().focus().extendMarkRange('link').unsetLink().run(); onDone(); }}>Remove link</button>
      {error && <span role="alert" className="error">{error}</span>}
    </form>
  );
}
