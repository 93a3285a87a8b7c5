// Uploads attachment content (architecture.md §5, docs/sync.md "Uploads"): after the regular push and
// pull, files whose metadata row central already has are sent in 1 MB chunks through
// app.put_attachment_chunk, then app.complete_attachment checks size and sha256 and marks them stored.
// Each round sends a bounded number of bytes, so a large file never holds back other changes: the engine
// runs another round at once, and each round pushes and pulls first. Progress (the next chunk) lives in
// the local attachment_cache table, so an upload resumes where it stopped, even after a restart.
import { closeSync, openSync, readSync } from 'node:fs';
import type { CentralConnection } from '../central/connection';
import { inSession } from '../central/auth';
import type { ReplicaStore } from '../replica/replica-store';
import { isSignedOut, isTransient } from './sync-errors';

export const CHUNK_BYTES = 1024 * 1024;
/** Bytes sent per sync round (default): four chunks, then push and pull run again. */
export const UPLOAD_BUDGET_BYTES = 4 * CHUNK_BYTES;

export interface UploadSummary {
  /** Files central now holds complete and verified. */
  stored: string[];
  chunks: number;
  bytes: number;
  /** Files still waiting (budget spent, or their metadata has not been pushed yet). */
  remaining: number;
  /** Files central refused (size or checksum differed): they are sent again from the start. */
  refused: string[];
}

interface PendingUpload {
  id: string;
  file_name: string;
  size: number;
  path: string;
  next_chunk: number;
  stored: number | null;
}

type CompleteResult =
  | { status: 'stored' }
  | { status: 'incomplete'; code: string; missing: number[]; message: string }
  | { status: 'refused'; code: string; message: string; hint?: string };

/** Files to upload, oldest first: not uploaded yet, and their metadata is on central (not in the outbox). */
function pendingUploads(store: ReplicaStore): PendingUpload[] {
  return store.db.prepare(`SELECT c.id, c.file_name, c.size, c.path, c.next_chunk, a.stored FROM attachment_cache c
      JOIN attachments a ON a.id = c.id
    WHERE c.uploaded = 0 AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.table_name = 'attachments' AND o.row_id = c.id)
    ORDER BY c.created_at, c.id`).all() as PendingUpload[];
}

function readChunk(path: string, index: number, size: number): Buffer {
  const length = Math.min(CHUNK_BYTES, size - index * CHUNK_BYTES);
  const buffer = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    let read = 0;
    while (read < length) {
      const n = readSync(fd, buffer, read, length - read, index * CHUNK_BYTES + read);
      if (n === 0) throw new Error(`The local copy of the file is shorter than ${size} bytes.`);
      read += n;
    }
  } finally {
    closeSync(fd);
  }
  return buffer;
}

export async function uploadAttachments(
  conn: CentralConnection, store: ReplicaStore, token: string, budgetBytes = UPLOAD_BUDGET_BYTES,
): Promise<UploadSummary> {
  const summary: UploadSummary = { stored: [], chunks: 0, bytes: 0, remaining: 0, refused: [] };
  const progress = store.db.prepare('UPDATE attachment_cache SET next_chunk = ?, last_error = ? WHERE id = ?');
  const done = store.db.prepare('UPDATE attachment_cache SET uploaded = 1, next_chunk = ?, last_error = NULL WHERE id = ?');
  let changed = false;
  for (const file of pendingUploads(store)) {
    const chunks = Math.ceil(file.size / CHUNK_BYTES);
    if (file.stored === 1) {
      // Central already has it complete (an earlier round's reply was lost): nothing to send.
      done.run(chunks, file.id);
      changed = true;
      continue;
    }
    if (summary.bytes >= budgetBytes) {
      summary.remaining++;
      continue;
    }
    try {
      let next = file.next_chunk;
      while (next < chunks && summary.bytes < budgetBytes) {
        const data = readChunk(file.path, next, file.size);
        await inSession(conn, token, () => conn.query('SELECT app.put_attachment_chunk($1, $2, $3)', [file.id, next, data]));
        next++;
        summary.chunks++;
        summary.bytes += data.length;
        progress.run(next, null, file.id);
      }
      if (next < chunks) {
        summary.remaining++;
        continue;
      }
      const result = await inSession(conn, token, async () =>
        (await conn.query<{ result: CompleteResult }>('SELECT app.complete_attachment($1) AS result', [file.id])).rows[0]!.result);
      changed = true;
      if (result.status === 'stored') {
        done.run(chunks, file.id);
        summary.stored.push(file.id);
      } else if (result.status === 'incomplete') {
        progress.run(Math.min(...result.missing), `${result.code}: ${result.message}`, file.id);
        summary.remaining++;
      } else {
        // Central deleted what it had: send the file again from the start.
        progress.run(0, `${result.code}: ${result.message}`, file.id);
        summary.refused.push(file.id);
        summary.remaining++;
      }
    } catch (error) {
      if (isTransient(error) || isSignedOut(error)) throw error;
      // A permanent refusal (the file is gone locally, permission withdrawn …): recorded, the others go on.
      progress.run(file.next_chunk, error instanceof Error ? error.message : String(error), file.id);
      changed = true;
    }
  }
  if (changed || summary.chunks > 0) store.announce('attachment_cache');
  return summary;
}

/** Downloads a stored attachment chunk by chunk (the caller checks its sha256). */
export async function downloadAttachment(conn: CentralConnection, token: string, id: string, size: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  const chunks = Math.ceil(size / CHUNK_BYTES);
  for (let index = 0; index < chunks; index++) {
    const data = await inSession(conn, token, async () =>
      (await conn.query<{ data: Uint8Array | null }>('SELECT app.get_attachment_chunk($1, $2) AS data', [id, index])).rows[0]?.data ?? null,
    { readOnly: true });
    if (!data) throw new Error(`Central is missing part ${index + 1} of ${chunks} of this file.`);
    parts.push(Buffer.from(data));
  }
  return Buffer.concat(parts);
}
