// One fresh database per test file, copied from the run's migrated template.
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import type { CentralConnection } from '../../src/main/central/connection';
import { createDatabase } from './postgres';
import type { TestDatabase } from './postgres';
import { World } from './world';

export interface Fixture {
  db: TestDatabase;
  admin: pg.Client;
  world: World;
  /** Closed after the file's tests. */
  track(conn: CentralConnection): CentralConnection;
}

export function useTestDatabase(): Fixture {
  const opened: CentralConnection[] = [];
  const fixture = {
    track(conn: CentralConnection) {
      opened.push(conn);
      return conn;
    },
  } as Fixture;
  beforeAll(async () => {
    fixture.db = await createDatabase({ template: inject('templateDatabase') });
    fixture.admin = new pg.Client({ connectionString: fixture.db.adminUrl });
    await fixture.admin.connect();
    fixture.world = new World(fixture.admin);
  });
  afterAll(async () => {
    await Promise.allSettled(opened.map((c) => c.close()));
    await fixture.admin?.end();
    await fixture.db?.drop();
  });
  return fixture;
}
