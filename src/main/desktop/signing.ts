// The moment of signing on the device: the password typed now is turned into the signing key of the
// user's current password epoch (central/signature.ts), or refused at once when it is not theirs.
import type { SignedInUser } from '../../shared/ipc/domains/session';
import { unlockSigningKey } from '../central/signature';
import { AppError } from '../ipc/router';
import type { DesktopSession } from './session';

export interface UnlockedKey {
  key: Buffer;
  epoch: number;
  user: SignedInUser;
}

/**
 * The key for `password`, to sign once and then zero (`key.fill(0)`). When the password does not match
 * the parameters this device has, it asks central once for the current epoch (the password may have
 * changed elsewhere) before refusing.
 */
export async function unlockForSigning(session: DesktopSession, password: string): Promise<UnlockedKey> {
  let material = await session.signingMaterial();
  if (!material) {
    throw new AppError({
      code: 'INVALID_STATE', message: 'This device cannot sign yet: it has no signing parameters for your password.',
      hint: 'Connect to the server once (or sign out and in again while online), then sign.',
    });
  }
  let key = await unlockSigningKey(password, material.parameters);
  if (!key) {
    material = await session.signingMaterial(true);
    key = material ? await unlockSigningKey(password, material.parameters) : null;
  }
  if (!key || !material) {
    throw new AppError({ code: 'INVALID_ARGUMENT', message: 'That is not your password — nothing was signed.', hint: 'Enter the password you sign in with.' });
  }
  return { key, epoch: material.parameters.epoch, user: material.user };
}

/**
 * Signs once with the key for `password` and zeroes the key, whatever happens. `wrongPassword` replaces
 * the refusal's message when the password is not the user's.
 */
export async function signWithPassword<T>(session: DesktopSession, password: string, sign: (unlocked: UnlockedKey) => T,
  wrongPassword?: string): Promise<T> {
  const unlocked = await unlockForSigning(session, password).catch((error: unknown) => {
    if (wrongPassword && error instanceof AppError && error.info.code === 'INVALID_ARGUMENT') {
      throw new AppError({ ...error.info, message: wrongPassword });
    }
    throw error;
  });
  try {
    return sign(unlocked);
  } finally {
    unlocked.key.fill(0);
  }
}
