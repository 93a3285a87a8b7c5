// Electronic signatures of change-request decisions, on the device (docs/security-model.md,
// "Electronic signatures"). At sign-in, while online, the desktop fetches the session's signing key
// (auth.signing_key()) and the password verifier (auth.signature_verifier()) and keeps both in its
// keychain. To sign, offline or not, it asks for the password, checks it against the verifier, and
// signs the decision with the key; central verifies the signature when the decision is pushed.
// Pure node:crypto: no database, no Electron.
import { createHmac, pbkdf2, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

/** PBKDF2-HMAC-SHA256 of the password, as central made it at sign-in (salt and hash in hex). */
export interface SignatureVerifier {
  salt: string;
  iterations: number;
  hash: string;
}

export type SignedDecisionKind = 'APPROVED' | 'REJECTED' | 'CHANGES_REQUESTED';

/** What a signature covers: the fields of the change_request_approvals row, and the approver. */
export interface DecisionToSign {
  changeRequestId: string;
  decision: SignedDecisionKind;
  revision: number;
  /** The time of the decision: an ISO 8601 string or a Date, signed to the millisecond in UTC. */
  decidedAt: string | Date;
  meaning: string | null;
  approverId: string;
}

const HEX_32_BYTES = /^[0-9a-f]{64}$/i;
const pbkdf2Async = promisify(pbkdf2);

function verifierParts(verifier: SignatureVerifier): { salt: Buffer; expected: Buffer } {
  if (!/^[0-9a-f]+$/i.test(verifier.salt) || !HEX_32_BYTES.test(verifier.hash) || !Number.isInteger(verifier.iterations)
      || verifier.iterations < 1) {
    throw new TypeError('The signature verifier is malformed: sign in again to fetch a new one.');
  }
  return { salt: Buffer.from(verifier.salt, 'hex'), expected: Buffer.from(verifier.hash, 'hex') };
}

/** Whether `password` is the one the verifier was made from (blocks for ~20 ms at 100,000 iterations). */
export function passwordMatches(password: string, verifier: SignatureVerifier): boolean {
  const { salt, expected } = verifierParts(verifier);
  return timingSafeEqual(pbkdf2Sync(Buffer.from(password, 'utf8'), salt, verifier.iterations, 32, 'sha256'), expected);
}

/** passwordMatches on libuv's thread pool, for callers that must not block their thread. */
export async function passwordMatchesAsync(password: string, verifier: SignatureVerifier): Promise<boolean> {
  const { salt, expected } = verifierParts(verifier);
  return timingSafeEqual(await pbkdf2Async(Buffer.from(password, 'utf8'), salt, verifier.iterations, 32, 'sha256'), expected);
}

/** The canonical text signed, the same as central's app.approval_signing_text():
 *  change request id | decision | revision | decided at (UTC, ms) | meaning | approver id. */
export function signingText(decision: DecisionToSign): string {
  const decidedAt = new Date(decision.decidedAt);
  if (Number.isNaN(decidedAt.getTime())) throw new TypeError('decidedAt is not a date and time.');
  return [
    decision.changeRequestId.toLowerCase(), decision.decision, String(decision.revision), decidedAt.toISOString(),
    decision.meaning ?? '', decision.approverId.toLowerCase(),
  ].join('|');
}

/** The signature to store in change_request_approvals.signature: hex HMAC-SHA256(signing key, text). */
export function signDecision(signingKeyHex: string, decision: DecisionToSign): string {
  if (!HEX_32_BYTES.test(signingKeyHex)) throw new TypeError('The signing key is malformed: sign in again to fetch a new one.');
  return createHmac('sha256', Buffer.from(signingKeyHex, 'hex')).update(signingText(decision), 'utf8').digest('hex');
}
