// Approve, reject or request changes, bound to the revision shown. Approving and rejecting are
// electronic signatures: the password is asked again and the meaning of the signature stated.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ChangeRequestDetail } from '../../../shared/ipc/domains/change-requests';
import { call, describe } from '../ipc/client';

type Decision = 'APPROVED' | 'REJECTED' | 'CHANGES_REQUESTED';

const MEANING: Record<Decision, string> = {
  APPROVED: 'I approve this change for implementation.',
  REJECTED: 'I reject this change.',
  CHANGES_REQUESTED: '',
};

export function DecisionPanel({ changeRequest: cr }: { changeRequest: ChangeRequestDetail }) {
  const [decision, setDecision] = useState<Decision | null>(null);
  const [comment, setComment] = useState('');
  const [password, setPassword] = useState('');
  const [meaning, setMeaning] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (cr.status !== 'IN_REVIEW' || !cr.awaitingMe) return null;

  function choose(next: Decision) {
    setDecision(next);
    setMeaning(MEANING[next]);
    setError(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!decision) return;
    try {
      await call('changeRequests:decide', {
        id: cr.id, decision, comment, ...(decision === 'CHANGES_REQUESTED' ? {} : { password, meaning }),
      });
      setDecision(null);
      setPassword('');
    } catch (e) {
      setError(describe(e));
    }
  }

  return (
    <section className="decision-panel" data-testid="decision-panel" aria-label="Your decision">
      <h2>Your decision on revision {cr.revision}</h2>
      <div className="panel-actions">
        <button type="button" className={decision === 'APPROVED' ? 'primary' : ''} onClick={() => choose('APPROVED')}>Approve…</button>
        <button type="button" className={decision === 'REJECTED' ? 'primary' : ''} onClick={() => choose('REJECTED')}>Reject…</button>
        <button type="button" className={decision === 'CHANGES_REQUESTED' ? 'primary' : ''} onClick={() => choose('CHANGES_REQUESTED')}>Request changes…</button>
      </div>
      {decision && (
        <form onSubmit={(e) => void submit(e)}>
          <label>Comment<textarea rows={3} value={comment} onChange={(e) => setComment(e.target.value)} required={decision !== 'APPROVED'} /></label>
          {decision !== 'CHANGES_REQUESTED' && (
            <>
              <label>Meaning of your signature<input value={meaning} required maxLength={500} onChange={(e) => setMeaning(e.target.value)} /></label>
              <label>Your password (electronic signature)<input type="password" value={password} required autoComplete="current-password"
                onChange={(e) => setPassword(e.target.value)} /></label>
              <p className="muted">Signed on this device now; the server checks the signature and that revision {cr.revision} is still current when it syncs.</p>
            </>
          )}
          {error && <p role="alert" className="error" data-testid="decision-error">{error}</p>}
          <div className="actions">
            <button type="button" onClick={() => setDecision(null)}>Cancel</button>
            <button type="submit" className="primary" data-testid="submit-decision">
              {decision === 'APPROVED' ? 'Sign and approve' : decision === 'REJECTED' ? 'Sign and reject' : 'Request changes'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
