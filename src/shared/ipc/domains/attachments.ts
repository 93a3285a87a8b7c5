// attachments:* — files attached to an item (evidence on a test execution's steps, …): stored on the
// device at once, uploaded to central on sync (docs/sync.md "Uploads").
import { z } from 'zod';
import { ATTACHMENT_ENTITY_TYPES } from '../../replica/inputs';

const id = z.uuid({ error: 'must be an id (UUID)' });

/** The most the app attaches in one file (central itself accepts up to 100 MB). */
export const ATTACHMENT_LIMIT_BYTES = 25 * 1024 * 1024;
/** What the app says, before sending it (renderer) and when storing it (replica host), of a file over the limit. */
export function tooLargeMessage(fileName: string, bytes: number): string {
  return `${fileName} is ${(bytes / 1024 / 1024).toFixed(1)} MB; files up to 25 MB can be attached. Attach a smaller file (compress or crop it).`;
}

/** base64 of ATTACHMENT_LIMIT_BYTES, plus room for padding. */
const BASE64_LIMIT = Math.ceil(ATTACHMENT_LIMIT_BYTES / 3) * 4 + 4;

export interface AttachmentItem {
  id: string;
  entityType: string;
  entityId: string;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  createdAt: string;
  createdByName: string | null;
  /** uploaded: central holds it, verified; pending: on this device, waiting to upload; remote: on
   *  central, not on this device yet (downloaded when opened). */
  state: 'uploaded' | 'pending' | 'remote';
  /** Why the last upload attempt failed, when it did (it is retried). */
  problem: string | null;
}

export const addAttachmentInput = z.object({
  projectId: id,
  entityType: z.enum(ATTACHMENT_ENTITY_TYPES),
  entityId: id,
  fileName: z.string().trim().min(1, 'must not be empty').max(500),
  mimeType: z.string().max(255).optional(),
  dataBase64: z.string().max(BASE64_LIMIT, 'is larger than 25 MB — attach a smaller file (compress or crop it)'),
}).strict();

export const attachmentChannels = {
  /** Copies the file into the app's data folder and records it; the upload follows on sync. */
  'attachments:add': { input: addAttachmentInput, output: z.custom<AttachmentItem>() },
  'attachments:list': { input: z.object({ entityType: z.enum(ATTACHMENT_ENTITY_TYPES), entityId: id }).strict(), output: z.custom<AttachmentItem[]>() },
  /** The file's content: the local copy, or downloaded from central (online) and kept. */
  'attachments:open': { input: z.object({ id }).strict(), output: z.custom<{ fileName: string; mimeType: string; dataBase64: string }>() },
} as const;
