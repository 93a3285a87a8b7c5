// "Save version": a named snapshot of the current content with a summary of what changed.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Editor } from '@tiptap/react';
import { Dialog } from '../common/Dialog';
import { call, describe } from '../ipc/client';
import { snapshot } from './use-collaborative-editor';

export function SaveVersionDialog({ documentId, editor, onClose, onSaved }: { documentId: string; editor: Editor; onClose: () => void; onSaved: () => void }) {
  const [summary, setSummary] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await call('documents:saveVersion', { documentId, summary, automatic: false, ...snapshot(editor) });
      onSaved();
      onClose();
    } catch (e) {
      setError(describe(e));
    }
  }
  return (
    <Dialog title="Save version" onClose={onClose} testId="save-version-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <label>What changed?<textarea name="summary" value={summary} autoFocus maxLength={2000} rows={3} onChange={(e) => setSummary(e.target.value)} /></label>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary">Save version</button>
        </div>
      </form>
    </Dialog>
  );
}
