// Signing in against central: open a connection as the configured database role, call auth.login,
// and read who the user is. Every failure becomes a message a person can act on.
import { hostname } from 'node:os';
import type { z } from 'zod';
import type { signInInput, SignedInUser } from '../../shared/ipc/domains/session';
import { UNENCRYPTED_RISK, unencryptedConnectionProblem } from '../../shared/connection-security';
import { connectPg } from '../central/connection';
import type { CentralConnection } from '../central/connection';
import { inSession, login } from '../central/auth';
import { fetchSigningMaterial } from '../central/signing-material';
import type { SigningMaterial } from '../central/signing-material';
import type { LoginErrorCode } from '../central/auth';
import { AppError } from '../ipc/router';
import { centralUrl, serverLabel } from './central-url';

export type SignInInput = z.output<typeof signInInput>;

const LOGIN_MESSAGES: Record<LoginErrorCode, { message: string; hint?: string }> = {
  INVALID_INPUT: { message: 'Enter your organization, email and password.' },
  UNKNOWN_ORGANIZATION: { message: 'There is no organization with that name on this server.', hint: 'Check the organization identifier your administrator gave you.' },
  INVALID_CREDENTIALS: { message: 'Wrong email or password.', hint: 'Check both and try again. After 5 failed attempts the account is locked for 15 minutes.' },
  ACCOUNT_LOCKED: { message: 'This account is locked after too many failed sign-ins.', hint: 'Wait 15 minutes, or ask your administrator to unlock it.' },
  ACCOUNT_DISABLED: { message: 'This account is disabled.', hint: 'Ask your administrator to enable it.' },
  TOTP_REQUIRED: { message: 'Enter the 6-digit code from your authenticator app.' },
  INVALID_TOTP: { message: 'That authenticator code is not valid.', hint: 'Enter the code your authenticator app shows now.' },
  TOO_MANY_ATTEMPTS: { message: 'Too many failed sign-ins into this organization from your network.', hint: 'Wait 5 minutes and try again, or ask your administrator.' },
};

const CONNECT_TIMEOUT_MS = 8000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error('connection timed out'), { code: 'ETIMEDOUT' })), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e: unknown) => { clearTimeout(timer); reject(e as Error); });
  });
}

function connectionError(error: unknown, input: SignInInput): AppError {
  const code = (error as { code?: string }).code;
  const where = serverLabel(input.connection);
  if (code === '28P01' || code === '28000') {
    return new AppError({ code: 'SIGN_IN_FAILED', message: `The server at ${where} refused the connection credentials of "${input.connection.user}".`, hint: 'Check the connection user and password your administrator gave you.' });
  }
  if (code === '3D000') {
    return new AppError({ code: 'SIGN_IN_FAILED', message: `There is no database "${input.connection.database}" on ${input.connection.host}.`, hint: 'Check the database name.' });
  }
  return new AppError({
    code: 'SERVER_UNREACHABLE',
    message: `Cannot reach the server at ${where}.`,
    hint: 'Check the address, the port and your network. Work you already have on this device stays available offline.',
  });
}

export async function signInToCentral(input: SignInInput): Promise<{ token: string; user: SignedInUser; signing: SigningMaterial | null }> {
  const insecure = unencryptedConnectionProblem(input.connection);
  if (insecure) throw new AppError({ code: 'SIGN_IN_FAILED', message: insecure, hint: UNENCRYPTED_RISK, reason: 'UNENCRYPTED_CONNECTION' });
  let conn: CentralConnection;
  try {
    conn = await withTimeout(connectPg(centralUrl(input.connection)), CONNECT_TIMEOUT_MS);
  } catch (error) {
    throw connectionError(error, input);
  }
  return loginOn(conn, input);
}

export interface Credentials {
  organization: string;
  email: string;
  password: string;
  totpCode?: string;
}

/** auth.login on an open connection (closed afterwards), then who the user is. */
export async function loginOn(conn: CentralConnection, input: Credentials): Promise<{ token: string; user: SignedInUser; signing: SigningMaterial | null }> {
  try {
    const result = await login(conn, {
      organization: input.organization, email: input.email, password: input.password, deviceName: `ProManage Desktop on ${hostname()}`,
      ...(input.totpCode ? { totpCode: input.totpCode } : {}),
    });
    if (!result.ok) {
      const text = LOGIN_MESSAGES[result.code];
      throw new AppError({ code: 'SIGN_IN_FAILED', message: text.message, ...(text.hint ? { hint: text.hint } : {}), reason: result.code });
    }
    const user = await inSession(conn, result.token, async () => {
      const { rows } = await conn.query<{ full_name: string | null; email: string; org_name: string }>(
        `SELECT u.full_name, u.email, o.name AS org_name FROM app.users u JOIN app.organizations o ON o.id = u.organization_id
         WHERE u.id = $1`, [result.userId]);
      return rows[0];
    });
    // What the device needs to sign decisions offline later; a server without it yet gives none.
    const signing = await fetchSigningMaterial(conn, result.token).catch(() => null);
    return {
      token: result.token,
      signing,
      user: {
        id: result.userId, organizationId: result.organizationId, email: user?.email ?? input.email,
        fullName: user?.full_name ?? input.email, organizationName: user?.org_name ?? input.organization,
      },
    };
  } finally {
    await conn.close().catch(() => undefined);
  }
}
