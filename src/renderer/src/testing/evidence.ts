// Evidence for an execution's steps: files the tester attaches or pastes are stored on the device at once
// (attachments:add, under the execution's id made in advance) and uploaded on sync.
import type { AttachmentItem } from '../../../shared/ipc/domains/attachments';
import { ATTACHMENT_LIMIT_BYTES } from '../../../shared/ipc/domains/attachments';
import { call } from '../ipc/client';
import { fromBase64, toBase64 } from '../lib/base64';

/** A pasted image has no useful name: name it after the step and the time. */
export function pastedName(step: number, type: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return `step-${step + 1}-screenshot-${stamp}.${type.split('/')[1] ?? 'png'}`;
}

export async function attachEvidence(input: { projectId: string; executionId: string; file: File; fileName?: string }): Promise<AttachmentItem> {
  if (input.file.size > ATTACHMENT_LIMIT_BYTES) {
    throw new Error(`${input.file.name || 'This file'} is ${(input.file.size / 1024 / 1024).toFixed(1)} MB; files up to 25 MB can be attached. Attach a smaller file (compress or crop it).`);
  }
  const bytes = new Uint8Array(await input.file.arrayBuffer());
  return call('attachments:add', {
    projectId: input.projectId, entityType: 'TEST_EXECUTION', entityId: input.executionId,
    fileName: input.fileName ?? (input.file.name || 'file'), ...(input.file.type ? { mimeType: input.file.type } : {}), dataBase64: toBase64(bytes),
  });
}

/** The first image on the clipboard of a paste event, if any. */
export function pastedImage(data: DataTransfer): File | null {
  for (const item of Array.from(data.items)) {
    if (item.kind === 'file' && item.type.startsWith('image/')) return item.getAsFile();
  }
  return null;
}

/** Opens an attachment in a new window (local copy, or downloaded from central). */
export async function openEvidence(id: string): Promise<void> {
  const file = await call('attachments:open', { id });
  const url = URL.createObjectURL(new Blob([fromBase64(file.dataBase64)], { type: file.mimeType }));
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
