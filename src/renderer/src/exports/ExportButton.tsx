// A button that makes an export in the replica host (off the main process's event loop), shows that it
// is working, then saves the file; a refusal is shown with what to do.
import { useState } from 'react';
import type { ExportFile } from '../../../shared/ipc/domains/exports';
import { describe } from '../ipc/client';
import { saveFile } from './save-file';

export function ExportButton({ label, testId, make }: { label: string; testId: string; make: () => Promise<ExportFile> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  async function run() {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const file = await make();
      saveFile(file);
      setSaved(file.fileName);
    } catch (e) {
      setError(`Export failed: ${describe(e)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="export-action">
      <button type="button" data-testid={testId} disabled={busy} aria-busy={busy} onClick={() => void run()}>
        {busy ? <><span className="spinner" aria-hidden="true" /> Exporting…</> : label}
      </button>
      {saved && !busy && <span className="muted" role="status" data-testid={`${testId}-done`}>Saved {saved}</span>}
      {error && <span role="alert" className="error" data-testid={`${testId}-error`}>{error}</span>}
    </span>
  );
}
