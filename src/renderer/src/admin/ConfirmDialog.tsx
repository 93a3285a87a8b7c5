// Asks before a destructive administration action; a refusal by the server is shown in the dialog.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Dialog } from '../common/Dialog';
import { describe } from '../ipc/client';

interface Props {
  title: string;
  children: ReactNode;
  confirm: string;
  onConfirm(): Promise<unknown>;
  onClose(): void;
}

export function ConfirmDialog({ title, children, confirm, onConfirm, onClose }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run() {
    setBusy(true);
    try {
      await onConfirm();
      onClose();
    } catch (e) {
      setError(describe(e));
      setBusy(false);
    }
  }
  return (
    <Dialog title={title} onClose={onClose} testId="confirm-dialog">
      <div>{children}</div>
      {error && <p role="alert" className="error" data-testid="admin-refusal">{error}</p>}
      <div className="actions">
        <button type="button" onClick={onClose}>Cancel</button>
        <button type="button" className="danger" disabled={busy} onClick={() => void run()}>{confirm}</button>
      </div>
    </Dialog>
  );
}
