// Once per run: migrate a template database that every integration test file copies.
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { connectPg } from '../../src/main/central/connection';
import { loadMigrations } from '../../src/main/central/migration-files';
import { migrate } from '../../src/main/central/migrator';
import { APP_ROLE_PASSWORD, createDatabase, withAdmin } from './postgres';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  // Leftovers of an interrupted earlier run.
  await withAdmin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'promanage\\_t%' OR datname LIKE 'promanage\\_tpl%'`,
    );
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
  const template = await createDatabase({ prefix: 'promanage_tpl' });
  const conn = await connectPg(template.adminUrl);
  try {
    await migrate(conn, loadMigrations(MIGRATIONS_DIR));
  } finally {
    await conn.close();
  }
  await withAdmin(async (c) => {
    for (const role of ['application_user', 'readonly_user']) {
      await c.query(`ALTER ROLE ${role} LOGIN PASSWORD '${APP_ROLE_PASSWORD}'`);
    }
  });
  project.provide('templateDatabase', template.name);
  return async () => {
    await template.drop();
  };
}
