// Evidence for an execution's steps: files the tester attaches or pastes are stored on the device at once
// (attachments:add, under the execution's id made in advance) and uploaded on sync.
import type { AttachmentItem } from '../../../shared/ipc/domains/attachments';
import { attachFile } from '../attachments/attach-file';

/** A pasted image has no useful name: name it after the step and the time. */
export function pastedName(step: number, type: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return `step-${step + 1}-screenshot-${stamp}.${type.split('/')[1] ?? 'png'}`;
}

export function attachEvidence(input: { projectId: string; executionId: string; file: File; fileName?: string }): Promise<AttachmentItem> {
  const { executionId, ...rest } = input;
  return attachFile({ ...rest, entityType: 'TEST_EXECUTION', entityId: executionId });
}

/** The first image on the clipboard of a paste event, if any. */
export function pastedImage(data: DataTransfer): File | null {
  for (const item of Array.from(data.items)) {
    if (item.kind === 'file' && item.type.startsWith('image/')) return item.getAsFile();
  }
  return null;
}

