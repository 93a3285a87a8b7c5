// The operator's bootstrap (npm run db:bootstrap): a new organization and its first administrator, on
// PostgreSQL and PGlite, through the function and through the CLI as a child process.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { listAccounts } from '../../src/main/central/admin';
import { login } from '../../src/main/central/auth';
import {
  bootstrapOrganization, bootstrapReport, parseBootstrapArgs, runBootstrap, PASSWORD_ENV,
} from '../../src/main/central/bootstrap';
import type { BootstrapInput, BootstrapIo, BootstrapResult } from '../../src/main/central/bootstrap';
import type { CentralConnection } from '../../src/main/central/connection';
import { connectPg, connectPglite } from '../../src/main/central/connection';
import { loadMigrations } from '../../src/main/central/migration-files';
import { migrate } from '../../src/main/central/migrator';
import { useTestDatabase } from '../support/fixture';
import { MIGRATIONS_DIR } from '../support/global-setup';
import { createDatabase } from '../support/postgres';

const t = useTestDatabase();
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

let slugs = 0;
const input = (overrides: Partial<BootstrapInput> = {}): BootstrapInput => ({
  orgSlug: `boot-${Date.now().toString(36)}-${++slugs}`, orgName: 'Acme Corp', email: 'admin@acme.example', fullName: 'Ada Admin',
  password: 'Analytical-Engine-1843', ...overrides,
});

async function counts() {
  const { rows } = await t.admin.query(`SELECT (SELECT count(*)::int FROM app.organizations) AS organizations,
    (SELECT count(*)::int FROM app.users) AS users, (SELECT count(*)::int FROM auth.user_credentials) AS credentials`);
  return rows[0];
}

async function adminConnection(): Promise<CentralConnection> {
  return t.track(await connectPg(t.db.adminUrl));
}

