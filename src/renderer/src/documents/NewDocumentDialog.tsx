// Create a document, blank or from one of the project's templates.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { DOCUMENT_TYPES } from '../../../shared/ipc/domains/documents';
import type { DocumentListItem } from '../../../shared/ipc/domains/documents';
import { Dialog } from '../common/Dialog';
import { call, describe } from '../ipc/client';
import { titleCase } from '../lib/format';
import { useWorkspace } from '../stores/workspace-store';

export function NewDocumentDialog({ projectId, onClose }: { projectId: string; onClose: () => void }) {
  const go = useWorkspace((s) => s.go);
  const [title, setTitle] = useState('');
  const [documentType, setDocumentType] = useState<string>('GENERAL');
  const [templateId, setTemplateId] = useState('');
  const [isTemplate, setIsTemplate] = useState(false);
  const [templates, setTemplates] = useState<DocumentListItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void call('documents:list', { projectId, templatesOnly: true }).then(setTemplates, () => setTemplates([]));
  }, [projectId]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      const { id } = await call('documents:create', {
        projectId, title, documentType: documentType as never, isTemplate, ...(templateId ? { templateId } : {}),
      });
      onClose();
      go({ screen: 'document', documentId: id });
    } catch (e) {
      setError(describe(e));
    }
  }

  return (
    <Dialog title="New document" onClose={onClose} testId="new-document-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <label>Title<input name="title" value={title} autoFocus required maxLength={500} onChange={(e) => setTitle(e.target.value)} /></label>
        <label>Type
          <select name="documentType" value={documentType} onChange={(e) => setDocumentType(e.target.value)}>
            {DOCUMENT_TYPES.map((t) => <option key={t} value={t}>{titleCase(t)}</option>)}
          </select>
        </label>
        <label>Start from
          <select name="template" value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
            <option value="">Blank document</option>
            {templates.map((t) => <option key={t.id} value={t.id}>Template: {t.title}</option>)}
          </select>
        </label>
        <label className="check"><input type="checkbox" checked={isTemplate} onChange={(e) => setIsTemplate(e.target.checked)} /> This is a template for other documents</label>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary">Create</button>
        </div>
      </form>
    </Dialog>
  );
}
