// The demo workspace's central database: PGlite in the app's data folder, migrated with the very same
// migrations as a server, seeded once.
import type { PGlite } from '@electric-sql/pglite';
import { openPglite, pgliteConnection } from '../central/connection';
import { loadMigrations } from '../central/migration-files';
import { migrate } from '../central/migrator';
import { seedDemo } from './demo-seed';

export interface DemoDatabase {
  db: PGlite;
  /** Migrations applied by this open (all of them on first start, new ones after an update). */
  migrated: string[];
  seeded: boolean;
}

export async function openDemoDatabase(dataDir: string, migrationsDir: string): Promise<DemoDatabase> {
  const db = await openPglite(dataDir);
  try {
    const owner = pgliteConnection(db);
    const migrated = await migrate(owner, loadMigrations(migrationsDir));
    const seeded = await seedDemo(owner);
    // One organization in one process: the demo keeps LISTEN/NOTIFY pokes (migration 0018 sends them
    // only where this is on; a server uses the change beacon instead).
    await db.exec(`SET app.notify_pokes = 'on'`);
    return { db, migrated, seeded };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
