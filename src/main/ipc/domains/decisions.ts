// changeRequests:decide — a decision, signed on the device when it approves or rejects, with a key
// derived from the password typed at that moment; changeRequests:verifySignature — central's verdict.
import { uuidv7 } from '../../../shared/ids';
import type { SignatureVerification } from '../../../shared/ipc/domains/change-requests';
import { inSession } from '../../central/auth';
import { signDecision, unlockSigningKey } from '../../central/signature';
import type { DesktopSession } from '../../desktop/session';
import type { ReplicaCall } from '../replica-call';
import { AppError } from '../router';
import type { Handlers } from '../router';

const CANNOT_SIGN = new AppError({
  code: 'INVALID_STATE', message: 'This device cannot sign decisions yet: it has no signing parameters for your password.',
  hint: 'Connect to the server once (or sign out and in again while online), then decide.',
});

export function decisionHandlers(session: DesktopSession, replica: ReplicaCall): Pick<Handlers, 'changeRequests:decide' | 'changeRequests:verifySignature'> {
  return {
    'changeRequests:decide': async ({ id, decision, comment, password, meaning }) => {
      const cr = await replica('crGet', id);
      if (!cr.canDecide) {
        throw new AppError({ code: 'PERMISSION_DENIED', message: 'Your role in this project does not allow deciding change requests.', hint: 'Ask a project manager to add you as an approver.' });
      }
      const approvalId = uuidv7();
      const decidedAt = new Date().toISOString();
      let signed: { signature: string; epoch: number; signerName: string } | null = null;
      if (decision !== 'CHANGES_REQUESTED') {
        if (!password) throw new AppError({ code: 'INVALID_ARGUMENT', message: 'Enter your password to sign this decision.' });
        if (!meaning) throw new AppError({ code: 'INVALID_ARGUMENT', message: 'Say what your signature means (for example "Approved for implementation").' });
        let material = await session.signingMaterial();
        if (!material) throw CANNOT_SIGN;
        let key = await unlockSigningKey(password, material.parameters);
        if (!key) {
          // The password may have changed since this device signed in: ask central for the current epoch.
          material = await session.signingMaterial(true);
          key = material ? await unlockSigningKey(password, material.parameters) : null;
        }
        if (!key || !material) {
          throw new AppError({ code: 'INVALID_ARGUMENT', message: 'That is not your password — the decision was not recorded.', hint: 'Enter the password you sign in with.' });
        }
        const signerName = material.user.fullName;
        const epoch = material.parameters.epoch;
        const signature = signDecision(key, {
          id: approvalId, changeRequestId: cr.id, decision, revision: cr.revision, decidedAt, meaning, approverId: material.user.id, signerName, epoch,
        });
        key.fill(0);
        signed = { signature, epoch, signerName };
      }
      return replica('crDecide', {
        id: approvalId, changeRequestId: cr.id, decision, comment, revision: cr.revision, decidedAt, meaning: meaning ?? null,
        signature: signed?.signature ?? null, signatureEpoch: signed?.epoch ?? null, signerName: signed?.signerName ?? null,
      });
    },
    'changeRequests:verifySignature': async ({ approvalId }) => session.withCentral(async (conn, token) => {
      const { rows } = await inSession(conn, token, () => conn.query<{ valid: boolean; status: SignatureVerification['status']; reason: string; meaning: string | null; signer_name: string | null;
          signed_at: Date | null; received_at: Date | null; key_epoch: number | null }>(
          'SELECT valid, status, reason, meaning, signer_name, signed_at, received_at, key_epoch FROM app.verify_signature($1)', [approvalId]),
      { readOnly: true }).catch((error: unknown) => {
        const e = error as { code?: string; message?: string };
        if (e.code === 'PM404') throw new AppError({ code: 'NOT_FOUND', message: 'Central has no such decision yet.', hint: 'A decision queued on this device is verified once it has synced.' });
        throw error;
      });
      const r = rows[0]!;
      return {
        valid: r.valid, status: r.status, reason: r.reason, meaning: r.meaning, signerName: r.signer_name,
        signedAt: r.signed_at?.toISOString() ?? null, receivedAt: r.received_at?.toISOString() ?? null, keyEpoch: r.key_epoch,
      };
    }),
  };
}
