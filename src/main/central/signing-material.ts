// What the desktop fetches at sign-in, while online, to sign decisions later (signature.ts): the
// signing parameters of the user's current password epoch. No secret: the key is derived from the
// password at the moment of signing. Kept with the session in the device's keychain.
import type { CentralConnection } from './connection';
import { inSession } from './auth';
import type { SigningParameters } from './signature';

export interface SigningMaterial {
  /** Null when central has none yet for this user (made at their next sign-in). */
  parameters: SigningParameters | null;
}

export async function fetchSigningMaterial(conn: CentralConnection, token: string): Promise<SigningMaterial> {
  return inSession(conn, token, async () => {
    const { rows } = await conn.query<{ epoch: number; salt: string; iterations: number; password_check: string }>(
      'SELECT epoch, salt, iterations, password_check FROM auth.signing_parameters()');
    const row = rows[0];
    return { parameters: row ? { epoch: row.epoch, salt: row.salt, iterations: row.iterations, passwordCheck: row.password_check } : null };
  });
}
