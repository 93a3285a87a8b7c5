// Electronic signatures of change-request decisions, on the device (docs/security-model.md,
// "Electronic signatures"). At sign-in the desktop fetches the signing parameters of the user's
// current password epoch (auth.signing_parameters(): salt, iterations, a password check; no secret).
// To sign, offline or not, the approver types the password; the device derives the key from it at
// that moment (PBKDF2 → HMAC), checks it against the password check (a typo is refused at once), signs
// and forgets the key. Central holds the same key per epoch and verifies at push and at any time later.
// Pure node:crypto: no database, no Electron.
import { createHash, createHmac, pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

/** The current password epoch's parameters, as auth.signing_parameters() returns them (hex strings). */
export interface SigningParameters {
  epoch: number;
  salt: string;
  iterations: number;
  passwordCheck: string;
}

export type SignedDecisionKind = 'APPROVED' | 'REJECTED' | 'CHANGES_REQUESTED';

/** What a signature covers: the fields of the change_request_approvals row, the signer and the epoch. */
export interface DecisionToSign {
  /** The decision's own id (the row's client-made id). */
  id: string;
  changeRequestId: string;
  decision: SignedDecisionKind;
  revision: number;
  /** The time of the decision: an ISO 8601 string or a Date, signed to the millisecond in UTC. */
  decidedAt: string | Date;
  meaning: string | null;
  approverId: string;
  /** The signer's printed name, as central has it (users.full_name). */
  signerName: string;
  epoch: number;
}

const HEX_32_BYTES = /^[0-9a-f]{64}$/i;
const pbkdf2Async = promisify(pbkdf2);

function label(secret: Buffer, text: string): Buffer {
  return createHmac('sha256', secret).update(text, 'utf8').digest();
}

function checkParameters(parameters: SigningParameters): void {
  if (!/^[0-9a-f]{32}$/i.test(parameters.salt) || !HEX_32_BYTES.test(parameters.passwordCheck)
      || !Number.isInteger(parameters.iterations) || parameters.iterations < 1 || !Number.isInteger(parameters.epoch)) {
    throw new TypeError('The signing parameters are malformed: sign in again to fetch new ones.');
  }
}

/** The key and the password check `password` gives under these parameters (PBKDF2 on libuv's thread pool). */
export async function deriveFromPassword(password: string, parameters: SigningParameters): Promise<{ key: Buffer; check: Buffer }> {
  checkParameters(parameters);
  const secret = await pbkdf2Async(Buffer.from(password, 'utf8'), Buffer.from(parameters.salt, 'hex'), parameters.iterations, 32, 'sha256');
  return { key: label(secret, 'promanage-signing-key'), check: label(secret, 'promanage-password-check') };
}

/**
 * The signing key for `password`, derived now, or null when the password is not the one of this
 * epoch. The caller uses the key for one signature and drops it.
 */
export async function unlockSigningKey(password: string, parameters: SigningParameters): Promise<Buffer | null> {
  const { key, check } = await deriveFromPassword(password, parameters);
  return timingSafeEqual(check, Buffer.from(parameters.passwordCheck, 'hex')) ? key : null;
}

function field(value: string | null): string {
  return (value ?? '').replaceAll('\\', '\\\\').replaceAll('|', '\\|');
}

/** The canonical text signed, the same as central's app.decision_signing_text(). */
export function signingText(decision: DecisionToSign): string {
  const decidedAt = new Date(decision.decidedAt);
  if (Number.isNaN(decidedAt.getTime())) throw new TypeError('decidedAt is not a date and time.');
  return [
    'promanage-signature-2', 'change_request_approval', decision.id.toLowerCase(), decision.changeRequestId.toLowerCase(),
    field(decision.decision), String(decision.revision), decidedAt.toISOString(), field(decision.meaning),
    decision.approverId.toLowerCase(), field(decision.signerName), String(decision.epoch),
  ].join('|');
}

/** What a document version's signature covers (document_signatures), the same as app.document_signing_text(). */
export interface VersionToSign {
  /** The signature record's own id. */
  id: string;
  documentId: string;
  versionId: string;
  /** sha256 (hex) of the version's text as the signer saw it: contentSha256(version.content). */
  contentSha256: string;
  meaning: 'AUTHORED' | 'REVIEWED' | 'APPROVED';
  signedAt: string | Date;
  statement: string;
  signerId: string;
  signerName: string;
  epoch: number;
}

export function contentSha256(content: string | null): string {
  return createHash('sha256').update(content ?? '', 'utf8').digest('hex');
}

export function versionSigningText(v: VersionToSign): string {
  const signedAt = new Date(v.signedAt);
  if (Number.isNaN(signedAt.getTime())) throw new TypeError('signedAt is not a date and time.');
  return [
    'promanage-signature-2', 'document_version', v.id.toLowerCase(), v.documentId.toLowerCase(), v.versionId.toLowerCase(),
    field(v.contentSha256), field(v.meaning), signedAt.toISOString(), field(v.statement), v.signerId.toLowerCase(), field(v.signerName),
    String(v.epoch),
  ].join('|');
}

function hmacHex(key: Buffer, text: string): string {
  if (key.length !== 32) throw new TypeError('The signing key is malformed.');
  return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

/** The signature to store in change_request_approvals.signature: hex HMAC-SHA256(key, text). */
export function signDecision(key: Buffer, decision: DecisionToSign): string {
  return hmacHex(key, signingText(decision));
}

/** The signature to store in document_signatures.signature. */
export function signVersion(key: Buffer, version: VersionToSign): string {
  return hmacHex(key, versionSigningText(version));
}
