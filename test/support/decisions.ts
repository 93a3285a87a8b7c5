// Decisions on change requests, and signatures of document versions, as a signed-in user's device sends
// them: signed with the key derived from the user's password and the epoch's parameters
// (auth.signing_parameters()), by src/main/central/signature.ts, as the desktop does.
import { createHmac, randomUUID } from 'node:crypto';
import { contentSha256, deriveFromPassword, signDecision, signVersion, unlockSigningKey } from '../../src/main/central/signature';
import type { SignedDecisionKind, SigningParameters } from '../../src/main/central/signature';
import type { AppSession } from './sessions';
import type { Project, User } from './world';

export interface DecisionOptions {
  /** The decision's id (made up when not given). */
  id?: string;
  meaning?: string | null;
  decidedAt?: string;
  comment?: string;
  /** A signature to send instead of the right one (null: none). */
  signature?: string | null;
  /** Sign these fields instead of the ones sent (to tamper with a signed decision). */
  signAs?: Partial<{ id: string; revision: number; decision: SignedDecisionKind; meaning: string | null; decidedAt: string;
    changeRequestId: string; approverId: string; signerName: string; epoch: number }>;
  /** Sign with the key derived from this password instead of the approver's own. */
  password?: string;
  /** Send these instead of the signed epoch and printed name. */
  epoch?: number | null;
  signerName?: string | null;
  /** Sign the old way (0010): HMAC of the session-bound text with this hex key, no epoch, no name. */
  legacyKey?: string;
}

export async function signingParameters(session: AppSession): Promise<SigningParameters> {
  const rows = await session.query<{ epoch: number; salt: string; iterations: number; password_check: string }>(
    'SELECT epoch, salt, iterations, password_check FROM auth.signing_parameters()');
  const row = rows[0];
  if (!row) throw new Error('no signing parameters: the user has not signed in since 0015');
  return { epoch: row.epoch, salt: row.salt, iterations: row.iterations, passwordCheck: row.password_check };
}

/** The key the approver's device derives from `password` (throws on a wrong password, as the device refuses it). */
export async function derivedKey(session: AppSession, password: string, parameters?: SigningParameters): Promise<Buffer> {
  const key = await unlockSigningKey(password, parameters ?? await signingParameters(session));
  if (!key) throw new Error('wrong password for these signing parameters');
  return key;
}

/** 0010's session-bound signing text and signature, for signatures made before 0015. */
export function legacySignature(keyHex: string, d: { changeRequestId: string; decision: string; revision: number; decidedAt: string;
  meaning: string | null; approverId: string }): string {
  const text = [d.changeRequestId, d.decision, String(d.revision), new Date(d.decidedAt).toISOString(), d.meaning ?? '', d.approverId].join('|');
  return createHmac('sha256', Buffer.from(keyHex, 'hex')).update(text, 'utf8').digest('hex');
}

async function fullName(session: AppSession, user: User): Promise<string> {
  return (await session.query<{ full_name: string }>('SELECT full_name FROM app.users WHERE id = $1', [user.id]))[0]!.full_name;
}

/** The approval row's values (with its id) for `approver`'s decision, signed unless told otherwise. */
export async function decisionValues(session: AppSession, approver: User, changeRequestId: string, decision: SignedDecisionKind,
  revision: number, options: DecisionOptions = {}) {
  const id = options.id ?? randomUUID();
  const decidedAt = options.decidedAt ?? new Date().toISOString();
  const meaning = options.meaning === undefined ? `${decision === 'REJECTED' ? 'Rejected' : 'Approved'} as reviewer` : options.meaning;
  let epoch: number | null = null;
  let signerName: string | null = null;
  let signature: string | null;
  if (options.signature !== undefined) {
    signature = options.signature;
  } else if (options.legacyKey) {
    signature = legacySignature(options.legacyKey, { changeRequestId, decision, revision, decidedAt, meaning, approverId: approver.id });
  } else {
    const parameters = await signingParameters(session);
    epoch = parameters.epoch;
    signerName = await fullName(session, approver);
    // A password given on purpose is used as a modified client would: without the device's check.
    const key = options.password === undefined ? await derivedKey(session, approver.password, parameters)
      : (await deriveFromPassword(options.password, parameters)).key;
    signature = signDecision(key, {
      id, changeRequestId, decision, revision, decidedAt, meaning, approverId: approver.id, signerName, epoch, ...options.signAs,
    });
  }
  return {
    id, change_request_id: changeRequestId, decision, change_request_revision: revision, decided_at: decidedAt,
    signature_meaning: meaning, signature, comment: options.comment ?? '',
    signature_epoch: options.epoch !== undefined ? options.epoch : epoch,
    signer_name: options.signerName !== undefined ? options.signerName : signerName,
  };
}

/** Records `approver`'s decision through their session (one INSERT in its own transaction). */
export async function decide(session: AppSession, approver: User, project: Project, changeRequestId: string,
  decision: SignedDecisionKind, revision: number, options: DecisionOptions = {}): Promise<string> {
  const v = await decisionValues(session, approver, changeRequestId, decision, revision, options);
  await session.query(
    `INSERT INTO app.change_request_approvals (id, organization_id, project_id, change_request_id, decision, change_request_revision,
       decided_at, signature_meaning, signature, comment, signature_epoch, signer_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [v.id, project.org.id, project.id, v.change_request_id, v.decision, v.change_request_revision, v.decided_at, v.signature_meaning,
      v.signature, v.comment, v.signature_epoch, v.signer_name]);
  return v.id;
}

export interface VersionSignatureOptions {
  statement?: string;
  /** Sign with the key derived from this password (without the device's check). */
  password?: string;
  /** Sign another text's hash than the version's. */
  contentSha256?: string;
}

/** Records `user`'s signature of a document version through their session; returns its id. */
export async function signVersionAs(session: AppSession, user: User, project: Project,
  version: { id: string; document_id: string; content: string | null }, meaning: 'AUTHORED' | 'REVIEWED' | 'APPROVED',
  options: VersionSignatureOptions = {}): Promise<string> {
  const id = randomUUID();
  const parameters = await signingParameters(session);
  const signerName = await fullName(session, user);
  const statement = options.statement ?? `Signed as ${meaning.toLowerCase()}`;
  const signedAt = new Date().toISOString();
  const hash = options.contentSha256 ?? contentSha256(version.content);
  const key = (await deriveFromPassword(options.password ?? user.password, parameters)).key;
  const signature = signVersion(key, {
    id, documentId: version.document_id, versionId: version.id, contentSha256: hash, meaning, signedAt, statement, signerId: user.id,
    signerName, epoch: parameters.epoch,
  });
  await session.query(
    `INSERT INTO app.document_signatures (id, organization_id, project_id, document_id, document_version_id, meaning, statement, signer_name,
       signed_at, content_sha256, signature, signature_epoch) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [id, project.org.id, project.id, version.document_id, version.id, meaning, statement, signerName, signedAt, hash, signature, parameters.epoch]);
  return id;
}
