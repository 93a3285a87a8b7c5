// Decisions on change requests as a signed-in approver sends them: signed with the session's key
// (auth.signing_key()) by src/main/central/signature.ts, as the desktop does.
import { randomUUID } from 'node:crypto';
import { signDecision } from '../../src/main/central/signature';
import type { SignedDecisionKind } from '../../src/main/central/signature';
import type { AppSession } from './sessions';
import type { Project, User } from './world';

export interface DecisionOptions {
  meaning?: string | null;
  decidedAt?: string;
  comment?: string;
  /** A signature to send instead of the right one (null: none). */
  signature?: string | null;
  /** Sign these fields instead of the ones sent (to tamper with a signed decision). */
  signAs?: Partial<{ revision: number; decision: SignedDecisionKind; meaning: string | null; decidedAt: string; changeRequestId: string; approverId: string }>;
  /** Sign with this key instead of the session's. */
  key?: string;
}

export async function signingKey(session: AppSession): Promise<string> {
  return (await session.query<{ key: string }>('SELECT auth.signing_key() AS key'))[0]!.key;
}

/** The approval row's values for `approver`'s decision, signed unless told otherwise. */
export async function decisionValues(session: AppSession, approver: User, changeRequestId: string, decision: SignedDecisionKind,
  revision: number, options: DecisionOptions = {}) {
  const decidedAt = options.decidedAt ?? new Date().toISOString();
  const meaning = options.meaning === undefined ? `${decision === 'REJECTED' ? 'Rejected' : 'Approved'} as reviewer` : options.meaning;
  const signature = options.signature !== undefined ? options.signature : signDecision(options.key ?? (await signingKey(session)), {
    changeRequestId, decision, revision, decidedAt, meaning, approverId: approver.id, ...options.signAs,
  });
  return {
    change_request_id: changeRequestId, decision, change_request_revision: revision, decided_at: decidedAt,
    signature_meaning: meaning, signature, comment: options.comment ?? '',
  };
}

/** Records `approver`'s decision through their session (one INSERT in its own transaction). */
export async function decide(session: AppSession, approver: User, project: Project, changeRequestId: string,
  decision: SignedDecisionKind, revision: number, options: DecisionOptions = {}): Promise<string> {
  const id = randomUUID();
  const v = await decisionValues(session, approver, changeRequestId, decision, revision, options);
  await session.query(
    `INSERT INTO app.change_request_approvals (id, organization_id, project_id, change_request_id, decision, change_request_revision,
       decided_at, signature_meaning, signature, comment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [id, project.org.id, project.id, v.change_request_id, v.decision, v.change_request_revision, v.decided_at, v.signature_meaning,
      v.signature, v.comment]);
  return id;
}
