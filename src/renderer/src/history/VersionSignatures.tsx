// A version's electronic signatures (meaning, statement, printed name, device and receipt times, each
// verifiable with the server) and "Sign…".
import { useState } from 'react';
import type { VersionListItem } from '../../../shared/ipc/domains/documents';
import { formatDateTime, titleCase } from '../lib/format';
import { SignVersionDialog } from '../signatures/SignVersionDialog';
import { VerifySignature } from '../signatures/VerifySignature';

export function VersionSignatures({ version }: { version: VersionListItem }) {
  const [signing, setSigning] = useState(false);
  const label = version.number ? `version ${version.number}` : 'the new version';
  return (
    <>
      {version.signatures.length > 0 && (
        <ul className="signatures" data-testid="version-signatures">
          {version.signatures.map((s) => (
            <li key={s.id} data-testid="version-signature">
              <strong>{titleCase(s.meaning)}</strong> by {s.signerName}: “{s.statement}” · signed on the device at {formatDateTime(s.signedAt)}
              {s.receivedAt ? ` · received by the server at ${formatDateTime(s.receivedAt)}` : ''}
              {s.pending ? <span className="badge unsynced">Not yet synced</span> : <VerifySignature id={s.id} />}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="link" onClick={() => setSigning(true)}>Sign…</button>
      {signing && <SignVersionDialog versionId={version.id} label={label} onClose={() => setSigning(false)} />}
    </>
  );
}
