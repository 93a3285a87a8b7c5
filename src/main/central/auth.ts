// Signing in to central and running work under a session token (architecture.md §4).
import type { CentralConnection } from './connection';

export type LoginErrorCode =
  | 'INVALID_INPUT'
  | 'UNKNOWN_ORGANIZATION'
  | 'INVALID_CREDENTIALS'
  | 'TOO_MANY_ATTEMPTS'
  | 'ACCOUNT_LOCKED'
  | 'ACCOUNT_DISABLED'
  | 'TOTP_REQUIRED'
  | 'INVALID_TOTP';

export interface LoginInput {
  organization: string;
  email: string;
  password: string;
  totpCode?: string;
  deviceName?: string;
}

export type LoginResult =
  | { ok: true; token: string; userId: string; organizationId: string; expiresAt: Date }
  | { ok: false; code: LoginErrorCode; message: string };

interface LoginRow {
  token: string | null;
  user_id: string | null;
  organization_id: string | null;
  expires_at: Date | null;
  error_code: LoginErrorCode | null;
  error_message: string | null;
}

export async function login(conn: CentralConnection, input: LoginInput): Promise<LoginResult> {
  const { rows } = await conn.query<LoginRow>('SELECT * FROM auth.login($1, $2, $3, $4, $5)', [
    input.organization,
    input.email,
    input.password,
    input.totpCode ?? null,
    input.deviceName ?? null,
  ]);
  const row = rows[0];
  if (!row) throw new Error('auth.login returned no row');
  if (row.error_code || !row.token || !row.user_id || !row.organization_id || !row.expires_at) {
    return { ok: false, code: row.error_code ?? 'INVALID_CREDENTIALS', message: row.error_message ?? 'Sign-in failed.' };
  }
  return { ok: true, token: row.token, userId: row.user_id, organizationId: row.organization_id, expiresAt: new Date(row.expires_at) };
}

export interface SessionOptions {
  /** The device's own time of the action, recorded in the audit trail beside the server's. */
  clientTime?: Date;
  readOnly?: boolean;
}

/** Runs `work` in one transaction whose statements act as the session's user. */
export async function inSession<T>(
  conn: CentralConnection,
  token: string,
  work: () => Promise<T>,
  options: SessionOptions = {},
): Promise<T> {
  await conn.exec(options.readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
  try {
    await conn.query(`SELECT set_config('app.session_token', $1, true), set_config('app.client_time', $2, true)`, [
      token,
      options.clientTime?.toISOString() ?? '',
    ]);
    const result = await work();
    await conn.exec('COMMIT');
    return result;
  } catch (error) {
    await conn.exec('ROLLBACK');
    throw error;
  }
}

/** Revokes the session; true when it was still valid. */
export async function logout(conn: CentralConnection, token: string): Promise<boolean> {
  return inSession(conn, token, async () => {
    const { rows } = await conn.query<{ logout: boolean }>('SELECT auth.logout() AS logout');
    return rows[0]?.logout === true;
  });
}
