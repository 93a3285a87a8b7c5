// Search across everything, comments on every kind of item, and the user's notifications — all local.
import type Database from 'better-sqlite3';
import type { CommentItem, NotificationItem, SearchResult } from '../../shared/ipc/domains/collaboration';
import type { LocalWriter } from './local-writer';
import { LocalWriteError } from './local-writer';
import type { ReplicaReads } from './reads';
import type { ReplicaStore } from './replica-store';

const ENTITY_TABLES: Record<string, string> = {
  DOCUMENT: 'documents', TEST_CASE: 'test_cases', TEST_EXECUTION: 'test_executions', CHANGE_REQUEST: 'change_requests', TASK: 'tasks',
};

export class CollaborationService {
  private readonly db: Database.Database;

  constructor(private readonly store: ReplicaStore, private readonly reads: ReplicaReads, private readonly writer: LocalWriter) {
    this.db = store.db;
  }

  search(text: string, options: { projectId?: string; limit?: number }): SearchResult[] {
    const commentTarget = this.db.prepare('SELECT entity_type, entity_id FROM comments WHERE id = ?');
    return this.reads.search(text, options).map((hit) => {
      const result: SearchResult = { kind: hit.table, id: hit.id, projectId: hit.projectId, title: hit.title, snippet: hit.snippet };
      if (hit.table === 'comments') {
        const row = commentTarget.get(hit.id) as { entity_type: string; entity_id: string } | undefined;
        if (row) result.target = { entityType: row.entity_type, entityId: row.entity_id };
      }
      return result;
    });
  }

  private projectOf(entityType: string, entityId: string): string {
    const table = ENTITY_TABLES[entityType];
    const row = table ? this.db.prepare(`SELECT project_id FROM ${table} WHERE id = ? AND deleted_at IS NULL`).get(entityId) as { project_id: string } | undefined : undefined;
    if (!row) throw new LocalWriteError('NOT_FOUND', 'That item does not exist on this device (it may have been deleted).');
    return row.project_id;
  }

  comments(entityType: string, entityId: string): CommentItem[] {
    this.projectOf(entityType, entityId);
    const me = this.store.getState('user_id');
    const rows = this.db.prepare(`SELECT c.id, c.parent_id, c.body, c.created_by, u.full_name, c.created_at, c.edited_at, c.mentions,
        EXISTS (SELECT 1 FROM outbox o WHERE o.table_name = 'comments' AND o.row_id = c.id) AS unsynced
      FROM comments c LEFT JOIN users u ON u.id = c.created_by
      WHERE c.entity_type = ? AND c.entity_id = ? AND c.deleted_at IS NULL ORDER BY c.created_at, c.rid`).all(entityType, entityId) as {
      id: string; parent_id: string | null; body: string; created_by: string | null; full_name: string | null; created_at: string;
      edited_at: string | null; mentions: string | null; unsynced: number;
    }[];
    return rows.map((r) => ({
      id: r.id, parentId: r.parent_id, body: r.body, authorId: r.created_by, authorName: r.full_name, createdAt: r.created_at, editedAt: r.edited_at,
      mentions: JSON.parse(r.mentions ?? '[]') as string[], unsynced: r.unsynced === 1, mine: r.created_by === me,
    }));
  }

  addComment(input: { entityType: string; entityId: string; body: string; parentId?: string; mentions?: string[] }): CommentItem[] {
    const projectId = this.projectOf(input.entityType, input.entityId);
    this.writer.create('comment', projectId, {
      entity_type: input.entityType as never, entity_id: input.entityId, body: input.body, parent_id: input.parentId ?? null,
      mentions: [...new Set(input.mentions ?? [])],
    });
    return this.comments(input.entityType, input.entityId);
  }

  notifications(unreadOnly: boolean): NotificationItem[] {
    const rows = this.db.prepare(`SELECT id, type, title, coalesce(body, '') AS body, entity_type, entity_id, project_id, created_at, read_at
      FROM notifications WHERE deleted_at IS NULL AND recipient_id = ? ${unreadOnly ? 'AND read_at IS NULL' : ''}
      ORDER BY created_at DESC LIMIT 200`).all(this.store.getState('user_id') ?? '') as {
      id: string; type: string; title: string; body: string; entity_type: string | null; entity_id: string | null; project_id: string | null;
      created_at: string; read_at: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id, type: r.type, title: r.title, body: r.body, entityType: r.entity_type, entityId: r.entity_id, projectId: r.project_id,
      createdAt: r.created_at, read: r.read_at !== null,
    }));
  }

  markRead(ids: string[]): { updated: number } {
    const now = new Date().toISOString();
    let updated = 0;
    // One local transaction for all of them (and one change event).
    this.writer.transaction(() => {
      for (const id of ids) {
        const row = this.store.readRow('notifications', id);
        if (!row || row.read_at !== null || row.deleted_at !== null) continue;
        this.writer.update('notification', id, { read_at: now });
        updated++;
      }
    });
    return { updated };
  }
}
