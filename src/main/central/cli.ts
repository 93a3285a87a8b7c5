// Operator CLI: npm run db:migrate | db:rollback [-- --steps N] | db:status | db:bootstrap -- …, connection
// from DATABASE_URL.
import { fileURLToPath } from 'node:url';
import type { ReadStream } from 'node:tty';
import { BOOTSTRAP_USAGE, parseBootstrapArgs, runBootstrap } from './bootstrap';
import { connect } from './connection';
import { loadMigrations } from './migration-files';
import { MigrationError } from './migration-error';
import { migrate, migrationStatus, rollback } from './migrator';
import { askHidden } from './prompt';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));

const USAGE = `Usage: db <migrate [--to NNNN] | rollback [--steps N] | status | bootstrap …>
The database comes from DATABASE_URL: postgres://user:password@host:5432/promanage, or pglite:<directory>.
${BOOTSTRAP_USAGE}`;

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  const url = process.env.DATABASE_URL;
  if (!command || !['migrate', 'rollback', 'status', 'bootstrap'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  const bootstrap = command === 'bootstrap' ? parseBootstrapArgs(rest, process.env) : undefined;
  if (bootstrap && !bootstrap.ok) {
    console.error(`${bootstrap.message}\n${BOOTSTRAP_USAGE}`);
    return 2;
  }
  if (!url) {
    console.error('DATABASE_URL is not set. Set it to the central database, e.g.\n  DATABASE_URL=postgres://super_admin:…@localhost:5432/promanage npm run db:migrate');
    return 2;
  }
  const files = loadMigrations(MIGRATIONS_DIR);
  const conn = await connect(url);
  try {
    if (bootstrap?.ok) {
      const stdin = process.stdin as ReadStream;
      return await runBootstrap(conn, bootstrap.options, {
        log: (line) => console.log(line),
        error: (line) => console.error(line),
        ...(stdin.isTTY ? { askSecret: (question: string) => askHidden(question, stdin) } : {}),
      });
    }
    if (command === 'migrate') {
      const applied = await migrate(conn, files, option(rest, '--to'));
      console.log(applied.length ? `Applied ${applied.join(', ')}.` : 'Nothing to apply: the database is up to date.');
    } else if (command === 'rollback') {
      const steps = Number(option(rest, '--steps') ?? '1');
      if (!Number.isInteger(steps) || steps < 1) {
        console.error('--steps takes a whole number of at least 1.');
        return 2;
      }
      const undone = await rollback(conn, files, steps);
      console.log(undone.length ? `Rolled back ${undone.join(', ')}.` : 'Nothing to roll back.');
    } else {
      const status = await migrationStatus(conn, files);
      for (const m of status.applied) console.log(`applied  ${m.id}_${m.name}  ${m.appliedAt.toISOString()}`);
      for (const m of status.pending) console.log(`pending  ${m.id}_${m.name}`);
      if (status.problem) {
        console.error(`${status.problem.code}: ${status.problem.message}`);
        return 1;
      }
    }
    return 0;
  } finally {
    await conn.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof MigrationError) console.error(`${error.code}: ${error.message}`);
    else console.error(error);
    process.exit(1);
  },
);
