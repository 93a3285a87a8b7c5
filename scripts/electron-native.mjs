// better-sqlite3 is a native addon: node_modules holds the build for Node (tests, tools), and Electron
// needs one for its own ABI. For `npm start` we keep an Electron build beside it, in
// .electron-native/<electron version>/, and the app loads it through better-sqlite3's `nativeBinding`
// option (PROMANAGE_SQLITE_BINDING). Packaged apps get theirs from electron-builder's rebuild instead.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Path of better-sqlite3's binding built for this Electron, building it when missing; undefined on failure. */
export function electronSqliteBinding() {
  const electronVersion = require('electron/package.json').version;
  const target = join(root, '.electron-native', `${electronVersion}-${process.platform}-${process.arch}`, 'better_sqlite3.node');
  if (existsSync(target)) return target;
  console.log(`Building the SQLite module for Electron ${electronVersion} (first start)…`);
  const work = join(root, '.electron-native', 'work', 'better-sqlite3');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(dirname(work), { recursive: true });
  cpSync(dirname(require.resolve('better-sqlite3/package.json')), work, { recursive: true });
  rmSync(join(work, 'build'), { recursive: true, force: true });
  const env = { ...process.env, npm_config_runtime: 'electron', npm_config_target: electronVersion, npm_config_disturl: 'https://electronjs.org/headers' };
  // A prebuilt binary for Electron when one is published, else a compile against Electron's headers.
  const prebuilt = spawnSync(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime=electron', `--target=${electronVersion}`], { cwd: work, stdio: 'inherit', env });
  if (prebuilt.status !== 0) {
    const gyp = spawnSync('npx', ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'], { cwd: work, stdio: 'inherit', env });
    if (gyp.status !== 0) return undefined;
  }
  const built = join(work, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(built)) return undefined;
  mkdirSync(dirname(target), { recursive: true });
  cpSync(built, target);
  rmSync(dirname(work), { recursive: true, force: true });
  return target;
}
