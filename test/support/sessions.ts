// Connections as application_user, signed in as a given user.
import type { CentralConnection } from '../../src/main/central/connection';
import { connectPg } from '../../src/main/central/connection';
import { inSession, login } from '../../src/main/central/auth';
import type { SessionOptions } from '../../src/main/central/auth';
import type { User } from './world';

export interface AppSession {
  token: string;
  conn: CentralConnection;
  /** Runs one statement in its own transaction as the signed-in user. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[], options?: SessionOptions): Promise<Row[]>;
}

export function sessionOn(conn: CentralConnection, token: string): AppSession {
  return {
    token,
    conn,
    async query<Row>(sql: string, params: unknown[] = [], options: SessionOptions = {}) {
      return inSession(conn, token, async () => (await conn.query<Row>(sql, params)).rows, options);
    },
  };
}

/** Opens an application_user connection and signs `user` in. The caller closes `conn`. */
export async function signIn(appUrl: string, user: User, extra: { totpCode?: string; deviceName?: string } = {}): Promise<AppSession> {
  const conn = await connectPg(appUrl);
  const result = await login(conn, { organization: user.org.slug, email: user.email, password: user.password, ...extra });
  if (!result.ok) {
    await conn.close();
    throw new Error(`sign-in of ${user.email} failed: ${result.code} ${result.message}`);
  }
  return sessionOn(conn, result.token);
}

/** Signs `user` in over a short-lived application_user connection and returns the session token. */
export async function sessionToken(appUrl: string, user: User, deviceName?: string): Promise<string> {
  const conn = await connectPg(appUrl);
  try {
    const result = await login(conn, { organization: user.org.slug, email: user.email, password: user.password, ...(deviceName ? { deviceName } : {}) });
    if (!result.ok) throw new Error(`sign-in of ${user.email} failed: ${result.code} ${result.message}`);
    return result.token;
  } finally {
    await conn.close();
  }
}
