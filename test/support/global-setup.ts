// Once per run: migrate a template database that every integration and e2e test file copies.
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { connectPg } from '../../src/main/central/connection';
import { loadMigrations } from '../../src/main/central/migration-files';
import { migrate } from '../../src/main/central/migrator';
import { APP_ROLE_PASSWORD, createDatabase, withAdmin } from './postgres';
import type { TestDatabase } from './postgres';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/**
 * Every project that lists this file (integration, e2e) shares one template: Vitest runs each
 * project's globalSetup in its own module instance of this file, and a second template run would drop
 * the first one's databases as leftovers.
 */
interface SharedTemplate {
  ready: Promise<TestDatabase>;
  projects: number;
}
const shared = globalThis as typeof globalThis & { promanageTemplate?: SharedTemplate };

export default async function setup(project: TestProject) {
  const template = (shared.promanageTemplate ??= { ready: prepareTemplate(), projects: 0 });
  template.projects += 1;
  project.provide('templateDatabase', (await template.ready).name);
  return async () => {
    template.projects -= 1;
    if (template.projects > 0) return;
    delete shared.promanageTemplate;
    await (await template.ready).drop();
  };
}

async function prepareTemplate(): Promise<TestDatabase> {
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
  return template;
}
