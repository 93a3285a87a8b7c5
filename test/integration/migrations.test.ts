// The migration runner against real PostgreSQL (and PGlite): up/down symmetry, refusals, locking.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CentralConnection } from '../../src/main/central/connection';
import { connectPg, connectPglite } from '../../src/main/central/connection';
import { loadMigrations } from '../../src/main/central/migration-files';
import { migrate, migrationStatus, rollback } from '../../src/main/central/migrator';
import { MIGRATIONS_DIR } from '../support/global-setup';
import { createDatabase } from '../support/postgres';
import type { TestDatabase } from '../support/postgres';
import { schemaSnapshot } from '../support/schema-snapshot';

const files = loadMigrations(MIGRATIONS_DIR);
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function emptyDatabase(): Promise<{ db: TestDatabase; conn: CentralConnection }> {
  const db = await createDatabase();
  const conn = await connectPg(db.adminUrl);
  cleanup.push(() => db.drop(), () => conn.close());
  return { db, conn };
}

describe('on PostgreSQL', () => {
  it('up → down → up on an empty database leaves the same schema, and down removes everything', async () => {
    const { conn } = await emptyDatabase();
    const before = await schemaSnapshot(conn);
    expect(await migrate(conn, files)).toEqual(files.map((f) => f.id));
    const first = await schemaSnapshot(conn);
    expect(first.length).toBeGreaterThan(500);
    expect(await rollback(conn, files, files.length)).toEqual(files.map((f) => f.id).reverse());
    expect(await schemaSnapshot(conn)).toEqual(before);
    await migrate(conn, files);
    expect(await schemaSnapshot(conn)).toEqual(first);
  });

  it('each step down and up again restores the same schema', async () => {
    const { conn } = await emptyDatabase();
    await migrate(conn, files);
    const full = await schemaSnapshot(conn);
    for (let steps = 1; steps < files.length; steps++) {
      await rollback(conn, files, steps);
      await migrate(conn, files);
      expect(await schemaSnapshot(conn), `after rolling back ${steps}`).toEqual(full);
    }
  });

  it('migrates to a target and reports status', async () => {
    const { conn } = await emptyDatabase();
    expect(await migrate(conn, files, '0002')).toEqual(['0001', '0002']);
    const status = await migrationStatus(conn, files);
    expect(status.applied.map((m) => m.id)).toEqual(['0001', '0002']);
    expect(status.pending.map((m) => m.id)).toEqual(files.slice(2).map((f) => f.id));
    expect(status.problem).toBeUndefined();
    expect(await migrate(conn, files)).toEqual(files.slice(2).map((f) => f.id));
    expect(await migrate(conn, files)).toEqual([]);
  });

  it('two runners at once apply each migration exactly once', async () => {
    const { db, conn } = await emptyDatabase();
    const second = await connectPg(db.adminUrl);
    cleanup.push(() => second.close());
    const [a, b] = await Promise.all([migrate(conn, files), migrate(second, files)]);
    expect([...a, ...b].sort()).toEqual(files.map((f) => f.id));
    const { rows } = await conn.query<{ n: number }>('SELECT count(*)::int AS n FROM public.schema_migrations');
    expect(rows[0]!.n).toBe(files.length);
  });

  it('refuses a database whose history is not a prefix of the files, and changes nothing', async () => {
    const { conn } = await emptyDatabase();
    await migrate(conn, files, '0003');
    const snapshot = await schemaSnapshot(conn);

    await conn.query(`UPDATE public.schema_migrations SET checksum = 'edited' WHERE id = '0002'`);
    await expect(migrate(conn, files)).rejects.toMatchObject({ code: 'MIGRATION_CHECKSUM_MISMATCH' });
    await expect(rollback(conn, files)).rejects.toMatchObject({ code: 'MIGRATION_CHECKSUM_MISMATCH' });
    await conn.query(`UPDATE public.schema_migrations SET checksum = $1 WHERE id = '0002'`, [files[1]!.checksum]);

    await conn.query(`UPDATE public.schema_migrations SET name = 'other_branch' WHERE id = '0003'`);
    await expect(migrate(conn, files)).rejects.toMatchObject({ code: 'MIGRATIONS_DIVERGED' });
    await conn.query(`UPDATE public.schema_migrations SET name = $1 WHERE id = '0003'`, [files[2]!.name]);

    const onlyTwo = files.slice(0, 2);
    await expect(migrate(conn, onlyTwo)).rejects.toMatchObject({
      code: 'DATABASE_NEWER_THAN_CODE', message: expect.stringContaining('0003'),
    });
    expect((await migrationStatus(conn, onlyTwo)).problem?.code).toBe('DATABASE_NEWER_THAN_CODE');
    expect(await schemaSnapshot(conn)).toEqual(snapshot);
    expect(await migrate(conn, files)).toEqual(files.slice(3).map((f) => f.id));
  });

  it('a failing migration is rolled back whole and not recorded', async () => {
    const { conn } = await emptyDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    writeFileSync(join(dir, '0001_first.up.sql'), 'CREATE TABLE first_table (id int);');
    writeFileSync(join(dir, '0001_first.down.sql'), 'DROP TABLE first_table;');
    writeFileSync(join(dir, '0002_broken.up.sql'), 'CREATE TABLE second_table (id int);\nSELECT no_such_function();');
    writeFileSync(join(dir, '0002_broken.down.sql'), 'DROP TABLE second_table;');
    const broken = loadMigrations(dir);
    await expect(migrate(conn, broken)).rejects.toMatchObject({
      code: 'MIGRATION_FAILED', message: expect.stringContaining('0002_broken'),
    });
    const { rows } = await conn.query<{ first: string | null; second: string | null }>(
      `SELECT to_regclass('first_table')::text AS first, to_regclass('second_table')::text AS second`);
    expect(rows[0]).toEqual({ first: 'first_table', second: null });
    expect((await migrationStatus(conn, broken)).applied.map((m) => m.id)).toEqual(['0001']);
  });
});

describe('migration files', () => {
  it('are numbered without gaps and each has a down', () => {
    expect(files.map((f) => f.id)).toEqual(files.map((_, i) => String(i + 1).padStart(4, '0')));
    for (const file of files) expect(file.down.trim().length).toBeGreaterThan(0);
  });
});

describe('on PGlite', () => {
  it('up → down → up gives the same schema, and sign-in works', async () => {
    const conn = await connectPglite();
    cleanup.push(() => conn.close());
    await migrate(conn, files);
    const first = await schemaSnapshot(conn);
    await rollback(conn, files, files.length);
    await migrate(conn, files);
    expect(await schemaSnapshot(conn)).toEqual(first);
    await conn.exec(`
      INSERT INTO app.organizations (id, name, slug) VALUES ('00000000-0000-0000-0000-0000000000a1', 'Demo', 'demo');
      INSERT INTO app.users (id, organization_id, email, full_name)
        VALUES ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-0000000000a1', 'ann@demo.example', 'Ann');
      INSERT INTO auth.user_credentials (user_id, password_hash) VALUES ('00000000-0000-0000-0000-0000000000b1', auth.hash_password('secret-pass'));`);
    const { rows } = await conn.query<{ token: string | null; error_code: string | null }>(
      `SELECT token, error_code FROM auth.login('demo', 'ann@demo.example', 'secret-pass')`);
    expect(rows[0]!.error_code).toBeNull();
    expect(rows[0]!.token).toMatch(/^[0-9a-f]{64}$/);
  }, 120_000);
});
