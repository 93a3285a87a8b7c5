// npm run bench (second part): how long the demo workspace takes to become usable, as the app runs it
// (the built workers out/main/*.js). Prints {"name", "value", "unit"} lines:
//   demo_first_start_s  fresh data folder → demo created, migrated, seeded, signed in, first sync done
//   demo_restart_s      the same data folder again (median of 3) → signed in with the replica open and synced
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { openDesktop } from '../src/main/desktop/desktop';
import type { Desktop } from '../src/main/desktop/desktop';
import { DEMO_USERS } from '../src/main/demo/demo-people';
import { memorySecrets } from '../test/support/desktop';
import { report } from './report';

const root = new URL('../', import.meta.url).pathname;
const built = (file: string) => join(root, 'out/main', file);
if (!existsSync(built('demo-central-worker.js'))) spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });


async function call<T>(desktop: Desktop, channel: string, input?: unknown): Promise<T> {
  const envelope = await desktop.dispatch(channel, input);
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.message}`);
  return envelope.value as T;
}

async function synced(desktop: Desktop): Promise<void> {
  for (;;) {
    const projects = await call<unknown[]>(desktop, 'projects:list').catch(() => []);
    const status = await call<{ lastSyncedAt: string | null }>(desktop, 'sync:status').catch(() => ({ lastSyncedAt: null }));
    if (projects.length === 2 && status.lastSyncedAt) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'bench-demo-'));
const secrets = memorySecrets();
const open = () => openDesktop({
  dataDir, secrets, identity: { name: 'ProManage', version: 'bench', platform: process.platform },
  replicaWorker: { url: built('replica-worker.js') },
  demo: { worker: { url: built('demo-central-worker.js') }, migrationsDir: join(root, 'migrations') },
});

const tester = DEMO_USERS.find((u) => u.key === 'tester')!;
let started = performance.now();
let desktop = await open();
await call(desktop, 'demo:open');
await call(desktop, 'demo:signIn', { email: tester.email, password: tester.password });
await synced(desktop);
report('demo_first_start_s', (performance.now() - started) / 1000, 's');
await desktop.close();

const restarts: number[] = [];
for (let i = 0; i < 3; i++) {
  started = performance.now();
  desktop = await open();
  await synced(desktop);
  restarts.push((performance.now() - started) / 1000);
  await desktop.close();
}
report('demo_restart_s', restarts.sort((a, b) => a - b)[1]!, 's');
process.exit(0);
