// Attaching a file to an item (stored on the device at once, uploaded on sync) and opening one: the
// attachments panel and the execution player's step evidence both go through here.
import type { AttachmentItem } from '../../../shared/ipc/domains/attachments';
import { ATTACHMENT_LIMIT_BYTES, tooLargeMessage } from '../../../shared/ipc/domains/attachments';
import type { ATTACHMENT_ENTITY_TYPES } from '../../../shared/replica/inputs';
import { call } from '../ipc/client';
import { fromBase64, readAsBase64 } from '../lib/base64';

export type AttachmentEntityType = (typeof ATTACHMENT_ENTITY_TYPES)[number];

export async function attachFile(input: {
  projectId: string; entityType: AttachmentEntityType; entityId: string; file: File; fileName?: string;
}): Promise<AttachmentItem> {
  const fileName = input.fileName ?? (input.file.name || 'file');
  // Refused here too, before a large file is read and sent across.
  if (input.file.size > ATTACHMENT_LIMIT_BYTES) throw new Error(tooLargeMessage(fileName, input.file.size));
  return call('attachments:add', {
    projectId: input.projectId, entityType: input.entityType, entityId: input.entityId, fileName,
    ...(input.file.type ? { mimeType: input.file.type } : {}), dataBase64: await readAsBase64(input.file),
  });
}

/** Opens an attachment in a new window (local copy, or downloaded from central). */
export async function openAttachment(id: string): Promise<void> {
  const file = await call('attachments:open', { id });
  const url = URL.createObjectURL(new Blob([fromBase64(file.dataBase64)], { type: file.mimeType }));
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
