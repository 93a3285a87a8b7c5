// Applies and rolls back the numbered migrations. Each migration runs in its own transaction; an
// advisory lock serialises concurrent runners; the runner refuses a database whose applied
// migrations are not a prefix of the files (diverged, edited, or newer than this code).
import type { CentralConnection } from './connection';
import type { MigrationFile } from './migration-files';
import { MigrationError } from './migration-error';

export interface AppliedMigration {
  id: string;
  name: string;
  checksum: string;
  appliedAt: Date;
}

export interface MigrationStatus {
  applied: AppliedMigration[];
  pending: MigrationFile[];
  /** Set when the database and the files disagree; migrate and rollback refuse with this error. */
  problem?: MigrationError;
}

/** Arbitrary constant shared by every ProManage migration runner. */
const LOCK_KEY = 724_310_551;

const TABLE = 'public.schema_migrations';

async function ensureTable(conn: CentralConnection): Promise<void> {
  await conn.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (
    id text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
}

async function readApplied(conn: CentralConnection): Promise<AppliedMigration[]> {
  const exists = await conn.query<{ present: boolean }>(`SELECT to_regclass('${TABLE}') IS NOT NULL AS present`);
  if (!exists.rows[0]?.present) return [];
  const { rows } = await conn.query<{ id: string; name: string; checksum: string; applied_at: Date }>(
    `SELECT id, name, checksum, applied_at FROM ${TABLE} ORDER BY id`,
  );
  return rows.map((r) => ({ id: r.id, name: r.name, checksum: r.checksum, appliedAt: new Date(r.applied_at) }));
}

function findProblem(applied: AppliedMigration[], files: MigrationFile[]): MigrationError | undefined {
  for (const [index, done] of applied.entries()) {
    const file = files[index];
    if (!file) {
      return new MigrationError(
        'DATABASE_NEWER_THAN_CODE',
        `The database has migration ${done.id}_${done.name} applied, which this version of ProManage does not have. ` +
          'Upgrade ProManage, or connect to a database of this version.',
      );
    }
    if (file.id !== done.id || file.name !== done.name) {
      return new MigrationError(
        'MIGRATIONS_DIVERGED',
        `The database has migration ${done.id}_${done.name} where the files have ${file.id}_${file.name}. ` +
          'The database was migrated by another branch of the code; restore it or use matching code.',
      );
    }
    if (file.checksum !== done.checksum) {
      return new MigrationError(
        'MIGRATION_CHECKSUM_MISMATCH',
        `Migration ${done.id}_${done.name} was changed after it was applied. ` +
          'Never edit an applied migration: restore the file and add a new migration instead.',
      );
    }
  }
  return undefined;
}

export async function migrationStatus(conn: CentralConnection, files: MigrationFile[]): Promise<MigrationStatus> {
  const applied = await readApplied(conn);
  const problem = findProblem(applied, files);
  const pending = problem ? [] : files.slice(applied.length);
  return problem ? { applied, pending, problem } : { applied, pending };
}

async function withLock<T>(conn: CentralConnection, work: () => Promise<T>): Promise<T> {
  await conn.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
  try {
    return await work();
  } finally {
    await conn.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
  }
}

async function inTransaction(conn: CentralConnection, label: string, script: string, record: () => Promise<unknown>) {
  await conn.exec('BEGIN');
  try {
    await conn.exec(script);
    // A migration may SET LOCAL ROLE super_admin; the runner records it as the login role.
    await conn.exec('RESET ROLE');
    await record();
    await conn.exec('COMMIT');
  } catch (error) {
    await conn.exec('ROLLBACK');
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError('MIGRATION_FAILED', `Migration ${label} failed and was rolled back: ${reason}`, { cause: error });
  }
}

/** Applies pending migrations (up to and including `target` when given); returns the ids applied. */
export async function migrate(conn: CentralConnection, files: MigrationFile[], target?: string): Promise<string[]> {
  return withLock(conn, async () => {
    await ensureTable(conn);
    const status = await migrationStatus(conn, files);
    if (status.problem) throw status.problem;
    const done: string[] = [];
    for (const file of status.pending) {
      if (target !== undefined && file.id > target) break;
      await inTransaction(conn, `${file.id}_${file.name}`, file.up, () =>
        conn.query(`INSERT INTO ${TABLE} (id, name, checksum) VALUES ($1, $2, $3)`, [file.id, file.name, file.checksum]),
      );
      done.push(file.id);
    }
    return done;
  });
}

/** Rolls back the last `steps` applied migrations; returns the ids rolled back. */
export async function rollback(conn: CentralConnection, files: MigrationFile[], steps = 1): Promise<string[]> {
  return withLock(conn, async () => {
    const status = await migrationStatus(conn, files);
    if (status.problem) throw status.problem;
    const undone: string[] = [];
    for (const applied of status.applied.slice(-steps).reverse()) {
      const file = files.find((f) => f.id === applied.id)!;
      await inTransaction(conn, `${file.id}_${file.name} (down)`, file.down, () =>
        conn.query(`DELETE FROM ${TABLE} WHERE id = $1`, [file.id]),
      );
      undone.push(file.id);
    }
    return undone;
  });
}
