// Signing a document version: what the signature means (authored, reviewed, approved), the statement,
// and the password, typed now. The signature covers the version's text; it works offline.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { VERSION_SIGNATURE_MEANINGS } from '../../../shared/ipc/domains/signatures';
import type { VersionSignatureItem } from '../../../shared/ipc/domains/signatures';
import { Dialog } from '../common/Dialog';
import { titleCase } from '../lib/format';
import { call, describe } from '../ipc/client';

type Meaning = VersionSignatureItem['meaning'];

const STATEMENT: Record<Meaning, string> = {
  AUTHORED: 'I am the author of this version.',
  REVIEWED: 'I have reviewed this version.',
  APPROVED: 'I approve this version for release.',
};

export function SignVersionDialog({ versionId, label, onClose }: { versionId: string; label: string; onClose(): void }) {
  const [meaning, setMeaning] = useState<Meaning>('REVIEWED');
  const [statement, setStatement] = useState(STATEMENT.REVIEWED);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await call('signatures:signVersion', { versionId, meaning, statement, password });
      onClose();
    } catch (e) {
      setError(describe(e));
    }
  }

  return (
    <Dialog title={`Sign ${label}`} onClose={onClose} testId="sign-version-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <label>Meaning
          <select value={meaning} onChange={(e) => { const m = e.target.value as Meaning; setMeaning(m); setStatement(STATEMENT[m]); }}>
            {VERSION_SIGNATURE_MEANINGS.map((m) => <option key={m} value={m}>{titleCase(m)}</option>)}
          </select>
        </label>
        <label>Statement<input value={statement} required maxLength={500} onChange={(e) => setStatement(e.target.value)} /></label>
        <label>Your password (electronic signature)<input type="password" value={password} required autoComplete="current-password"
          onChange={(e) => setPassword(e.target.value)} /></label>
        <p className="muted">Signed on this device now, over this version&apos;s text; the server checks the signature when it syncs.</p>
        {error && <p role="alert" className="error" data-testid="sign-version-error">{error}</p>}
        <div className="actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" data-testid="submit-signature">Sign</button>
        </div>
      </form>
    </Dialog>
  );
}
