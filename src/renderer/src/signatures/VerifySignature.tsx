// "Verify signature": asks central to check a signature again now (it needs a connection) and shows
// its verdict with the reason — valid, not valid, legacy or unsigned.
import { useState } from 'react';
import type { SignatureVerification } from '../../../shared/ipc/domains/signatures';
import { call, describe } from '../ipc/client';

const VERDICT: Record<SignatureVerification['status'], string> = {
  VALID: 'Signature valid',
  INVALID: 'Signature NOT valid',
  LEGACY: 'Legacy signature (session-bound)',
  UNSIGNED: 'Not signed',
};

export function VerifySignature({ id }: { id: string }) {
  const [verdict, setVerdict] = useState<SignatureVerification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  async function verify() {
    setChecking(true);
    setError(null);
    try {
      setVerdict(await call('signatures:verify', { id }));
    } catch (e) {
      setVerdict(null);
      setError(describe(e));
    } finally {
      setChecking(false);
    }
  }

  return (
    <>
      {' · '}
      <button type="button" className="link" onClick={() => void verify()} disabled={checking} data-testid="verify-signature">
        {checking ? 'Verifying…' : 'Verify signature'}
      </button>
      {verdict && (
        <div role="status" className={verdict.valid ? 'ok-text' : 'error'} data-testid="signature-verdict">
          {VERDICT[verdict.status]} — {verdict.reason}
        </div>
      )}
      {error && <div role="alert" className="error">{error}</div>}
    </>
  );
}
