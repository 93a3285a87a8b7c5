// Deciding comes with the electronic-signature work (approvals need the password re-entered).
import type { ChangeRequestDetail } from '../../../shared/ipc/domains/change-requests';

export function DecisionPanel({ changeRequest }: { changeRequest: ChangeRequestDetail }) {
  if (changeRequest.status !== 'IN_REVIEW' || !changeRequest.awaitingMe) return null;
  return <p className="notice" data-testid="decision-panel">This change request waits for your decision.</p>;
}
