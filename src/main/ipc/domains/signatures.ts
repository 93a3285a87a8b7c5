// signatures:signVersion — a document version signed (authored, reviewed, approved) with the key derived
// from the password typed now, offline too; signatures:verify — central's verdict on any signature.
import { uuidv7 } from '../../../shared/ids';
import type { SignatureVerification } from '../../../shared/ipc/domains/signatures';
import { inSession } from '../../central/auth';
import { contentSha256, signVersion } from '../../central/signature';
import type { DesktopSession } from '../../desktop/session';
import { signWithPassword } from '../../desktop/signing';
import type { ReplicaCall } from '../replica-call';
import { AppError } from '../router';
import type { Handlers } from '../router';

interface VerificationRow {
  valid: boolean; status: SignatureVerification['status']; reason: string; meaning: string | null; signer_name: string | null;
  signed_at: Date | null; received_at: Date | null; key_epoch: number | null;
}

export function signatureHandlers(session: DesktopSession, replica: ReplicaCall): Pick<Handlers, 'signatures:signVersion' | 'signatures:verify'> {
  return {
    'signatures:signVersion': async ({ versionId, meaning, statement, password }) => {
      const version = await replica('documentVersion', versionId);
      const document = await replica('documentGet', version.documentId);
      const id = uuidv7();
      const hash = contentSha256(version.content);
      const values = await signWithPassword(session, password, ({ key, epoch, user }) => {
        const signedAt = new Date().toISOString();
        return {
          document_id: document.id, document_version_id: version.id, meaning, statement, signer_name: user.fullName,
          signed_at: signedAt, content_sha256: hash, signature_epoch: epoch,
          signature: signVersion(key, {
            id, documentId: document.id, versionId: version.id, contentSha256: hash, meaning, signedAt,
            statement, signerId: user.id, signerName: user.fullName, epoch,
          }),
        };
      });
      return replica('create', 'documentSignature', document.projectId, values, id);
    },
    'signatures:verify': async ({ id }) => session.withCentral(async (conn, token) => {
      const { rows } = await inSession(conn, token, () => conn.query<VerificationRow>(
        'SELECT valid, status, reason, meaning, signer_name, signed_at, received_at, key_epoch FROM app.verify_signature($1)', [id]),
      { readOnly: true }).catch((error: unknown) => {
        if ((error as { code?: string }).code === 'PM404') {
          throw new AppError({ code: 'NOT_FOUND', message: 'The server has no such signature yet.', hint: 'A signature made on this device is verified once it has synced.' });
        }
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