describe('bootstrapOrganization', () => {
  it('creates the organization and an ORG_ADMIN who signs in and may administer it', async () => {
    const given = input({ orgSlug: ' Acme-HQ ', email: ' Admin@Acme.example ' });
    const result = await bootstrapOrganization(await adminConnection(), given);
    expect(result).toMatchObject({ orgSlug: 'acme-hq', email: 'Admin@Acme.example', applicationUserCanLogin: true });
    const { rows } = await t.admin.query(
      `SELECT o.slug, o.name, u.email, u.full_name, u.status, r.name AS role
       FROM app.users u JOIN app.organizations o ON o.id = u.organization_id JOIN app.roles r ON r.id = u.org_role_id WHERE u.id = $1`,
      [result.userId]);
    expect(rows[0]).toEqual({ slug: 'acme-hq', name: 'Acme Corp', email: 'Admin@Acme.example', full_name: 'Ada Admin', status: 'ACTIVE', role: 'ORG_ADMIN' });
    const app = t.track(await connectPg(t.db.appUrl));
    const signedIn = await login(app, { organization: 'acme-hq', email: 'admin@acme.example', password: given.password });
    expect(signedIn).toMatchObject({ ok: true, userId: result.userId, organizationId: result.organizationId });
    if (!signedIn.ok) return;
    expect(await listAccounts(app, signedIn.token)).toEqual([expect.objectContaining({ userId: result.userId, isOrgAdmin: true })]);
  });

  it('refuses an existing slug, a weak password and bad input, creating nothing', async () => {
    const conn = await adminConnection();
    const taken = input();
    await bootstrapOrganization(conn, taken);
    const before = await counts();
    await expect(bootstrapOrganization(conn, input({ orgSlug: taken.orgSlug.toUpperCase() }))).rejects.toMatchObject({
      code: 'ORGANIZATION_EXISTS', message: `An organization with the slug "${taken.orgSlug}" already exists.`,
    });
    await expect(bootstrapOrganization(conn, input({ password: 'admin-password-1' }))).rejects.toMatchObject({
      code: 'WEAK_PASSWORD', message: expect.stringContaining('"admin" from the email address'),
    });
    await expect(bootstrapOrganization(conn, input({ password: 'short' }))).rejects.toMatchObject({ code: 'WEAK_PASSWORD' });
    await expect(bootstrapOrganization(conn, input({ orgSlug: 'Not a slug!' }))).rejects.toMatchObject({
      code: 'INVALID_INPUT', message: expect.stringContaining('cannot be an organization slug'), hint: expect.stringContaining('e.g. acme'),
    });
    await expect(bootstrapOrganization(conn, input({ email: 'nobody' }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(bootstrapOrganization(conn, input({ fullName: '' }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await counts()).toEqual(before);
  });

  it('is not for application_user, nor for a database that is not migrated', async () => {
    const before = await counts();
    const app = t.track(await connectPg(t.db.appUrl));
    await expect(bootstrapOrganization(app, input())).rejects.toMatchObject({
      code: 'NOT_PERMITTED', hint: expect.stringContaining('not as application_user'),
    });
    expect(await counts()).toEqual(before);
    const empty = await createDatabase();
    cleanup.push(() => empty.drop());
    const conn = t.track(await connectPg(empty.adminUrl));
    await expect(bootstrapOrganization(conn, input())).rejects.toMatchObject({
      code: 'NOT_MIGRATED', hint: expect.stringContaining('npm run db:migrate'),
    });
  });

  it('works on PGlite', async () => {
    const conn = await connectPglite();
    cleanup.push(() => conn.close());
    await migrate(conn, loadMigrations(MIGRATIONS_DIR));
    const result = await bootstrapOrganization(conn, input({ orgSlug: 'lite' }));
    expect(result.applicationUserCanLogin).toBeNull();
    const { rows } = await conn.query<{ user_id: string | null }>(`SELECT user_id FROM auth.login('lite', 'admin@acme.example', 'Analytical-Engine-1843')`);
    expect(rows[0]!.user_id).toBe(result.userId);
  }, 120_000);
});

describe('the command', () => {
  const result: BootstrapResult = {
    organizationId: 'o', userId: 'u', orgSlug: 'acme', orgName: 'Acme Corp', email: 'admin@acme.example', fullName: 'Ada Admin',
    applicationUserCanLogin: false,
  };

  it('reports what it did and what to do next', () => {
    const report = bootstrapReport(result).join('\n');
    expect(report).toContain('Created the organization "Acme Corp" (acme) and its first administrator, Ada Admin <admin@acme.example>, with the ORG_ADMIN role.');
    expect(report).toContain(`ALTER ROLE application_user LOGIN PASSWORD '…';`);
    expect(report).toContain('sign in to the organization "acme" as admin@acme.example');
    expect(bootstrapReport({ ...result, applicationUserCanLogin: true }).join('\n')).not.toContain('ALTER ROLE');
    expect(bootstrapReport({ ...result, applicationUserCanLogin: null }).join('\n')).toContain('embedded (PGlite)');
  });

  it('reads its options, the password from --password or the environment', () => {
    const args = ['--org-slug', 'acme', '--org-name', 'Acme Corp', '--email', 'a@acme.example', '--name', 'Ada'];
    expect(parseBootstrapArgs(args, {})).toEqual({ ok: true, options: {
      orgSlug: 'acme', orgName: 'Acme Corp', email: 'a@acme.example', fullName: 'Ada', password: undefined, passwordOnCommandLine: false } });
    expect(parseBootstrapArgs(args, { [PASSWORD_ENV]: 'from-env' })).toMatchObject({ ok: true, options: { password: 'from-env' } });
    expect(parseBootstrapArgs([...args, '--password', 'given'], { [PASSWORD_ENV]: 'from-env' }))
      .toMatchObject({ ok: true, options: { password: 'given', passwordOnCommandLine: true } });
    expect(parseBootstrapArgs(['--org-slug', 'acme', '--email', 'a@b.example'], {})).toEqual({ ok: false, message: 'Missing --org-name, --name.' });
    expect(parseBootstrapArgs([...args, '--password'], {})).toEqual({ ok: false, message: '--password needs a value.' });
  });

  it('asks in a terminal until the password meets the rule and is repeated', async () => {
    const answers = ['short', 'Babbage-Lovelace-1', 'Babbage-Lovelace-2', 'Babbage-Lovelace-1', 'Babbage-Lovelace-1'];
    const out: string[] = [];
    const errors: string[] = [];
    const io: BootstrapIo = { log: (l) => out.push(l), error: (l) => errors.push(l), askSecret: async () => answers.shift()! };
    const { orgSlug, orgName, email, fullName } = input();
    const code = await runBootstrap(await adminConnection(), { orgSlug, orgName, email, fullName, passwordOnCommandLine: false }, io);
    expect(code).toBe(0);
    expect(answers).toEqual([]);
    expect(errors).toEqual([expect.stringContaining('too short'), 'The two passwords differ.']);
    expect(out[0]).toContain('Created the organization');
    const none: BootstrapIo = { log: () => undefined, error: (l) => errors.push(l) };
    expect(await runBootstrap(await adminConnection(), { ...input(), password: undefined, passwordOnCommandLine: false }, none)).toBe(2);
    expect(errors.at(-1)).toContain(PASSWORD_ENV);
  });

  it('runs as `db bootstrap` on a fresh database after `db migrate`, and refuses the same slug again', async () => {
    const fresh = await createDatabase();
    cleanup.push(() => fresh.drop());
    const run = (args: string[], env: Record<string, string> = {}) =>
      promisify(execFile)('npx', ['tsx', 'src/main/central/cli.ts', ...args], {
        cwd: ROOT, env: { ...process.env, DATABASE_URL: fresh.adminUrl, ...env }, timeout: 60_000,
      }).then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => e);
    expect((await run(['migrate'])).code).toBe(0);
    const args = ['bootstrap', '--org-slug', 'acme', '--org-name', 'Acme Corp', '--email', 'admin@acme.example', '--name', 'Ada Admin'];
    const done = await run(args, { [PASSWORD_ENV]: 'Analytical-Engine-1843' });
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Created the organization "Acme Corp" (acme)');
    expect(done.stdout).toContain('sign in to the organization "acme"');
    const again = await run(args, { [PASSWORD_ENV]: 'Analytical-Engine-1843' });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('ORGANIZATION_EXISTS: An organization with the slug "acme" already exists.');
    const app = t.track(await connectPg(fresh.appUrl));
    expect(await login(app, { organization: 'acme', email: 'admin@acme.example', password: 'Analytical-Engine-1843' })).toMatchObject({ ok: true });
  }, 120_000);
});
