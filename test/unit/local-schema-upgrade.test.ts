// Local replica upgrades. Format 3 (approvers, signatures): a replica written at format 2 gains the new table and
// column, keeps its rows and outbox, and pulls its projects again; a new replica is unchanged by it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LOCAL_SCHEMA_VERSION, SEARCHABLE } from '../../src/main/replica/local-schema';
import { ReplicaStore } from '../../src/main/replica/replica-store';
import { TABLES } from '../../src/shared/replica/registry';

const columnsOf = (db: Database.Database, table: string) =>
  (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((c) => c.name);

function replicaPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'replica-upgrade-')), 'replica.db');
}

describe('local replica format 3', () => {
  it('upgrades a format-2 replica: new table and column, cursors of projects back to 0, rows and outbox kept', () => {
    const path = replicaPath();
    new ReplicaStore(path).close();
    // Make it look like format 2: without what format 3 adds, with a project synced and a pending change.
    const old = new Database(path);
    old.exec(`DROP TABLE change_request_approvers;
      ALTER TABLE change_request_approvals DROP COLUMN signature;
      INSERT INTO sync_cursors (scope, cursor) VALUES ('org', '900'), ('p:00000000-0000-0000-0000-000000000001', '900');
      INSERT INTO change_request_approvals (id, decision) VALUES ('a1', 'CHANGES_REQUESTED');
      INSERT INTO outbox (table_name, row_id, op, payload, client_time) VALUES ('tasks', 't1', 'insert', '{}', '2025-01-01T00:00:00.000Z');
      PRAGMA user_version = 2;`);
    old.close();

    const store = new ReplicaStore(path);
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(LOCAL_SCHEMA_VERSION);
      expect(columnsOf(store.db, 'change_request_approvers')).toEqual(['rid', ...TABLES.change_request_approvers.columns.map((c) => c.name)]);
      expect(columnsOf(store.db, 'change_request_approvals')).toContain('signature');
      expect(store.db.prepare('SELECT scope, cursor FROM sync_cursors ORDER BY scope').all()).toEqual([
        { scope: 'org', cursor: '900' }, { scope: 'p:00000000-0000-0000-0000-000000000001', cursor: '0' },
      ]);
      expect(store.replicatedProjects()).toEqual(['00000000-0000-0000-0000-000000000001']);
      expect(store.readRow('change_request_approvals', 'a1')).toMatchObject({ decision: 'CHANGES_REQUESTED', signature: null });
      expect(store.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 1 });
    } finally {
      store.close();
    }
  });

  it('a new replica has the registry\'s columns once', () => {
    const store = new ReplicaStore(replicaPath());
    try {
      expect(columnsOf(store.db, 'change_request_approvals')).toEqual(['rid', ...TABLES.change_request_approvals.columns.map((c) => c.name)]);
      expect(columnsOf(store.db, 'change_request_approvers')).toEqual(['rid', ...TABLES.change_request_approvers.columns.map((c) => c.name)]);
    } finally {
      store.close();
    }
  });
});

describe('local replica format 7', () => {
  it('upgrades a format-6 replica: the search backlog replaces the bulk flag; indexes made anew are filled from it', () => {
    const path = replicaPath();
    new ReplicaStore(path).close();
    // Format 6: a flag table, and index triggers without the backlog condition.
    const old = new Database(path);
    old.exec(`DROP TABLE search_backlog; CREATE TABLE local_flags (name TEXT PRIMARY KEY, value INTEGER NOT NULL);`);
    for (const [table, columns] of Object.entries(SEARCHABLE)) {
      const [cols, news, olds] = [columns.join(', '), columns.map((c) => `new.${c}`).join(', '), columns.map((c) => `old.${c}`).join(', ')];
      old.exec(`DROP TRIGGER ${table}_fts_insert; DROP TRIGGER ${table}_fts_delete; DROP TRIGGER ${table}_fts_update;
        CREATE TRIGGER ${table}_fts_insert AFTER INSERT ON ${table} WHEN NOT EXISTS (SELECT 1 FROM local_flags WHERE name = 'fts_bulk') BEGIN
          INSERT INTO ${table}_fts (rowid, ${cols}) VALUES (new.rid, ${news}); END;
        CREATE TRIGGER ${table}_fts_delete AFTER DELETE ON ${table} BEGIN
          INSERT INTO ${table}_fts (${table}_fts, rowid, ${cols}) VALUES ('delete', old.rid, ${olds}); END;
        CREATE TRIGGER ${table}_fts_update AFTER UPDATE ON ${table} BEGIN
          INSERT INTO ${table}_fts (${table}_fts, rowid, ${cols}) VALUES ('delete', old.rid, ${olds});
          INSERT INTO ${table}_fts (rowid, ${cols}) VALUES (new.rid, ${news}); END;`);
    }
    old.exec(`INSERT INTO tasks (id, title) VALUES ('t1', 'Inspect the turbine'); PRAGMA user_version = 6;`);
    expect((old.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger'`).pluck().all() as string[])
      .some((sql) => sql.includes('search_backlog'))).toBe(false);
    old.close();

    const store = new ReplicaStore(path);
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(LOCAL_SCHEMA_VERSION);
      const tables = (store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]);
      expect(tables).toContain('search_backlog');
      expect(tables).not.toContain('local_flags');
      const triggers = store.db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_fts_%'`).pluck().all() as string[];
      expect(triggers).toHaveLength(15);
      for (const sql of triggers) expect(sql).toContain('search_backlog');
      const indexes = store.db.prepare(`SELECT sql FROM sqlite_master WHERE name LIKE '%_fts'`).pluck().all() as string[];
      expect(indexes).toHaveLength(5);
      for (const sql of indexes) expect(sql).toContain(`prefix='2 3 4'`);
      // The indexes are made anew: the existing rows wait in the backlog, new ones too until it is done.
      expect(store.searchBacklog()).toBe(1);
      store.db.prepare(`INSERT INTO tasks (id, title) VALUES ('t2', 'Turbine blades')`).run();
      expect(store.db.prepare(`SELECT count(*) FROM tasks_fts WHERE tasks_fts MATCH 'turbine'`).pluck().get()).toBe(0);
      expect(store.transaction(() => store.indexSearchBacklog())).toBe(0);
      store.db.prepare(`INSERT INTO tasks (id, title) VALUES ('t3', 'Turbine hub')`).run();
      store.db.prepare(`UPDATE tasks SET title = 'Inspect the turbine blades' WHERE id = 't1'`).run();
      store.db.prepare(`INSERT INTO tasks_fts (tasks_fts, rank) VALUES ('integrity-check', 1)`).run();
      expect(store.db.prepare(`SELECT count(*) FROM tasks_fts WHERE tasks_fts MATCH 'turbine'`).pluck().get()).toBe(3);
      expect(store.db.prepare(`SELECT count(*) FROM tasks_fts WHERE tasks_fts MATCH 'blad*'`).pluck().get()).toBe(2);
    } finally {
      store.close();
    }
  });
});
