// Runs the desktop under the browser host, for end-to-end tests and development without Electron:
//   npx tsx src/main/browser-host/cli.ts --data-dir <dir> [--port N]
// Prints "PROMANAGE_BROWSER_HOST_URL=<url>" once serving; SIGTERM or SIGINT closes it and exits 0.
// Needs the build ("npm run build"): it serves out/renderer and runs out/main/replica-worker.js.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDesktop } from '../desktop/desktop';
import { plaintextFileSecretStore } from './file-secret-store';
import { startBrowserHost } from './server';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function built(path: string): string {
  const absolute = join(ROOT, path);
  if (!existsSync(absolute)) throw new Error(`${path} is missing: run "npm run build" first.`);
  return absolute;
}

function options(): { dataDir: string; port: number } {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, port: { type: 'string' } }, strict: true });
  const dataDir = values['data-dir'];
  if (!dataDir) throw new Error('Usage: cli.ts --data-dir <dir> [--port N]');
  const port = Number(values.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number, not "${values.port}".`);
  return { dataDir: resolve(dataDir), port };
}

async function main(): Promise<void> {
  const { dataDir, port } = options();
  mkdirSync(dataDir, { recursive: true });
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const rendererDir = join(built('out/renderer/index.html'), '..');
  const desktop = await openDesktop({
    dataDir,
    replicaWorker: { url: built('out/main/replica-worker.js') },
    demo: { worker: { url: built('out/main/demo-central-worker.js') }, migrationsDir: join(ROOT, 'migrations') },
    secrets: plaintextFileSecretStore(join(dataDir, 'browser-host-session.txt')),
    identity: { name: 'ProManage', version, platform: process.platform },
  });
  const host = await startBrowserHost({ desktop, rendererDir, port });
  process.stdout.write(`PROMANAGE_BROWSER_HOST_URL=${host.url}\n`);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.error(`browser host: ${signal}, closing`);
    let failed = false;
    // The host first, so that no call reaches a closing desktop.
    for (const [what, close] of [['host', () => host.close()], ['desktop', () => desktop.close()]] as const) {
      await close().catch((error: unknown) => {
        failed = true;
        console.error(`browser host: closing the ${what} failed`, error);
      });
    }
    process.exit(failed ? 1 : 0);
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
}

process.on('unhandledRejection', (reason) => {
  console.error('browser host: unhandled rejection', reason);
  process.exit(1);
});
main().catch((error: unknown) => {
  console.error('browser host: could not start', error);
  process.exit(1);
});
