// npm start: build the app and run it in Electron. Electron's binary is fetched on first start (npm
// install does not run Electron's download script); without network access that fails with a message.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { electronSqliteBinding } from './electron-native.mjs';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    return require('electron');
  } catch {
    return undefined;
  }
}

const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let binary = electronBinary();
if (!binary) {
  console.log("Fetching Electron's binary (first start)…");
  spawnSync(process.execPath, [require.resolve('electron/install.js')], { stdio: 'inherit' });
  binary = electronBinary();
}
if (!binary) {
  console.error(
    "Electron's binary is not installed and could not be downloaded (is this machine offline?).\n" +
      'Connect to the internet and run "npm start" again. Everything but the Electron shell is tested without it: "npm test".',
  );
  process.exit(1);
}
const binding = electronSqliteBinding();
if (!binding) {
  console.error('The SQLite module could not be built for Electron (this needs the internet once). Run "npm start" again when online.');
  process.exit(1);
}
const child = spawn(binary, ['.'], { stdio: 'inherit', env: { ...process.env, PROMANAGE_SQLITE_BINDING: binding } });
child.on('exit', (code) => process.exit(code ?? 0));
