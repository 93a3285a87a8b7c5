// The document's timeline: named and automatic versions, who and when. Open one read-only, compare
// any two (or one with the current text), restore an old one.
import type { Editor } from '@tiptap/react';
import { useState } from 'react';
import type { DocumentDetail } from '../../../shared/ipc/domains/documents';
import { formatDateTime } from '../lib/format';
import { CompareView } from './CompareView';
import { CURRENT } from './compare-source';
import { useVersions } from './use-versions';
import { VersionSignatures } from './VersionSignatures';
import { VersionViewer } from './VersionViewer';

interface Props {
  document: DocumentDetail;
  editor: Editor;
  onSaveVersion(): void;
  onRestored(): void;
}

export function HistoryPanel({ document, editor, onSaveVersion, onRestored }: Props) {
  const { versions, error } = useVersions(document.id);
  const [selected, setSelected] = useState<string[]>([]);
  const [viewing, setViewing] = useState<string | null>(null);
  const [comparing, setComparing] = useState<[string, string] | null>(null);
  const toggle = (id: string) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id].slice(-2)));
  const authors = new Set(versions.map((v) => v.authorName ?? 'Unknown'));

  return (
    <div className="history" data-testid="history-panel">
      <div className="panel-actions">
        <button type="button" onClick={onSaveVersion}>Save version…</button>
        <button type="button" data-testid="compare-selected" disabled={selected.length !== 2}
          onClick={() => setComparing([selected[0]!, selected[1]!])}>Compare selected</button>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {versions.length > 0 && <p className="muted" data-testid="history-authors">Authors: {[...authors].join(', ')}</p>}
      <ol className="timeline" aria-label="Versions">
        <li className="version" data-testid="version-current">
          <label className="check"><input type="checkbox" aria-label="Select the current text" checked={selected.includes(CURRENT)} onChange={() => toggle(CURRENT)} /> Current text</label>
        </li>
        {versions.length === 0 && <li className="muted">No versions yet. “Save version” keeps a named snapshot; leaving the editor after changes keeps an automatic one.</li>}
        {versions.map((v) => (
          <li key={v.id} className="version" data-testid="version-item" data-number={v.number ?? ''} data-automatic={v.automatic}>
            <label className="check">
              <input type="checkbox" aria-label={`Select version ${v.number ?? '(not synced yet)'}`} checked={selected.includes(v.id)} onChange={() => toggle(v.id)} />
              <strong>{v.number ? `Version ${v.number}` : 'New version (not synced yet)'}</strong>
              {v.automatic && <span className="badge">Automatic</span>}
            </label>
            {v.summary && <div className="summary">{v.summary}</div>}
            <div className="muted"><span data-testid="version-author">{v.authorName ?? 'Unknown'}</span> · {formatDateTime(v.createdAt)}</div>
            <button type="button" className="link" onClick={() => setViewing(v.id)}>Open</button>{' · '}
            <VersionSignatures version={v} />
          </li>
        ))}
      </ol>
      {viewing && <VersionViewer versionId={viewing} editor={editor} onClose={() => setViewing(null)} onRestored={onRestored} />}
      {comparing && <CompareView ids={comparing} editor={editor} versions={versions} onClose={() => setComparing(null)} />}
    </div>
  );
}
