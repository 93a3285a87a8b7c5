// Marks a suspect link reviewed, with an optional note. Saved on this device at once; central checks
// that the reviewer may edit the side that did not change, else the review comes back refused.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { SuspectLink } from '../../../shared/trace/suspect';
import { Dialog } from '../common/Dialog';
import { call, describe } from '../ipc/client';
import { changedSide } from './SuspectLinkRow';

export function ReviewDialog({ link, onClose }: { link: SuspectLink; onClose(): void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await call('trace:review', { relationId: link.relationId, note: note.trim() });
      onClose();
    } catch (e) {
      setError(describe(e));
    }
  }
  return (
    <Dialog title="Mark link reviewed" onClose={onClose} testId="review-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <p>{link.source.title} → {link.target.title}</p>
        <p className="muted">{changedSide(link)}. Check that the link still holds, then mark it reviewed.</p>
        <label>Note (optional)<textarea value={note} maxLength={2000} data-testid="review-note" onChange={(e) => setNote(e.target.value)} /></label>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" data-testid="confirm-review">Mark reviewed</button>
        </div>
      </form>
    </Dialog>
  );
}
