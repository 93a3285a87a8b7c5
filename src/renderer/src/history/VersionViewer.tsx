// One version, read-only, with "Restore": its content replaces the current text (a new edit, merged
// like any other) and a new version records the restore; the history is kept.
import { EditorContent, useEditor } from '@tiptap/react';
import type { Editor } from '@tiptap/react';
import { useEffect, useState } from 'react';
import type { VersionDetail } from '../../../shared/ipc/domains/documents';
import { Dialog } from '../common/Dialog';
import { editorExtensions } from '../editor/extensions';
import { snapshot } from '../editor/use-collaborative-editor';
import { call, describe } from '../ipc/client';
import { formatDateTime } from '../lib/format';
import { ExportButton } from '../exports/ExportButton';

export function VersionViewer({ versionId, editor, onClose, onRestored }: { versionId: string; editor: Editor; onClose(): void; onRestored(): void }) {
  const [version, setVersion] = useState<VersionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const viewer = useEditor({ extensions: editorExtensions(), editable: false, editorProps: { attributes: { class: 'prose', 'data-testid': 'version-content' } } });
  useEffect(() => {
    call('documents:version', { id: versionId }).then(setVersion, (e: unknown) => setError(describe(e)));
  }, [versionId]);
  useEffect(() => {
    if (viewer && version) viewer.commands.setContent(version.contentJson ?? version.content);
  }, [viewer, version]);

  async function restore() {
    if (!version) return;
    try {
      editor.commands.setContent(version.contentJson ?? version.content);
      const label = version.number ? `version ${version.number}` : 'an unsynced version';
      await call('documents:saveVersion', { documentId: version.documentId, summary: `Restored ${label}`, automatic: false, ...snapshot(editor) });
      onRestored();
      onClose();
    } catch (e) {
      setError(describe(e));
    }
  }

  const title = version ? (version.number ? `Version ${version.number}` : 'Version (not synced yet)') : 'Version';
  return (
    <Dialog title={title} onClose={onClose} testId="version-viewer">
      {version && <p className="muted">{version.summary || 'No summary'} · {version.authorName ?? 'Unknown'} · {formatDateTime(version.createdAt)}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      <div className="editor-page read-only"><EditorContent editor={viewer} /></div>
      <div className="actions">
        <button type="button" onClick={onClose}>Close</button>
        {version && <ExportButton label="Export PDF" testId="export-version-pdf" task="exports:documentPdf"
          make={() => call('exports:documentPdf', { id: version.documentId, versionId: version.id })} />}
        {version && <ExportButton label="Export DOCX" testId="export-version-docx" task="exports:documentDocx"
          make={() => call('exports:documentDocx', { id: version.documentId, versionId: version.id })} />}
        <button type="button" className="primary" data-testid="restore-version" disabled={!version} onClick={() => void restore()}>Restore this version</button>
      </div>
    </Dialog>
  );
}
