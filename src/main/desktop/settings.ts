// The app's settings file (<data dir>/settings.json): where central is and who last signed in.
// Secrets (session token, the database role's password) live in the SecretStore, never here.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConnectionSettings, SignedInUser } from '../../shared/ipc/domains/session';
import type { SigningMaterial } from '../central/signing-material';

export interface Settings {
  /** Where the last sign-in went: a server, or the demo workspace on this computer. */
  mode?: 'server' | 'demo';
  connection?: Omit<ConnectionSettings, 'password'>;
  organization?: string;
  email?: string;
  /** The signed-in user (shown offline before the replica has synced). */
  user?: SignedInUser;
  window?: { x?: number; y?: number; width: number; height: number; maximized: boolean };
}

export class SettingsFile {
  private readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'settings.json');
  }

  read(): Settings {
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as Settings;
    } catch {
      return {};
    }
  }

  /** Merges `changes` in and writes atomically (a crash never leaves half a file). */
  update(changes: Partial<Settings>): Settings {
    const next = { ...this.read(), ...changes };
    for (const key of Object.keys(next) as (keyof Settings)[]) if (next[key] === undefined) delete next[key];
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(`${this.path}.tmp`, JSON.stringify(next, null, 2));
    renameSync(`${this.path}.tmp`, this.path);
    return next;
  }
}

/** What the SecretStore holds, as one JSON value. */
export interface Secrets {
  token: string;
  /** The database role's password from the connection settings. */
  databasePassword: string;
  /** For electronic signatures made offline (central/signature.ts); fetched at sign-in. */
  signing?: SigningMaterial | null;
}
