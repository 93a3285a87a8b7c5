// The local replica's schema (SQLite): mirrored tables from the registry, local-only tables, FTS5
// indexes. Versioned with PRAGMA user_version; a replica written by a newer app is refused.
import type Database from 'better-sqlite3';
import { REPLICATED_TABLES, TABLES } from '../../shared/replica/registry';
import type { TableDef } from '../../shared/replica/registry';
import { sqliteType } from './codec';

export const LOCAL_SCHEMA_VERSION = 8;

/** Full-text indexed tables: the columns searched, the first being the title. */
export const SEARCHABLE = {
  documents: ['title', 'content'],
  test_cases: ['title', 'description', 'preconditions', 'steps', 'expected_result'],
  change_requests: ['title', 'description', 'justification'],
  tasks: ['title', 'description'],
  comments: ['body'],
} as const;
export type SearchableTable = keyof typeof SEARCHABLE;

/** Most urgent first: the order lists sort a priority column in (test cases, change requests). */
export const priorityRank = (column = 'priority') =>
  `(CASE ${column} WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END)`;

/**
 * Test case lists (ReplicaReads.testCases) filter by project and status and sort by title or priority:
 * covering indexes, so a page of 1,000 is read from the index alone (no table page per row, which made
 * the slowest lists three times the typical one once the table outgrew the page cache).
 */
const LIST_COLUMNS = 'id, suite, priority, test_type, automation_status, tags, case_version, updated_at, deleted_at';
const TEST_CASE_LIST_INDEXES = [
  `CREATE INDEX IF NOT EXISTS test_cases_list_by_title ON test_cases (project_id, status, title, ${LIST_COLUMNS})`,
  `CREATE INDEX IF NOT EXISTS test_cases_list_by_priority ON test_cases (project_id, status, ${priorityRank()}, title, ${LIST_COLUMNS})`,
];

/**
 * The coverage matrix (documents × linked test cases with each case's latest execution) and the
 * relations panels read links by either end and executions by case, newest first.
 */
const SUSPECT_COLUMNS = ['suspect', 'suspect_source_version', 'suspect_target_version', 'suspect_at', 'suspect_revision', 'reviewed_at',
  'reviewed_by', 'review_note'];

const TRACE_INDEXES = [
  'CREATE INDEX IF NOT EXISTS document_relations_source_idx ON document_relations (source_document_id)',
  'CREATE INDEX IF NOT EXISTS document_relations_target_case_idx ON document_relations (target_test_case_id)',
  'CREATE INDEX IF NOT EXISTS document_relations_target_doc_idx ON document_relations (target_document_id)',
  'CREATE INDEX IF NOT EXISTS test_executions_latest_idx ON test_executions (project_id, test_case_id, executed_at, deleted_at, status, id)',
  'CREATE INDEX IF NOT EXISTS relation_reviews_relation_idx ON relation_reviews (relation_id)',
  'CREATE INDEX IF NOT EXISTS relation_reviews_case_relation_idx ON relation_reviews (test_case_relation_id)',
  'CREATE INDEX IF NOT EXISTS test_case_relations_source_idx ON test_case_relations (source_test_case_id)',
  'CREATE INDEX IF NOT EXISTS test_case_relations_target_idx ON test_case_relations (target_test_case_id)',
  // The matrix joins each link to its case by id: read from this index, not from the case's wide row.
  'CREATE INDEX IF NOT EXISTS test_cases_trace_idx ON test_cases (id, deleted_at, suite)',
  // Documents in the matrix's order, without a sort.
  'CREATE INDEX IF NOT EXISTS documents_trace_idx ON documents (project_id, is_template, deleted_at, title, id)',
  'CREATE INDEX IF NOT EXISTS baseline_items_baseline_idx ON baseline_items (baseline_id, item_type)',
];

