// What the desktop fetches at sign-in, while online, to sign decisions later (signature.ts): the
// session's signing key and the password verifier. Both are for the device's keychain, never a file.
import type { CentralConnection } from './connection';
import { inSession } from './auth';
import type { SignatureVerifier } from './signature';

export interface SigningMaterial {
  /** Hex, 256 bits; the same for every call in one session. */
  signingKey: string;
  /** Null when central has none yet for this user (signed in before it existed): sign in again. */
  verifier: SignatureVerifier | null;
}

export async function fetchSigningMaterial(conn: CentralConnection, token: string): Promise<SigningMaterial> {
  return inSession(conn, token, async () => {
    const key = await conn.query<{ key: string }>('SELECT auth.signing_key() AS key');
    const verifier = await conn.query<SignatureVerifier>('SELECT salt, iterations, hash FROM auth.signature_verifier()');
    return { signingKey: key.rows[0]!.key, verifier: verifier.rows[0] ?? null };
  });
}
