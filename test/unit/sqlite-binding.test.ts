// `npm start` hands Electron a better-sqlite3 build for Electron's ABI through PROMANAGE_SQLITE_BINDING;
// the replica must load exactly that file (and fail loudly when it is wrong).
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReplicaStore } from '../../src/main/replica/replica-store';

const require = createRequire(import.meta.url);
const nodeBinding = join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
const replicaPath = () => join(mkdtempSync(join(tmpdir(), 'binding-')), 'replica.db');

describe('the SQLite native binding', () => {
  afterEach(() => {
    delete process.env.PROMANAGE_SQLITE_BINDING;
  });

  it('loads the binding PROMANAGE_SQLITE_BINDING names', () => {
    process.env.PROMANAGE_SQLITE_BINDING = nodeBinding;
    const store = new ReplicaStore(replicaPath());
    expect(store.clientId).toMatch(/^[0-9a-f-]{36}$/);
    store.close();
  });

  it('refuses to start on a binding that is not there, naming it', () => {
    process.env.PROMANAGE_SQLITE_BINDING = '/nowhere/better_sqlite3.node';
    expect(() => new ReplicaStore(replicaPath())).toThrow(/nowhere/);
  });
});
