// Baselines on the replica: take one (offline too: it refers only to versions this device holds),
// list them, read one's items, and compare two baselines or a baseline with now. A baseline is its
// header and one item per document and test case, written with their outbox mutations in one local
// transaction; central keeps them immutable (migration 0017).
import type Database from 'better-sqlite3';
import type {
  BaselineComparison, BaselineEntry, BaselineSummary, ComparisonChange, ComparisonEntry,
} from '../../shared/trace/baseline';
import type { LocalWriter } from './local-writer';
import { LocalWriteError } from './local-writer';

export interface TakeBaseline {
  projectId: string;
  name: string;
  description?: string;
  /** Chosen documents and suites; none of either: the whole project. */
  documentIds?: string[];
  suites?: string[];
}

interface BaselineRow {
  id: string; project_id: string; name: string; description: string; scope: 'PROJECT' | 'SELECTION'; document_ids: string; suites: string;
  item_count: number; taken_at: string; created_by: string | null; created_by_name: string | null; unsynced: number;
}

/** The newest version of each document (an unsynced one, numbered 0 until central numbers it, is newest). */
const LATEST_VERSIONS = `SELECT document_id, id, version_number FROM (
    SELECT v.document_id, v.id, v.version_number, row_number() OVER (PARTITION BY v.document_id
      ORDER BY CASE WHEN v.version_number > 0 THEN v.version_number ELSE 1e9 END DESC, v.created_at DESC) AS n
    FROM document_versions v WHERE v.project_id = @projectId AND v.deleted_at IS NULL) WHERE n = 1`;

const UNSYNCED = `(EXISTS (SELECT 1 FROM outbox o WHERE o.table_name = 'baselines' AND o.row_id = b.id)
  OR b.items_received < b.item_count AND EXISTS (SELECT 1 FROM outbox o WHERE o.table_name = 'baseline_items' AND o.project_id = b.project_id))`;

const key = (e: { type: string; itemId: string }) => `${e.type}:${e.itemId}`;

export class BaselineService {
  constructor(private readonly db: Database.Database, private readonly writer: LocalWriter) {}

  /** What a baseline of this scope would record now: every live document and test case it covers, at its current version. */
  current(projectId: string, documentIds: readonly string[], suites: readonly string[]): BaselineEntry[] {
    const selection = documentIds.length > 0 || suites.length > 0;
    const documents = this.db.prepare(`WITH latest AS (${LATEST_VERSIONS})
      SELECT d.id, d.title, l.id AS version_id, coalesce(l.version_number, 0) AS version_number
      FROM documents d LEFT JOIN latest l ON l.document_id = d.id
      WHERE d.project_id = @projectId AND d.deleted_at IS NULL AND d.is_template = 0
        AND (@selection = 0 OR d.id IN (SELECT value FROM json_each(@documentIds)))
      ORDER BY d.title, d.id`).all({ projectId, selection: selection ? 1 : 0, documentIds: JSON.stringify(documentIds) }) as
      { id: string; title: string; version_id: string | null; version_number: number }[];
    const cases = this.db.prepare(`SELECT id, title, case_version FROM test_cases
      WHERE project_id = @projectId AND deleted_at IS NULL AND is_template = 0
        AND (@selection = 0 OR suite IN (SELECT value FROM json_each(@suites)))
      ORDER BY title, id`).all({ projectId, selection: selection ? 1 : 0, suites: JSON.stringify(suites) }) as
      { id: string; title: string; case_version: number }[];
    return [
      ...documents.map((d): BaselineEntry => ({ type: 'DOCUMENT', itemId: d.id, title: d.title, version: d.version_number, documentVersionId: d.version_id })),
      ...cases.map((c): BaselineEntry => ({ type: 'TEST_CASE', itemId: c.id, title: c.title, version: c.case_version ?? 1, documentVersionId: null })),
    ];
  }

  take(input: TakeBaseline): BaselineSummary {
    const documentIds = [...new Set(input.documentIds ?? [])];
    const suites = [...new Set(input.suites ?? [])];
    const { found } = this.db.prepare(`SELECT count(*) AS found FROM documents
      WHERE id IN (SELECT value FROM json_each(?)) AND project_id = ? AND deleted_at IS NULL`).get(JSON.stringify(documentIds), input.projectId) as { found: number };
    if (found !== documentIds.length) throw new LocalWriteError('NOT_FOUND', 'A chosen document does not exist in this project on this device.');
    return this.writer.transaction(() => {
      const entries = this.current(input.projectId, documentIds, suites);
      const { id } = this.writer.create('baseline', input.projectId, {
        name: input.name, description: input.description ?? '', scope: documentIds.length > 0 || suites.length > 0 ? 'SELECTION' : 'PROJECT',
        document_ids: documentIds, suites, item_count: entries.length, taken_at: new Date().toISOString(),
      });
      this.writer.createMany('baselineItem', input.projectId, entries.map((entry) => ({
        baseline_id: id, item_type: entry.type, item_id: entry.itemId, document_version_id: entry.documentVersionId, version_number: entry.version,
        title: entry.title.slice(0, 500),
      })));
      return this.get(id);
    });
  }

  list(projectId: string): BaselineSummary[] {
    const rows = this.db.prepare(`SELECT b.*, u.full_name AS created_by_name, ${UNSYNCED} AS unsynced
      FROM baselines b LEFT JOIN users u ON u.id = b.created_by
      WHERE b.project_id = ? AND b.deleted_at IS NULL ORDER BY b.taken_at DESC, b.name`).all(projectId) as BaselineRow[];
    return rows.map(summary);
  }

