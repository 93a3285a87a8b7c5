// changeRequests:decide — a decision, signed on the device when it approves or rejects.
import { passwordMatchesAsync, signDecision } from '../../central/signature';
import type { DesktopSession } from '../../desktop/session';
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
      const decidedAt = new Date().toISOString();
      let signature: string | null = null;
      if (decision !== 'CHANGES_REQUESTED') {
        if (!password) throw new AppError({ code: 'INVALID_ARGUMENT', message: 'Enter your password to sign this decision.' });
        if (!meaning) throw new AppError({ code: 'INVALID_ARGUMENT', message: 'Say what your signature means (for example "Approved for implementation").' });
        const material = session.signingMaterial();
        if (!material?.signing.verifier) {
          throw new AppError({ code: 'INVALID_STATE', message: 'This device cannot sign decisions for this session yet.', hint: 'Sign out and sign in again while online, then decide.' });
        }
        if (!(await passwordMatchesAsync(password, material.signing.verifier))) {
          throw new AppError({ code: 'INVALID_ARGUMENT', message: 'That is not your password — the decision was not recorded.', hint: 'Enter the password you sign in with.' });
        }
        signature = signDecision(material.signing.signingKey, {
          changeRequestId: cr.id, decision, revision: cr.revision, decidedAt, meaning, approverId: material.userId,
        });
      }
      return replica('crDecide', { changeRequestId: cr.id, decision, comment, revision: cr.revision, decidedAt, meaning: meaning ?? null, signature });
    },
  };
}
