// changeRequests:decide — a decision, signed on the device when it approves or rejects, with a key
// derived from the password typed at that moment (desktop/signing.ts).
import { uuidv7 } from '../../../shared/ids';
import { signDecision } from '../../central/signature';
import type { DesktopSession } from '../../desktop/session';
import { signWithPassword } from '../../desktop/signing';
import type { ReplicaCall } from '../replica-call';
import { AppError } from '../router';
import type { Handlers } from '../router';

export function decisionHandlers(session: DesktopSession, replica: ReplicaCall): Pick<Handlers, 'changeRequests:decide'> {
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
        signed = await signWithPassword(session, password, ({ key, epoch, user }) => ({
          signature: signDecision(key, {
            id: approvalId, changeRequestId: cr.id, decision, revision: cr.revision, decidedAt, meaning, approverId: user.id, signerName: user.fullName, epoch,
          }),
          epoch, signerName: user.fullName,
        }), 'That is not your password — the decision was not recorded.');
      }
      return replica('crDecide', {
        id: approvalId, changeRequestId: cr.id, decision, comment, revision: cr.revision, decidedAt, meaning: meaning ?? null,
        signature: signed?.signature ?? null, signatureEpoch: signed?.epoch ?? null, signerName: signed?.signerName ?? null,
      });
    },
  };
}
