// The session secrets, encrypted with the OS keychain (Electron safeStorage) in <data dir>/session.bin.
import { safeStorage } from 'electron';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretStore } from '../desktop/session';

export function safeStorageSecrets(dataDir: string): SecretStore {
  const path = join(dataDir, 'session.bin');
  return {
    read() {
      if (!existsSync(path) || !safeStorage.isEncryptionAvailable()) return undefined;
      try {
        return safeStorage.decryptString(readFileSync(path));
      } catch {
        return undefined;
      }
    },
    write(secret) {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new Error('The OS keychain is not available, so the session cannot be stored securely.');
      }
      writeFileSync(path, safeStorage.encryptString(secret), { mode: 0o600 });
    },
    clear() {
      rmSync(path, { force: true });
    },
  };
}
