// Reads the UI makes, all served by the replica.
import type Database from 'better-sqlite3';
import type { TableName } from '../../shared/replica/registry';
import { TABLES } from '../../shared/replica/registry';
import { decodeRow } from './codec';
import { priorityRank, SEARCHABLE } from './local-schema';
import type { SearchableTable } from './local-schema';

export interface TestCaseFilter {
  projectId: string;
  status?: string;
  priority?: string;
  suite?: string;
  sort?: 'title' | 'priority' | 'updated_at';
  limit?: number;
  offset?: number;
}

export interface SearchHit {
  table: SearchableTable;
  id: string;
  projectId: string;
  title: string;
  /** Matching text with the terms wrapped in [[ ]]. */
  snippet: string;
  rank: number;
}

/** The columns a test case list shows. */
const TEST_CASE_LIST_COLUMNS = ['id', 'project_id', 'title', 'suite', 'priority', 'status', 'test_type', 'automation_status',
  'tags', 'case_version', 'updated_at'] as const;
export type TestCaseListItem = Record<(typeof TEST_CASE_LIST_COLUMNS)[number], unknown>;

/** Turns what a person typed into an FTS5 query: every word must match, the last one as a prefix. */
export function ftsQuery(text: string): string | undefined {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (words.length === 0) return undefined;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

export class ReplicaReads {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private prepared(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  row(table: TableName, id: string): Record<string, unknown> | undefined {
    const raw = this.prepared(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    return raw ? decodeRow(TABLES[table], raw) : undefined;
  }

  rows(table: TableName, projectId: string): Record<string, unknown>[] {
    const column = table === 'projects' ? 'id' : 'project_id';
    return (this.prepared(`SELECT * FROM ${table} WHERE ${column} = ? AND deleted_at IS NULL ORDER BY rid`).all(projectId) as Record<string, unknown>[])
      .map((r) => decodeRow(TABLES[table], r));
  }

  /** A page of a project's test case list (list columns only), filtered and sorted. */
  testCases(filter: TestCaseFilter): TestCaseListItem[] {
    const order = filter.sort === 'priority' ? `${priorityRank()}, title` : filter.sort === 'updated_at' ? 'updated_at DESC' : 'title';
    const status = filter.status === undefined ? '' : 'AND status = @status';
    const sql = `SELECT ${TEST_CASE_LIST_COLUMNS.join(', ')} FROM test_cases WHERE project_id = @projectId AND deleted_at IS NULL ${status}
      AND (@priority IS NULL OR priority = @priority) AND (@suite IS NULL OR suite = @suite)
      ORDER BY ${order} LIMIT @limit OFFSET @offset`;
    // Rows as arrays, made into objects here: a third of the time better-sqlite3 takes to build them.
    const rows = this.prepared(sql).raw(true).all({
      projectId: filter.projectId, ...(filter.status === undefined ? {} : { status: filter.status }), priority: filter.priority ?? null,
      suite: filter.suite ?? null, limit: filter.limit ?? 1000, offset: filter.offset ?? 0,
    }) as unknown[][];
    return rows.map((r) => ({ // in TEST_CASE_LIST_COLUMNS order
      id: r[0], project_id: r[1], title: r[2], suite: r[3], priority: r[4], status: r[5], test_type: r[6], automation_status: r[7],
      tags: JSON.parse(String(r[8] ?? '[]')) as string[], case_version: r[9], updated_at: r[10],
    }));
  }

  search(text: string, options: { projectId?: string; limit?: number } = {}): SearchHit[] {
    const query = ftsQuery(text);
    if (!query) return [];
    const limit = options.limit ?? 50;
    // Rank each index's matches (a few extra: deleted rows are dropped below), keep the best overall,
    // and only then build snippets, the costly part. bm25() called directly ranks a third faster than
    // FTS5's rank column; a match in the title counts ten times one in the text.
    const ranked = (Object.entries(SEARCHABLE) as [SearchableTable, readonly string[]][]).flatMap(([table, columns]) => {
      const rank = `bm25(${table}_fts, ${columns.map((_, i) => (i === 0 && columns.length > 1 ? '10.0' : '1.0')).join(', ')})`;
      const sql = options.projectId
        ? `SELECT f.rowid AS rid, ${rank} AS rank FROM ${table}_fts f JOIN ${table} t ON t.rid = f.rowid
           WHERE ${table}_fts MATCH @query AND t.project_id = @projectId AND t.deleted_at IS NULL ORDER BY rank LIMIT @limit`
        : `SELECT rowid AS rid, ${rank} AS rank FROM ${table}_fts WHERE ${table}_fts MATCH @query ORDER BY rank LIMIT @limit`;
      const params = options.projectId ? { query, projectId: options.projectId, limit } : { query, limit: limit + 20 };
      return (this.prepared(sql).all(params) as { rid: number; rank: number }[]).map((hit) => ({ ...hit, table }));
    });
    ranked.sort((a, b) => a.rank - b.rank);
    const hits: SearchHit[] = [];
    for (const hit of ranked) {
      if (hits.length === limit) break;
      const titleColumn = hit.table === 'comments' ? 'substr(t.body, 1, 80)' : 't.title';
      const row = this.prepared(`SELECT t.id, t.project_id, ${titleColumn} AS title, snippet(${hit.table}_fts, -1, '[[', ']]', '…', 12) AS snippet
          FROM ${hit.table}_fts f JOIN ${hit.table} t ON t.rid = f.rowid
          WHERE ${hit.table}_fts MATCH @query AND f.rowid = @rid AND t.deleted_at IS NULL`)
        .get({ query, rid: hit.rid }) as { id: string; project_id: string; title: string; snippet: string } | undefined;
      if (row) hits.push({ table: hit.table, id: row.id, projectId: row.project_id, title: row.title, snippet: row.snippet, rank: hit.rank });
    }
    return hits;
  }
}
