// Test databases on the real PostgreSQL server: one migrated template per run, one fresh copy per
// test file.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const ADMIN_URL =
  process.env.PROMANAGE_TEST_ADMIN_URL ?? 'postgres://promanage_admin:promanage@127.0.0.1:5432/postgres';

/** Login password the test run gives application_user and readonly_user (cluster-wide roles). */
export const APP_ROLE_PASSWORD = 'promanage-test';

export function databaseUrl(database: string, role?: { user: string; password: string }): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  if (role) {
    url.username = role.user;
    url.password = role.password;
  }
  return url.toString();
}

export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export interface TestDatabase {
  name: string;
  adminUrl: string;
  appUrl: string;
  readonlyUrl: string;
  drop(): Promise<void>;
}

async function dropDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function createDatabase(options: { template?: string; prefix?: string } = {}): Promise<TestDatabase> {
  const name = uniqueName(options.prefix ?? 'promanage_t');
  await withAdmin((c) =>
    c.query(`CREATE DATABASE "${name}"${options.template ? ` TEMPLATE "${options.template}"` : ''}`),
  );
  // A copy does not inherit the template's per-database settings of application_user (its timeouts):
  // set them as an operator does after restoring a database (docs/security-model.md).
  if (options.template) await withAdmin((c) => c.query('SELECT auth.harden_database()'), name);
  return {
    name,
    adminUrl: databaseUrl(name),
    appUrl: databaseUrl(name, { user: 'application_user', password: APP_ROLE_PASSWORD }),
    readonlyUrl: databaseUrl(name, { user: 'readonly_user', password: APP_ROLE_PASSWORD }),
    drop: () => dropDatabase(name),
  };
}
