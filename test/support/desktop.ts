// The desktop core (what Electron's main and the browser host run) for integration tests: a data
// folder, an in-memory secret store, and the replica host worker run from TypeScript under tsx.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDesktop } from '../../src/main/desktop/desktop';
import type { Desktop, SecretStore } from '../../src/main/desktop/desktop';
import type { ConnectionSettings } from '../../src/shared/ipc/domains/session';

export const TS_WORKER = {
  url: new URL('./ts-worker.mjs', import.meta.url),
  argv: [new URL('../../src/main/replica-host/replica-worker.ts', import.meta.url).href],
};

export const DEMO_TS_WORKER = {
  url: new URL('./ts-worker.mjs', import.meta.url),
  argv: [new URL('../../src/main/demo/demo-central-worker.ts', import.meta.url).href],
};
export const MIGRATIONS_DIR = new URL('../../migrations', import.meta.url).pathname;

export function memorySecrets(): SecretStore & { value: string | undefined } {
  const store = {
    value: undefined as string | undefined,
    read: () => store.value,
    write: (secret: string) => { store.value = secret; },
    clear: () => { store.value = undefined; },
  };
  return store;
}

export function connectionFor(url: string): ConnectionSettings {
  const parsed = new URL(url);
  return {
    host: parsed.hostname, port: Number(parsed.port || 5432), database: parsed.pathname.slice(1), sslMode: 'disable',
    user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password),
  };
}

export async function openTestDesktop(options: { dataDir?: string; secrets?: SecretStore } = {}): Promise<Desktop & { dataDir: string; secrets: SecretStore }> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'desktop-'));
  const secrets = options.secrets ?? memorySecrets();
  const desktop = await openDesktop({
    dataDir, secrets, replicaWorker: TS_WORKER, identity: { name: 'ProManage', version: 'test', platform: process.platform }, pollIntervalMs: 500,
    demo: { worker: DEMO_TS_WORKER, migrationsDir: MIGRATIONS_DIR },
  });
  return Object.assign(desktop, { dataDir, secrets });
}

/** dispatch() that throws on an error envelope (for the steps a test is not about). */
export async function ok<T = unknown>(desktop: Desktop, channel: string, input?: unknown): Promise<T> {
  const envelope = await desktop.dispatch(channel, input);
  if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.value as T;
}
