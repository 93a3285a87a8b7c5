// Files attached to an item (kept on this device at once, uploaded on sync): list, open, attach.
import { useState } from 'react';
import { call, describe } from '../ipc/client';
import { useLive } from '../lib/use-live';
import { attachFile, openAttachment } from './attach-file';
import type { AttachmentEntityType as EntityType } from './attach-file';
const STATE = { uploaded: 'on the server', pending: 'waiting to upload', remote: 'on the server only' } as const;

export function AttachmentsPanel({ projectId, entityType, entityId }: { projectId: string; entityType: EntityType; entityId: string }) {
  const { value, error } = useLive(() => call('attachments:list', { entityType, entityId }), 'attachments,attachment_cache,outbox', `${entityType}:${entityId}`);
  const [problem, setProblem] = useState<string | null>(null);
  async function attach(file: File) {
    try {
      await attachFile({ projectId, entityType, entityId, file });
      setProblem(null);
    } catch (e) {
      setProblem(describe(e));
    }
  }
  return (
    <div className="attachments" data-testid="attachments">
      <ul>
        {(value ?? []).length === 0 && <li className="muted">No attachments.</li>}
        {(value ?? []).map((a) => (
          <li key={a.id} data-testid="attachment">
            <button type="button" className="link" onClick={() => void openAttachment(a.id).catch((e: unknown) => setProblem(describe(e)))}>{a.fileName}</button>
            <span className="muted"> · {(a.size / 1024).toFixed(0)} KB · {STATE[a.state]}{a.createdByName ? ` · ${a.createdByName}` : ''}</span>
          </li>
        ))}
      </ul>
      <label className="tool">Attach file…
        <input type="file" className="sr-only" data-testid="attach-file"
          onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void attach(f); }} />
      </label>
      {(error ?? problem) && <p role="alert" className="error">{error ?? problem}</p>}
    </div>
  );
}
