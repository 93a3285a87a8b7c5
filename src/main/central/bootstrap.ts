// The operator's bootstrap of a freshly migrated central database: a new organization and its first
// administrator (ORG_ADMIN), through admin.bootstrap_organization (migration 0009), as the migrating login.
// `npm run db:bootstrap -- --org-slug acme --org-name "Acme Corp" --email … --name … [--password …]`.
import { passwordProblem } from './admin';
import type { CentralConnection } from './connection';
import { PromptCancelled } from './prompt';

export const PASSWORD_ENV = 'PROMANAGE_BOOTSTRAP_PASSWORD';

export const BOOTSTRAP_USAGE = `Usage: db bootstrap --org-slug SLUG --org-name NAME --email EMAIL --name FULL_NAME [--password PASSWORD]
The password may instead come from ${PASSWORD_ENV}, or is asked for when run in a terminal.`;

export type BootstrapErrorCode = 'NOT_MIGRATED' | 'NOT_PERMITTED' | 'WEAK_PASSWORD' | 'INVALID_INPUT' | 'ORGANIZATION_EXISTS';

export class BootstrapError extends Error {
  override readonly name = 'BootstrapError';
  constructor(
    readonly code: BootstrapErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export interface BootstrapInput {
  orgSlug: string;
  orgName: string;
  email: string;
  fullName: string;
  password: string;
}

export interface BootstrapResult {
  organizationId: string;
  userId: string;
  orgSlug: string;
  orgName: string;
  email: string;
  fullName: string;
  /** Whether application_user (the desktop's login) has LOGIN; null on PGlite, which has no logins. */
  applicationUserCanLogin: boolean | null;
}

/** Refuses a database without migration 0009 (not migrated yet, or older than this code). */
export async function requireBootstrapSchema(conn: CentralConnection): Promise<void> {
  const { rows } = await conn.query<{ fn: string | null }>(
    `SELECT to_regprocedure('admin.bootstrap_organization(text, text, text, text, text)')::text AS fn`);
  if (!rows[0]?.fn) {
    throw new BootstrapError('NOT_MIGRATED', 'This database has no ProManage schema, or an older one.',
      'Apply the migrations first: npm run db:migrate (with the same DATABASE_URL).');
  }
}

/** Creates the organization and its first administrator in one transaction. */
export async function bootstrapOrganization(conn: CentralConnection, input: BootstrapInput): Promise<BootstrapResult> {
  await requireBootstrapSchema(conn);
  const problem = await passwordProblem(conn, input.password, input.email);
  if (problem) {
    throw new BootstrapError('WEAK_PASSWORD', problem,
      'Use at least 12 characters mixing 3 of: lowercase letters, capitals, digits, symbols; a passphrase works well.');
  }
  let created: { organization_id: string; user_id: string };
  try {
    const { rows } = await conn.query<{ organization_id: string; user_id: string }>(
      'SELECT * FROM admin.bootstrap_organization($1, $2, $3, $4, $5)',
      [input.orgSlug, input.orgName, input.email, input.fullName, input.password]);
    created = rows[0]!;
  } catch (error) {
    const { code, message, hint } = error as { code?: string; message?: string; hint?: string };
    const known: Record<string, BootstrapErrorCode> = { PM409: 'ORGANIZATION_EXISTS', PM422: 'INVALID_INPUT', '42501': 'NOT_PERMITTED' };
    if (!code || !known[code]) throw error;
    throw new BootstrapError(known[code], message ?? 'Refused.',
      code === '42501' ? 'Run it as the login that migrates the database (a member of super_admin), not as application_user.' : hint || undefined);
  }
  const { rows: [role] } = await conn.query<{ can: boolean }>(`SELECT rolcanlogin AS can FROM pg_roles WHERE rolname = 'application_user'`);
  return {
    organizationId: created.organization_id,
    userId: created.user_id,
    orgSlug: input.orgSlug.trim().toLowerCase(),
    orgName: input.orgName.trim(),
    email: input.email.trim(),
    fullName: input.fullName.trim(),
    applicationUserCanLogin: conn.kind === 'pglite' ? null : (role?.can ?? false),
  };
}

/** What was done and what the operator does next. */
export function bootstrapReport(result: BootstrapResult): string[] {
  const lines = [
    `Created the organization "${result.orgName}" (${result.orgSlug}) and its first administrator, ` +
      `${result.fullName} <${result.email}>, with the ORG_ADMIN role.`,
    '',
    'Next:',
  ];
  const steps: string[] = [];
  if (result.applicationUserCanLogin === false) {
    steps.push(`Give the desktop's login role a password (it cannot log in yet):\n       ALTER ROLE application_user LOGIN PASSWORD '…';`);
  } else if (result.applicationUserCanLogin === true) {
    steps.push('The desktop connects as application_user, which can already log in; give its password to whoever sets up the desktops.');
  } else {
    steps.push('This is an embedded (PGlite) database: the desktop app opens it itself, no login role needs a password.');
  }
  steps.push(`In ProManage Desktop, sign in to the organization "${result.orgSlug}" as ${result.email} with the password you chose.`);
  steps.push('As that administrator, create the other users, projects and memberships (docs/security-model.md, "Administration").');
  steps.forEach((step, i) => lines.push(`  ${i + 1}. ${step}`));
  return lines;
}

type BootstrapOptions = Omit<BootstrapInput, 'password'> & { password?: string; passwordOnCommandLine: boolean };

/** The options of `db bootstrap`, or what is missing. The password comes from --password or `env`. */
export function parseBootstrapArgs(args: string[], env: NodeJS.ProcessEnv): { ok: true; options: BootstrapOptions } | { ok: false; message: string } {
  const value = (name: string) => {
    const index = args.indexOf(name);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const named = { orgSlug: '--org-slug', orgName: '--org-name', email: '--email', fullName: '--name' } as const;
  const missing = Object.values(named).filter((flag) => !value(flag)?.trim());
  if (missing.length > 0) return { ok: false, message: `Missing ${missing.join(', ')}.` };
  const fromArgs = value('--password');
  if (args.includes('--password') && !fromArgs) return { ok: false, message: '--password needs a value.' };
  return {
    ok: true,
    options: {
      orgSlug: value(named.orgSlug)!, orgName: value(named.orgName)!, email: value(named.email)!, fullName: value(named.fullName)!,
      password: fromArgs ?? (env[PASSWORD_ENV] || undefined),
      passwordOnCommandLine: fromArgs !== undefined,
    },
  };
}

export interface BootstrapIo {
  log(line: string): void;
  error(line: string): void;
  /** Asks for a secret without echo; undefined when there is no terminal to ask on. */
  askSecret?: (question: string) => Promise<string>;
}

/** Asks for the password (and again to confirm) until it meets the rule, at most three times. */
async function askPassword(conn: CentralConnection, email: string, io: BootstrapIo & { askSecret: (q: string) => Promise<string> }) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const password = await io.askSecret(`Password for ${email}: `);
    const problem = await passwordProblem(conn, password, email);
    if (problem) {
      io.error(problem);
      continue;
    }
    if ((await io.askSecret('Repeat the password: ')) === password) return password;
    io.error('The two passwords differ.');
  }
  return undefined;
}

/** `db bootstrap`: the exit code (0 done, 1 refused, 2 usage). */
export async function runBootstrap(conn: CentralConnection, options: BootstrapOptions, io: BootstrapIo): Promise<number> {
  try {
    await requireBootstrapSchema(conn);
    if (options.passwordOnCommandLine) {
      io.error(`Note: a password on the command line can stay in your shell history; ${PASSWORD_ENV} or the prompt avoid that.`);
    }
    const askSecret = io.askSecret;
    const password = options.password ?? (askSecret ? await askPassword(conn, options.email, { ...io, askSecret }) : undefined);
    if (password === undefined) {
      io.error(askSecret ? 'No acceptable password was given; nothing was created.'
        : `Give the administrator's password with --password, in ${PASSWORD_ENV}, or run the command in a terminal to be asked for it.`);
      return askSecret ? 1 : 2;
    }
    const result = await bootstrapOrganization(conn, { ...options, password });
    for (const line of bootstrapReport(result)) io.log(line);
    return 0;
  } catch (error) {
    if (error instanceof PromptCancelled) {
      io.error('Cancelled; nothing was created.');
      return 1;
    }
    if (!(error instanceof BootstrapError)) throw error;
    io.error(`${error.code}: ${error.message}`);
    if (error.hint) io.error(error.hint);
    return 1;
  }
}