/** A mirrored table as the registry declares it now, with its project index. */
function mirroredTable(table: TableDef, ifNotExists = ''): string[] {
  const columns = table.columns.map((c) => (c.name === 'id' ? 'id TEXT NOT NULL UNIQUE' : `${c.name} ${sqliteType(c.type)}`));
  const statements = [`CREATE TABLE ${ifNotExists}${table.name} (rid INTEGER PRIMARY KEY, ${columns.join(', ')})`];
  if (table.columns.some((c) => c.name === 'project_id')) {
    statements.push(`CREATE INDEX ${ifNotExists}${table.name}_project_idx ON ${table.name} (project_id)`);
  }
  return statements;
}

/** ADD COLUMN for the `[name, type]` columns of `table` that an older replica lacks (none on a new one). */
function addMissing(db: Database.Database, table: string, columns: readonly (readonly [string, string])[]): string[] {
  const have = new Set((db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((c) => c.name));
  return columns.filter(([name]) => !have.has(name)).map(([name, type]) => `ALTER TABLE ${table} ADD COLUMN ${name} ${type}`);
}

/** The registry's columns `names` of `table` that an older replica lacks. */
function missingColumns(db: Database.Database, table: TableDef, names: readonly string[]): string[] {
  return addMissing(db, table.name, table.columns.filter((c) => names.includes(c.name)).map((c) => [c.name, sqliteType(c.type)] as const));
}

function mirroredTables(): string[] {
  return REPLICATED_TABLES.flatMap((table) => {
    const statements = mirroredTable(table);
    if (table.name === 'test_cases') {
      // Replicas made before version 6 also have a priority_rank column, no longer used.
      statements.push(...TEST_CASE_LIST_INDEXES);
    }
    return statements;
  });
}

/**
 * A searchable table's index triggers. Rows from the table's `search_backlog.from_rid` on are not in
 * the index yet (a large pull's rows, indexed after it: ReplicaStore.indexSearchBacklog): the triggers
 * leave them alone, and the backlog indexes them as they are when it reaches them.
 */
function searchTriggers(table: string, columns: readonly string[]): string[] {
  const cols = columns.join(', ');
  const newValues = columns.map((c) => `new.${c}`).join(', ');
  const oldValues = columns.map((c) => `old.${c}`).join(', ');
  const indexed = (row: 'new' | 'old') =>
    `WHEN NOT EXISTS (SELECT 1 FROM search_backlog WHERE table_name = '${table}' AND from_rid <= ${row}.rid)`;
  return [
    `CREATE TRIGGER ${table}_fts_insert AFTER INSERT ON ${table} ${indexed('new')} BEGIN
       INSERT INTO ${table}_fts (rowid, ${cols}) VALUES (new.rid, ${newValues}); END`,
    `CREATE TRIGGER ${table}_fts_delete AFTER DELETE ON ${table} ${indexed('old')} BEGIN
       INSERT INTO ${table}_fts (${table}_fts, rowid, ${cols}) VALUES ('delete', old.rid, ${oldValues}); END`,
    // One trigger, delete before insert: FTS5 keeps one size record per rowid, so the order matters.
    `CREATE TRIGGER ${table}_fts_update AFTER UPDATE ON ${table} ${indexed('old')} BEGIN
       INSERT INTO ${table}_fts (${table}_fts, rowid, ${cols}) VALUES ('delete', old.rid, ${oldValues});
       INSERT INTO ${table}_fts (rowid, ${cols}) VALUES (new.rid, ${newValues}); END`,
  ];
}

/**
 * A searchable table's FTS5 index. Every row is indexed, soft-deleted ones too (an external-content
 * index must mirror its table); searches leave deleted rows out. Prefix indexes of 2, 3 and 4 letters
 * serve the last, half-typed word of a search as you type (the 4-letter one made such searches over
 * the benchmark's 100,000 rows ~15 % faster).
 */
const searchIndex = (table: string, columns: readonly string[]) =>
  `CREATE VIRTUAL TABLE ${table}_fts USING fts5(${columns.join(', ')}, content='${table}', content_rowid='rid', tokenize='porter unicode61', prefix='2 3 4')`;

function searchIndexes(): string[] {
  return Object.entries(SEARCHABLE).flatMap(([table, columns]) => [searchIndex(table, columns), ...searchTriggers(table, columns)]);
}

const SEARCH_BACKLOG = 'CREATE TABLE IF NOT EXISTS search_backlog (table_name TEXT PRIMARY KEY, from_rid INTEGER NOT NULL)';

const LOCAL_TABLES = [
  // A searchable table's rows from from_rid on wait to be indexed (see searchTriggers).
  SEARCH_BACKLOG,
  // key/value: client_id, user_id, organization_id, generation
  `CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  // scope ('org', 'me', 'p:<project id>') → xid8 cursor (text); 'l:<project id>' marks a project whose first pull is under way
  `CREATE TABLE sync_cursors (scope TEXT PRIMARY KEY, cursor TEXT NOT NULL)`,
  // AUTOINCREMENT: a mutation id is never reused, even after the outbox empties (central skips ids it saw).
  `CREATE TABLE outbox (
     mutation_id INTEGER PRIMARY KEY AUTOINCREMENT,
     table_name TEXT NOT NULL, row_id TEXT NOT NULL, project_id TEXT, op TEXT NOT NULL CHECK (op IN ('insert', 'update')),
     payload TEXT NOT NULL, client_time TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT)`,
  `CREATE INDEX outbox_row_idx ON outbox (table_name, row_id)`,
  `CREATE TABLE rejections (
     mutation_id INTEGER PRIMARY KEY, table_name TEXT NOT NULL, row_id TEXT NOT NULL, op TEXT NOT NULL, payload TEXT NOT NULL,
     code TEXT NOT NULL, message TEXT NOT NULL, hint TEXT, rejected_at TEXT NOT NULL, dismissed INTEGER NOT NULL DEFAULT 0)`,
  // Unpushed changes of a project the user lost access to: kept and shown, never silently dropped.
  `CREATE TABLE kept_aside (
     mutation_id INTEGER PRIMARY KEY, table_name TEXT NOT NULL, row_id TEXT NOT NULL, project_id TEXT, op TEXT NOT NULL,
     payload TEXT NOT NULL, client_time TEXT NOT NULL, reason TEXT NOT NULL, kept_at TEXT NOT NULL)`,
  `CREATE TABLE attachment_cache (
     id TEXT PRIMARY KEY, project_id TEXT, file_name TEXT NOT NULL, mime_type TEXT, size INTEGER NOT NULL,
     sha256 TEXT NOT NULL, path TEXT NOT NULL, uploaded INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL)`,
];

// Version 1 builds the mirrored tables from the current registry, so later versions add only what an
// older replica lacks, and each of their statements is a no-op on a new one.
const MIGRATIONS: Record<number, (db: Database.Database) => string[]> = {
  1: () => [...mirroredTables(), ...LOCAL_TABLES, ...searchIndexes()],
  // Which Yjs updates each document's text/JSON was last derived from (document-derive.ts).
  2: () => [
    'CREATE TABLE document_derived (document_id TEXT PRIMARY KEY, last_update_rid INTEGER NOT NULL)',
    'CREATE INDEX document_updates_document_idx ON document_updates (document_id, rid)',
  ],
  // Approval policies and signatures (central migration 0010): change_request_approvers and
  // change_request_approvals.signature. Rows central wrote there before this device upgraded are older
  // than its project cursors: the next pull reads the projects again from the start (upserts).
  3: (db) => [
    ...mirroredTable(TABLES.change_request_approvers, 'IF NOT EXISTS '),
    ...missingColumns(db, TABLES.change_request_approvals, ['signature']),
    `UPDATE sync_cursors SET cursor = '0' WHERE scope LIKE 'p:%'`,
  ],
  // Test runs (central migration 0011): test_runs, test_run_cases and test_executions.test_run_id; the
  // projects are read again from the start, as for version 3.
  4: (db) => [
    ...mirroredTable(TABLES.test_runs, 'IF NOT EXISTS '),
    ...mirroredTable(TABLES.test_run_cases, 'IF NOT EXISTS '),
    'CREATE INDEX IF NOT EXISTS test_run_cases_run_idx ON test_run_cases (test_run_id)',
    ...missingColumns(db, TABLES.test_executions, ['test_run_id']),
    `UPDATE sync_cursors SET cursor = '0' WHERE scope LIKE 'p:%'`,
  ],
  // Attachments (central migration 0012): the replicated metadata, and the upload's progress in the
  // attachment cache (the next chunk to send; the last error); projects are read again from the start.
  5: (db) => [
    ...mirroredTable(TABLES.attachments, 'IF NOT EXISTS '),
    'CREATE INDEX IF NOT EXISTS attachments_entity_idx ON attachments (entity_type, entity_id)',
    ...addMissing(db, 'attachment_cache', [['next_chunk', 'INTEGER NOT NULL DEFAULT 0'], ['last_error', 'TEXT']]),
    `UPDATE sync_cursors SET cursor = '0' WHERE scope LIKE 'p:%'`,
  ],
  // Covering indexes for test case lists, in place of the narrow ones.
  6: () => ['DROP INDEX IF EXISTS test_cases_list_title_idx', 'DROP INDEX IF EXISTS test_cases_list_priority_idx', ...TEST_CASE_LIST_INDEXES],
  // The search backlog, in place of the flag that kept a bulk pull's rows out of the index triggers,
  // and indexes with the 4-letter prefix too: made anew, empty, with every row in the backlog (indexed
  // by the replica host a slice at a time after it starts, not here while the replica opens).
  7: () => [
    SEARCH_BACKLOG,
    'DROP TABLE IF EXISTS local_flags',
    ...Object.entries(SEARCHABLE).flatMap(([table, columns]) => [
      ...['insert', 'delete', 'update'].map((op) => `DROP TRIGGER IF EXISTS ${table}_fts_${op}`),
      `DROP TABLE IF EXISTS ${table}_fts`,
      searchIndex(table, columns),
      ...searchTriggers(table, columns),
      `INSERT OR REPLACE INTO search_backlog (table_name, from_rid) SELECT '${table}', rid FROM ${table} ORDER BY rid LIMIT 1`,
    ]),
  ],
  // Format 8 (one release): password signatures (central migration 0015) — the epoch and printed name a
  // decision's signature covers, and signatures of document versions — and traceability (central 0017):
  // suspect-link columns of both kinds of link, relation reviews, baselines and their items, and the
  // indexes the coverage matrix reads by (src/main/replica/trace-matrix.ts). The projects are read again
  // from the start, as for version 3 (central may have had these rows before this device upgraded).
  8: (db) => [
    ...missingColumns(db, TABLES.change_request_approvals, ['signature_epoch', 'signer_name']),
    ...mirroredTable(TABLES.document_signatures, 'IF NOT EXISTS '),
    'CREATE INDEX IF NOT EXISTS document_signatures_version_idx ON document_signatures (document_version_id)',
    ...missingColumns(db, TABLES.document_relations, SUSPECT_COLUMNS),
    ...missingColumns(db, TABLES.test_case_relations, SUSPECT_COLUMNS),
    ...mirroredTable(TABLES.relation_reviews, 'IF NOT EXISTS '),
    ...mirroredTable(TABLES.baselines, 'IF NOT EXISTS '),
    ...mirroredTable(TABLES.baseline_items, 'IF NOT EXISTS '),
    ...TRACE_INDEXES,
    `UPDATE sync_cursors SET cursor = '0' WHERE scope LIKE 'p:%'`,
  ],
};

export class ReplicaVersionError extends Error {
  override readonly name = 'ReplicaVersionError';
  readonly code = 'REPLICA_NEWER_THAN_APP';
}

export function migrateLocal(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LOCAL_SCHEMA_VERSION) {
    throw new ReplicaVersionError(
      `This replica was written by a newer version of ProManage (format ${current}, this version reads up to ${LOCAL_SCHEMA_VERSION}). ` +
        'Update ProManage to open it.',
    );
  }
  for (let version = current + 1; version <= LOCAL_SCHEMA_VERSION; version++) {
    db.transaction(() => {
      for (const statement of MIGRATIONS[version]!(db)) db.exec(statement);
      db.pragma(`user_version = ${version}`);
    })();
  }
}
