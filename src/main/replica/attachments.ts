// Attachments on the device: a file is copied into the app's data folder (<attachments dir>/<id>) and
// its sha256 computed at once; its metadata row (through the local write API, with its outbox mutation)
// and its entry in attachment_cache are written in one SQLite transaction. The content is uploaded by
// the sync engine once the row has been pushed (src/main/sync/uploads.ts). Files attached elsewhere are
// downloaded from central when first opened, checked against their sha256 and kept.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AttachmentItem } from '../../shared/ipc/domains/attachments';
import { ATTACHMENT_LIMIT_BYTES, tooLargeMessage } from '../../shared/ipc/domains/attachments';
import type { ATTACHMENT_ENTITY_TYPES } from '../../shared/replica/inputs';
import { uuidv7 } from '../../shared/ids';
import type { LocalWriter } from './local-writer';
import { LocalWriteError } from './local-writer';
import type { ReplicaStore } from './replica-store';

export type AttachmentEntityType = (typeof ATTACHMENT_ENTITY_TYPES)[number];

export interface AddAttachment {
  projectId: string;
  entityType: AttachmentEntityType;
  entityId: string;
  fileName: string;
  mimeType?: string;
  dataBase64: string;
}

interface ListRow {
  id: string; entity_type: string; entity_id: string; file_name: string; mime_type: string; file_size: number; checksum_sha256: string;
  created_at: string; full_name: string | null; stored: number | null; cached: number; uploaded: number | null; last_error: string | null;
}

export const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Writes a file durably: to a temporary name, flushed, then renamed into place. */
function writeDurably(path: string, data: Uint8Array): void {
  const temporary = `${path}.partial`;
  const fd = openSync(temporary, 'w');
  try {
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

export class AttachmentService {
  constructor(
    private readonly store: ReplicaStore,
    private readonly writer: LocalWriter,
    private readonly directory: string,
    /** Fetches a stored attachment's content from central (online only). */
    private readonly download: (id: string, size: number) => Promise<Buffer>,
  ) {}

  add(input: AddAttachment): AttachmentItem {
    const data = Buffer.from(input.dataBase64, 'base64');
    if (data.length > ATTACHMENT_LIMIT_BYTES) {
      throw new LocalWriteError('INVALID_ARGUMENT', tooLargeMessage(input.fileName, data.length));
    }
    const id = uuidv7();
    const checksum = sha256(data);
    mkdirSync(this.directory, { recursive: true });
    const path = join(this.directory, id);
    // The file first: a row never points at a file that is not there (a file without a row is ignored).
    writeDurably(path, data);
    const mimeType = input.mimeType?.trim() || 'application/octet-stream';
    this.store.transaction(() => {
      this.writer.create('attachment', input.projectId, {
        entity_type: input.entityType, entity_id: input.entityId, file_name: input.fileName.trim(), mime_type: mimeType,
        file_size: data.length, checksum_sha256: checksum, storage_provider: 'DATABASE',
      }, id);
      this.store.db.prepare(`INSERT INTO attachment_cache (id, project_id, file_name, mime_type, size, sha256, path, uploaded, created_at, next_chunk)
        VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, 0)`).run(id, input.projectId, input.fileName.trim(), mimeType, data.length, checksum, path, new Date().toISOString());
    });
    return this.get(id);
  }

  list(entityType: string, entityId: string): AttachmentItem[] {
    return (this.store.db.prepare(`${SELECT} WHERE a.entity_type = ? AND a.entity_id = ? AND a.deleted_at IS NULL ORDER BY a.created_at, a.id`)
      .all(entityType, entityId) as ListRow[]).map(item);
  }

  get(id: string): AttachmentItem {
    const row = this.store.db.prepare(`${SELECT} WHERE a.id = ?`).get(id) as ListRow | undefined;
    if (!row) throw new LocalWriteError('NOT_FOUND', 'That attachment is not on this device (it may have been refused by the server).');
    return item(row);
  }

  async open(id: string): Promise<{ fileName: string; mimeType: string; dataBase64: string }> {
    const meta = this.get(id);
    const cached = this.store.db.prepare('SELECT path FROM attachment_cache WHERE id = ?').get(id) as { path: string } | undefined;
    if (cached && existsSync(cached.path)) {
      return { fileName: meta.fileName, mimeType: meta.mimeType, dataBase64: readFileSync(cached.path).toString('base64') };
    }
    if (meta.state === 'pending') {
      throw new LocalWriteError('NOT_FOUND', `${meta.fileName} has not reached the server yet; it can be opened once the device that attached it has synced.`);
    }
    const data = await this.download(id, meta.size);
    if (data.length !== meta.size || sha256(data) !== meta.sha256) {
      throw new LocalWriteError('INVALID_ARGUMENT', `The copy of ${meta.fileName} downloaded from the server does not match its checksum; try again.`);
    }
    mkdirSync(this.directory, { recursive: true });
    const path = join(this.directory, id);
    writeDurably(path, data);
    this.store.transaction(() => {
      this.store.db.prepare(`INSERT INTO attachment_cache (id, project_id, file_name, mime_type, size, sha256, path, uploaded, created_at, next_chunk)
        SELECT id, project_id, file_name, mime_type, file_size, checksum_sha256, ?, 1, ?, 0 FROM attachments WHERE id = ?
        ON CONFLICT (id) DO UPDATE SET path = excluded.path, uploaded = 1`).run(path, new Date().toISOString(), id);
    });
    this.store.announce('attachment_cache');
    return { fileName: meta.fileName, mimeType: meta.mimeType, dataBase64: data.toString('base64') };
  }
}

const SELECT = `SELECT a.id, a.entity_type, a.entity_id, a.file_name, a.mime_type, a.file_size, a.checksum_sha256, a.created_at, u.full_name,
    a.stored, (c.id IS NOT NULL) AS cached, c.uploaded, c.last_error
  FROM attachments a LEFT JOIN attachment_cache c ON c.id = a.id LEFT JOIN users u ON u.id = a.created_by`;

function item(row: ListRow): AttachmentItem {
  const uploaded = row.stored === 1 || row.uploaded === 1;
  return {
    id: row.id, entityType: row.entity_type, entityId: row.entity_id, fileName: row.file_name, mimeType: row.mime_type, size: row.file_size,
    sha256: row.checksum_sha256, createdAt: row.created_at, createdByName: row.full_name,
    state: row.cached ? (uploaded ? 'uploaded' : 'pending') : row.stored === 1 ? 'remote' : 'pending',
    problem: row.uploaded === 0 ? row.last_error : null,
  };
}
