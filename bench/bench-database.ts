// A migrated database of a benchmark's own, application_user able to sign in, and an admin client with
// the test factories on it (the caller ends `admin` and drops `db`).
import pg from 'pg';
import { connectPg } from '../src/main/central/connection';
import { loadMigrations } from '../src/main/central/migration-files';
import { migrate } from '../src/main/central/migrator';
import { APP_ROLE_PASSWORD, createDatabase, withAdmin } from '../test/support/postgres';
import type { TestDatabase } from '../test/support/postgres';
import { World } from '../test/support/world';

/** Migrates `db` and lets application_user and readonly_user sign in (with the tests' password). */
export async function migrateForBench(db: TestDatabase): Promise<void> {
  const conn = await connectPg(db.adminUrl);
  await migrate(conn, loadMigrations(new URL('../migrations', import.meta.url).pathname)).finally(() => conn.close());
  await withAdmin(async (c) => {
    for (const role of ['application_user', 'readonly_user']) await c.query(`ALTER ROLE ${role} LOGIN PASSWORD '${APP_ROLE_PASSWORD}'`);
  });
}

export async function benchDatabase(): Promise<{ db: TestDatabase; admin: pg.Client; world: World }> {
  const db = await createDatabase({ prefix: 'promanage_bench' });
  try {
    await migrateForBench(db);
    const admin = new pg.Client({ connectionString: db.adminUrl });
    await admin.connect();
    return { db, admin, world: new World(admin) };
  } catch (error) {
    await db.drop();
    throw error;
  }
}
