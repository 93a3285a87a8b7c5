// One decision in a change request's history: who decided what and when, the signature's manifest
// (meaning, printed name, device time, central's receipt) and "Verify signature", which asks central
// to check the signature again now (it needs a connection; the answer says valid or not, and why).
import { useState } from 'react';
import type { DecisionItem, SignatureVerification } from '../../../shared/ipc/domains/change-requests';
import { call, describe } from '../ipc/client';
import { formatDateTime, titleCase } from '../lib/format';

const VERDICT: Record<SignatureVerification['status'], string> = {
  VALID: 'Signature valid',
  INVALID: 'Signature NOT valid',
  LEGACY: 'Legacy signature (session-bound)',
  UNSIGNED: 'Not signed',
};

export function DecisionEntry({ decision: d }: { decision: DecisionItem }) {
  const [verdict, setVerdict] = useState<SignatureVerification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  async function verify() {
    setChecking(true);
    setError(null);
    try {
      setVerdict(await call('changeRequests:verifySignature', { approvalId: d.id }));
    } catch (e) {
      setVerdict(null);
      setError(describe(e));
    } finally {
      setChecking(false);
    }
  }

  return (
    <li data-testid="decision">
      <strong>{d.approverName ?? 'You'}</strong> {titleCase(d.decision).toLowerCase()} revision {d.revision} · {formatDateTime(d.decidedAt)}
      {d.pending && <span className="badge unsynced">Not yet synced</span>}
      {d.signed && (
        <div className="muted" data-testid="signature-manifest">
          Signed by {d.signerName ?? d.approverName ?? 'the approver'}{d.signatureMeaning ? `: “${d.signatureMeaning}”` : ''} · signed on the
          device at {formatDateTime(d.decidedAt)}{d.receivedAt ? ` · received by the server at ${formatDateTime(d.receivedAt)}` : ''}
          {!d.pending && (
            <> · <button type="button" className="link" onClick={() => void verify()} disabled={checking} data-testid="verify-signature">
              {checking ? 'Verifying…' : 'Verify signature'}
            </button>
            </>
          )}
        </div>
      )}
      {verdict && (
        <div role="status" className={verdict.valid ? 'ok-text' : 'error'} data-testid="signature-verdict">
          {VERDICT[verdict.status]} — {verdict.reason}
        </div>
      )}
      {error && <div role="alert" className="error">{error}</div>}
      {d.comment && <div className="prewrap">{d.comment}</div>}
    </li>
  );
}
