// A button that makes an export in the replica host (off the main process's event loop), shows that it
// is working, then saves the file; a refusal is shown with what to do.
import { useEffect, useState } from 'react';
import type { ExportFile, ExportProgress } from '../../../shared/ipc/domains/exports';
import { describe, onEvent } from '../ipc/client';
import { saveFile } from './save-file';

/** "12 of 340" while a long task reports its progress (export:progress events of that task). */
export function useTaskProgress(task: string, active: boolean): ExportProgress | null {
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  useEffect(() => {
    if (!active) { setProgress(null); return; }
    return onEvent('export:progress', (p) => { if (p.task === task) setProgress(p); });
  }, [task, active]);
  return progress;
}

export const progressText = (p: ExportProgress | null) => (p && p.total > 1 ? ` ${p.done} of ${p.total}` : '');

export function ExportButton({ label, testId, task, make }: { label: string; testId: string; task: string; make: () => Promise<ExportFile> }) {
  const [busy, setBusy] = useState(false);
  const progress = useTaskProgress(task, busy);
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
        {busy ? <><span className="spinner" aria-hidden="true" /> Exporting…{progressText(progress)}</> : label}
      </button>
      {saved && !busy && <span className="muted" role="status" data-testid={`${testId}-done`}>Exported {saved}</span>}
      {error && <span role="alert" className="error" data-testid={`${testId}-error`}>{error}</span>}
    </span>
  );
}
