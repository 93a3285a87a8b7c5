// Import of test cases from XLSX or CSV: choose the file, check the preview (the columns mapped to case
// fields, changeable; the first rows; every refused row with its reason), then import all rows at once.
// A file with a refused row is not imported at all: correct it (or the mapping) first.
import { useState } from 'react';
import { CASE_FIELD_LABELS, CASE_IMPORT_FIELDS } from '../../../shared/ipc/domains/exports';
import type { CaseImportMapping, ImportPreview } from '../../../shared/ipc/domains/exports';
import { Dialog } from '../common/Dialog';
import { call, describe } from '../ipc/client';
import { readAsBase64 } from '../lib/base64';
import { progressText, useTaskProgress } from './ExportButton';

type Field = (typeof CASE_IMPORT_FIELDS)[number];

export function CaseImportDialog({ projectId, onClose }: { projectId: string; onClose: () => void }) {
  const [file, setFile] = useState<{ name: string; data: string } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const [importing, setImporting] = useState(false);
  const progress = useTaskProgress('imports:cases', importing);

  async function check(next: { name: string; data: string }, mapping?: CaseImportMapping) {
    setBusy(true);
    setError(null);
    try {
      setPreview(await call('imports:casesPreview', { projectId, fileName: next.name, dataBase64: next.data, ...(mapping ? { mapping } : {}) }));
    } catch (e) {
      setPreview(null);
      setError(describe(e));
    } finally {
      setBusy(false);
    }
  }

  async function choose(chosen: File) {
    const next = { name: chosen.name, data: await readAsBase64(chosen) };
    setFile(next);
    setDone(null);
    await check(next);
  }

  function remap(field: Field, value: string) {
    if (!file || !preview) return;
    const mapping = { ...preview.mapping };
    if (value === '') delete mapping[field];
    else mapping[field] = Number(value);
    void check(file, mapping);
  }

  async function importAll() {
    if (!file || !preview) return;
    setBusy(true);
    setImporting(true);
    setError(null);
    try {
      setDone((await call('imports:cases', { projectId, fileName: file.name, dataBase64: file.data, mapping: preview.mapping })).imported);
    } catch (e) {
      setError(describe(e));
    } finally {
      setBusy(false);
      setImporting(false);
    }
  }

  return (
    <Dialog title="Import test cases" onClose={onClose} testId="case-import-dialog">
      <p className="muted">An .xlsx or .csv file with a header row (Title, Suite, Priority, Steps as numbered lines…; TestRail's column names work too).</p>
      <input type="file" accept=".xlsx,.csv" aria-label="Spreadsheet of test cases" data-testid="case-import-file"
        onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void choose(f); }} />
      {file && <p className="muted" data-testid="case-import-file-name">File: {file.name}</p>}
      {busy && <p role="status"><span className="spinner" aria-hidden="true" /> {importing ? `Importing…${progressText(progress)}` : 'Reading…'}</p>}
      {error && <p role="alert" className="error" data-testid="case-import-error">{error}</p>}
      {preview && (
        <>
          <h3>Columns</h3>
          <div className="mapping" data-testid="case-import-mapping">
            {CASE_IMPORT_FIELDS.map((field) => (
              <label key={field}>
                {CASE_FIELD_LABELS[field]}
                <select aria-label={`Column for ${CASE_FIELD_LABELS[field]}`} value={preview.mapping[field] ?? ''} onChange={(e) => remap(field, e.target.value)}>
                  <option value="">(not imported)</option>
                  {preview.columns.map((column, i) => <option key={i} value={i}>{column || `Column ${i + 1}`}</option>)}
                </select>
              </label>
            ))}
          </div>
          <h3>{preview.rowCount} rows</h3>
          <table className="list" data-testid="case-import-sample">
            <thead><tr><th>Row</th><th>Title</th><th>Suite</th><th>Priority</th><th>Steps</th></tr></thead>
            <tbody>{preview.sample.map((s) => <tr key={s.row}><td>{s.row}</td><td>{s.title}</td><td>{s.suite}</td><td>{s.priority}</td><td>{s.steps}</td></tr>)}</tbody>
          </table>
          {preview.refused.length > 0 && (
            <div role="alert" className="error" data-testid="case-import-refused">
              <p>{preview.refused.length} rows cannot be imported; nothing will be until they are corrected (in the file, or by mapping the columns differently):</p>
              <ul>{preview.refused.slice(0, 100).map((r) => <li key={r.row}>Row {r.row}: {r.reason}</li>)}</ul>
            </div>
          )}
          {done !== null ? <p role="status" data-testid="case-import-done">Imported {done} test cases. They sync like any change.</p> : (
            <button type="button" className="primary" data-testid="case-import-submit" disabled={busy || preview.refused.length > 0} onClick={() => void importAll()}>
              Import {preview.rowCount - preview.refused.length} test cases
            </button>
          )}
        </>
      )}
    </Dialog>
  );
}