  get(id: string): BaselineSummary {
    const row = this.db.prepare(`SELECT b.*, u.full_name AS created_by_name, ${UNSYNCED} AS unsynced
      FROM baselines b LEFT JOIN users u ON u.id = b.created_by WHERE b.id = ? AND b.deleted_at IS NULL`).get(id) as BaselineRow | undefined;
    if (!row) throw new LocalWriteError('NOT_FOUND', 'That baseline does not exist on this device (it may have been deleted).');
    return summary(row);
  }

  /** The versions a baseline recorded (a document version's number as central gave it, once synced). */
  items(id: string): BaselineEntry[] {
    this.get(id);
    const rows = this.db.prepare(`SELECT i.item_type, i.item_id, i.title, i.document_version_id,
        CASE WHEN i.item_type = 'DOCUMENT' THEN coalesce(v.version_number, i.version_number, 0) ELSE i.version_number END AS version_number
      FROM baseline_items i LEFT JOIN document_versions v ON v.id = i.document_version_id
      WHERE i.baseline_id = ? AND i.deleted_at IS NULL ORDER BY i.item_type, i.title, i.item_id`).all(id) as
      { item_type: 'DOCUMENT' | 'TEST_CASE'; item_id: string; title: string; document_version_id: string | null; version_number: number }[];
    return rows.map((r) => ({ type: r.item_type, itemId: r.item_id, title: r.title, version: r.version_number, documentVersionId: r.document_version_id }));
  }

  /** `fromId` against `toId`, or against the project now (the same scope as `fromId`) when `toId` is null. */
  compare(fromId: string, toId: string | null): BaselineComparison {
    const from = this.get(fromId);
    const to = toId ? this.get(toId) : undefined;
    if (to && to.projectId !== from.projectId) throw new LocalWriteError('INVALID_ARGUMENT', 'Compare baselines of the same project.');
    const before = this.items(fromId);
    const after = to ? this.items(to.id) : this.current(from.projectId, from.documentIds, from.suites);
    const entries = diff(before, after);
    const counts: Record<ComparisonChange, number> = { ADDED: 0, REMOVED: 0, CHANGED: 0, UNCHANGED: 0 };
    for (const e of entries) counts[e.change]++;
    return {
      from: { baselineId: from.id, name: from.name, takenAt: from.takenAt },
      to: to ? { baselineId: to.id, name: to.name, takenAt: to.takenAt } : { baselineId: null, name: 'Now', takenAt: new Date().toISOString() },
      entries, counts,
    };
  }

  /** Renaming and deleting are for organization administrators (central refuses anyone else). */
  rename(id: string, changes: { name?: string; description?: string }): BaselineSummary {
    this.requireAdmin();
    this.writer.update('baseline', id, changes);
    return this.get(id);
  }

  remove(id: string): void {
    this.requireAdmin();
    this.writer.remove('baseline', id);
  }

  /** Whether this device's user is an organization administrator (the built-in role; central decides by ORGANIZATION/MANAGE). */
  canManage(): boolean {
    return this.db.prepare(`SELECT 1 FROM sync_state s JOIN users u ON u.id = s.value JOIN roles r ON r.id = u.org_role_id
      WHERE s.key = 'user_id' AND r.name = 'ORG_ADMIN' AND r.is_system = 1`).get() !== undefined;
  }

  private requireAdmin(): void {
    if (!this.canManage()) {
      throw new LocalWriteError('INVALID_ARGUMENT',
        'A baseline is a permanent record: only an organization administrator may rename or delete it. Take a new baseline instead.');
    }
  }
}

function summary(row: BaselineRow): BaselineSummary {
  return {
    id: row.id, projectId: row.project_id, name: row.name, description: row.description, scope: row.scope,
    documentIds: JSON.parse(row.document_ids || '[]') as string[], suites: JSON.parse(row.suites || '[]') as string[],
    itemCount: row.item_count, takenAt: row.taken_at, createdBy: row.created_by, createdByName: row.created_by_name, unsynced: row.unsynced === 1,
  };
}

/** Items added, removed and changed between two sets of entries (documents by version row, cases by case version). */
export function diff(before: readonly BaselineEntry[], after: readonly BaselineEntry[]): ComparisonEntry[] {
  const old = new Map(before.map((e) => [key(e), e]));
  const entries: ComparisonEntry[] = [];
  for (const now of after) {
    const was = old.get(key(now));
    old.delete(key(now));
    const change: ComparisonChange = !was ? 'ADDED'
      : (now.type === 'DOCUMENT' ? was.documentVersionId !== now.documentVersionId : was.version !== now.version) ? 'CHANGED' : 'UNCHANGED';
    entries.push({ type: now.type, itemId: now.itemId, title: now.title, change, from: was ?? null, to: now });
  }
  for (const was of old.values()) entries.push({ type: was.type, itemId: was.itemId, title: was.title, change: 'REMOVED', from: was, to: null });
  const order: Record<ComparisonChange, number> = { CHANGED: 0, ADDED: 1, REMOVED: 2, UNCHANGED: 3 };
  return entries.sort((a, b) => order[a.change] - order[b.change] || a.type.localeCompare(b.type) || a.title.localeCompare(b.title));
}
