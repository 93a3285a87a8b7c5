// Electronic signatures beyond decisions (which changeRequests:decide makes): signing a document
// version, and asking central to verify any signature again.
import { z } from 'zod';

const id = z.uuid({ error: 'must be an id (UUID)' });

/** What central's app.verify_signature answers about a signature, at any time. */
export interface SignatureVerification {
  valid: boolean;
  /** VALID, INVALID, LEGACY (session-bound, cannot be verified again) or UNSIGNED. */
  status: 'VALID' | 'INVALID' | 'LEGACY' | 'UNSIGNED';
  reason: string;
  meaning: string | null;
  signerName: string | null;
  signedAt: string | null;
  receivedAt: string | null;
  keyEpoch: number | null;
}

export const VERSION_SIGNATURE_MEANINGS = ['AUTHORED', 'REVIEWED', 'APPROVED'] as const;

/** A signature of a document version, as the replica holds it (the manifest's fields). */
export interface VersionSignatureItem {
  id: string;
  meaning: (typeof VERSION_SIGNATURE_MEANINGS)[number];
  statement: string;
  signerName: string;
  signedAt: string;
  /** Central's time of receipt (null while queued on this device). */
  receivedAt: string | null;
  pending: boolean;
}

export const signatureChannels = {
  /**
   * Signs a document version with a stated meaning: the password is typed, the key derived from it on
   * the device at that moment; the signature covers the version's text. Works offline; central checks it at sync.
   */
  'signatures:signVersion': {
    input: z.object({
      versionId: id,
      meaning: z.enum(VERSION_SIGNATURE_MEANINGS),
      statement: z.string().trim().min(1, 'Say what your signature means.').max(500),
      password: z.string().min(1, 'Enter your password to sign.').max(1000),
    }).strict(),
    output: z.custom<{ id: string }>(),
  },
  /** Asks central (online) to verify a signature (a decision's or a version's) now: valid or not, with the reason. */
  'signatures:verify': {
    input: z.object({ id }).strict(),
    output: z.custom<SignatureVerification>(),
  },
} as const;
