// One decision in a change request's history: who decided what and when, and the signature's manifest
// (meaning, printed name, device time, central's receipt) with "Verify signature".
import type { DecisionItem } from '../../../shared/ipc/domains/change-requests';
import { formatDateTime, titleCase } from '../lib/format';
import { VerifySignature } from '../signatures/VerifySignature';

export function DecisionEntry({ decision: d }: { decision: DecisionItem }) {
  return (
    <li data-testid="decision">
      <strong>{d.approverName ?? 'You'}</strong> {titleCase(d.decision).toLowerCase()} revision {d.revision} · {formatDateTime(d.decidedAt)}
      {d.pending && <span className="badge unsynced">Not yet synced</span>}
      {d.signed && (
        <div className="muted" data-testid="signature-manifest">
          Signed by {d.signerName ?? d.approverName ?? 'the approver'}{d.signatureMeaning ? `: “${d.signatureMeaning}”` : ''} · signed on the
          device at {formatDateTime(d.decidedAt)}{d.receivedAt ? ` · received by the server at ${formatDateTime(d.receivedAt)}` : ''}
          {!d.pending && <VerifySignature id={d.id} />}
        </div>
      )}
      {d.comment && <div className="prewrap">{d.comment}</div>}
    </li>
  );
}
