// ReqIF 1.2 export of the project's documents and their links, and import of a ReqIF file's documents
// and links as new documents of this project (all or nothing).
import { useState } from 'react';
import { call, describe } from '../ipc/client';
import { ExportButton, progressText, useTaskProgress } from './ExportButton';

export function ReqifActions({ projectId }: { projectId: string }) {
  const [busy, setBusy] = useState(false);
  const progress = useTaskProgress('imports:reqif', busy);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  async function importFile(file: File) {
    setBusy(true);
    setMessage(null);
    try {
      const report = await call('imports:reqif', { projectId, xml: await file.text() });
      setMessage({ text: `Imported ${report.documents} documents and ${report.relations} links from ${file.name}.`, error: false });
    } catch (e) {
      setMessage({ text: `${file.name} was not imported: ${describe(e)}`, error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="export-action">
      <ExportButton label="Export ReqIF" testId="export-reqif" task="exports:reqif" make={() => call('exports:reqif', { projectId })} />
      <label className="tool" title="Documents and their links from DOORS, Polarion, Jama… (ReqIF 1.2)">
        {busy ? `Importing…${progressText(progress)}` : 'Import ReqIF…'}
        <input type="file" accept=".reqif,.xml" className="sr-only" data-testid="reqif-file" disabled={busy}
          onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void importFile(f); }} />
      </label>
      {message && <span role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'muted'} data-testid="reqif-message">{message.text}</span>}
    </span>
  );
}
