// TEST ONLY: a SecretStore that keeps the session token in PLAINTEXT in a file of the data folder.
// The app keeps it in the OS keychain (Electron safeStorage); the browser host, which runs only for
// tests and development, has no keychain. Never use this for real credentials.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { SecretStore } from '../desktop/desktop';

export function plaintextFileSecretStore(path: string): SecretStore {
  return {
    read() {
      try {
        return readFileSync(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    write(secret) {
      writeFileSync(path, secret, { mode: 0o600 });
    },
    clear() {
      rmSync(path, { force: true });
    },
  };
}
