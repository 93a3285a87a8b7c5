// npm run dist [-- electron-builder options]: build with electron-vite, package with electron-builder
// (configuration: electron-builder.yml), then give better-sqlite3 back to Node.
//
// electron-builder rebuilds native modules in place, in ./node_modules, for Electron's ABI; after that
// Node (tests, tools, the browser host) can no longer load better-sqlite3. So once packaging is over,
// whether it succeeded or not, we check that Node loads it and rebuild it for Node when it does not.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function run(script, args) {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', script), ...args], { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

function nodeLoadsBetterSqlite3() {
  const probe = "const Database = require('better-sqlite3'); new Database(':memory:').close();";
  return spawnSync(process.execPath, ['-e', probe], { cwd: root, stdio: 'ignore' }).status === 0;
}

const built = run('electron-vite/bin/electron-vite.js', ['build']);
if (built !== 0) process.exit(built);

const packaged = run('electron-builder/cli.js', process.argv.slice(2));

if (!nodeLoadsBetterSqlite3()) {
  console.log('Rebuilding better-sqlite3 for Node (electron-builder rebuilt it for Electron)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const rebuilt = spawnSync(npm, ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (rebuilt.status !== 0 || !nodeLoadsBetterSqlite3()) {
    console.error('better-sqlite3 is still built for Electron: run "npm rebuild better-sqlite3" before running tests.');
  }
}

if (packaged === 0) console.log(`Packages are in ${join(root, 'dist')}`);
process.exit(packaged);
