// Traceability on the replica alone: format 8 upgrades a format-7 replica (suspect columns, reviews,
// baselines, the matrix's indexes; projects pulled again), and the baseline comparison's rules.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { diff } from '../../src/main/replica/baselines';
import { ReplicaStore } from '../../src/main/replica/replica-store';
import { TABLES } from '../../src/shared/replica/registry';
import type { BaselineEntry } from '../../src/shared/trace/baseline';

const columnsOf = (db: Database.Database, table: string) =>
  (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((c) => c.name);

describe('local replica format 8', () => {
  it('upgrades a format-7 replica: suspect columns, new tables and indexes, projects pulled again, rows and outbox kept', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'replica-trace-')), 'replica.db');
    new ReplicaStore(path).close();
    const old = new Database(path);
    old.exec(`DROP TABLE relation_reviews; DROP TABLE baselines; DROP TABLE baseline_items;
      DROP INDEX test_executions_latest_idx; DROP INDEX documents_trace_idx;
      ${['suspect', 'suspect_source_version', 'suspect_target_version', 'suspect_at', 'suspect_revision', 'reviewed_at', 'reviewed_by', 'review_note']
        .flatMap((c) => [`ALTER TABLE document_relations DROP COLUMN ${c};`, `ALTER TABLE test_case_relations DROP COLUMN ${c};`]).join('\n')}
      INSERT INTO sync_cursors (scope, cursor) VALUES ('org', '900'), ('p:00000000-0000-0000-0000-000000000001', '900');
      INSERT INTO document_relations (id, relation_type) VALUES ('r1', 'VERIFIED_BY');
      INSERT INTO outbox (table_name, row_id, op, payload, client_time) VALUES ('tasks', 't1', 'insert', '{}', '2025-01-01T00:00:00.000Z');
      PRAGMA user_version = 7;`);
    old.close();

    const store = new ReplicaStore(path);
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(8);
      expect(columnsOf(store.db, 'document_relations')).toEqual(['rid', ...TABLES.document_relations.columns.map((c) => c.name)]);
      expect(columnsOf(store.db, 'test_case_relations')).toEqual(['rid', ...TABLES.test_case_relations.columns.map((c) => c.name)]);
      for (const table of ['relation_reviews', 'baselines', 'baseline_items'] as const) {
        expect(columnsOf(store.db, table)).toEqual(['rid', ...TABLES[table].columns.map((c) => c.name)]);
      }
      const indexes = (store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).pluck().all() as string[]);
      expect(indexes).toEqual(expect.arrayContaining(['test_executions_latest_idx', 'documents_trace_idx', 'test_cases_trace_idx']));
      expect(store.getCursor('p:00000000-0000-0000-0000-000000000001')).toBe('0');
      expect(store.getCursor('org')).toBe('900');
      expect(store.readRow('document_relations', 'r1')).toMatchObject({ relation_type: 'VERIFIED_BY', suspect: null });
      expect(store.pendingCount()).toBe(1);
    } finally {
      store.close();
    }
  });
});

describe('baseline comparison', () => {
  const doc = (itemId: string, versionId: string | null, version: number): BaselineEntry =>
    ({ type: 'DOCUMENT', itemId, title: itemId, version, documentVersionId: versionId });
  const tc = (itemId: string, version: number): BaselineEntry => ({ type: 'TEST_CASE', itemId, title: itemId, version, documentVersionId: null });

  it('documents change by version row (an unsynced version, numbered 0, still counts), cases by case version', () => {
    const entries = diff(
      [doc('srs', 'v1', 1), doc('plan', 'p2', 2), doc('risk', 'k1', 1), tc('rate', 1), tc('alarm', 2)],
      [doc('srs', 'v2', 0), doc('plan', 'p2', 2), tc('rate', 2), tc('alarm', 2), tc('battery', 1)],
    );
    expect(entries.map((e) => [e.itemId, e.change])).toEqual([
      ['srs', 'CHANGED'], ['rate', 'CHANGED'], ['battery', 'ADDED'], ['risk', 'REMOVED'], ['plan', 'UNCHANGED'], ['alarm', 'UNCHANGED'],
    ]);
    expect(entries[0]).toMatchObject({ from: { documentVersionId: 'v1' }, to: { documentVersionId: 'v2' } });
  });
});
