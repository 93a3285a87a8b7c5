// Packaging, checked without Electron's binary (these machines cannot download it): the
// electron-builder configuration as electron-builder itself loads and validates it, the icons, the
// asarUnpack patterns against the files really in node_modules, and a real electron-builder run (Linux
// "dir" target) that packs the built app around a stand-in for Electron, without rebuilding native
// modules. What electron-build.test.ts checks in the built files (preload, CSP) is not repeated here.
import { listPackage, extractFile } from '@electron/asar';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration, TargetConfiguration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, inflateSync } from 'node:zlib';
import { minimatch } from 'minimatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; productName: string; version: string; main: string; scripts: Record<string, string> };

/** Files under `dir`, as paths relative to ROOT with forward slashes. */
function filesUnder(dir: string): string[] {
  const absolute = join(ROOT, dir);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

function requireBuilt(): void {
  if (!existsSync(join(ROOT, 'out/main/index.js'))) {
    throw new Error('out/ is missing: run "npm run build" before the unit tests (npm test does).');
  }
}

let config: Configuration;
beforeAll(async () => {
  // electron-builder's own loader (electron-builder.yml merged with package.json "build") and schema.
  config = await getConfig(ROOT, null, null);
  await validateConfiguration(config, new DebugLogger(false));
});

function targets(platform: 'linux' | 'win' | 'mac'): string[] {
  const target = config[platform]?.target;
  const list = (Array.isArray(target) ? target : [target]) as Array<string | TargetConfiguration | null | undefined>;
  return list.map((t) => (typeof t === 'string' ? t : t?.target ?? ''));
}

function fileFilters(): string[] {
  const files = (Array.isArray(config.files) ? config.files : [config.files]) as Array<string | { filter?: string | string[] } | null>;
  return files.flatMap((f) => (typeof f === 'string' ? [f] : [f?.filter ?? []].flat()));
}

describe('electron-builder configuration', () => {
  it('is valid for electron-builder and takes the product name and version from package.json', () => {
    expect(config.appId).toBe('com.promanage.desktop');
    expect(config.productName).toBeUndefined();
    expect(config.extraMetadata).toBeUndefined();
    expect(pkg.productName).toBe('ProManage Desktop');
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(config.directories).toMatchObject({ buildResources: 'resources', output: 'dist' });
  });

  it('builds AppImage and deb for Linux, NSIS for Windows and dmg for macOS', () => {
    expect(targets('linux').sort()).toEqual(['AppImage', 'deb']);
    expect(config.linux).toMatchObject({ category: 'Office', maintainer: expect.stringMatching(/^.+ <.+@.+>$/) });
    expect(targets('win')).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ oneClick: false, deleteAppDataOnUninstall: false });
    expect(targets('mac')).toEqual(['dmg']);
    expect(config.mac).toMatchObject({ category: 'public.app-category.productivity' });
  });

  it('packs the built app, package.json and the migrations, and no sources, tests or docs', () => {
    const include = fileFilters().filter((pattern) => !pattern.startsWith('!'));
    expect(include.sort()).toEqual(['migrations/*.sql', 'out/**', 'package.json']);
    const candidates = ['out/main/index.js', 'package.json', 'migrations/0001_roles_and_schemas.up.sql', 'src/main/index.ts',
      'test/unit/packaging.test.ts', 'docs/desktop.md', 'electron.vite.config.ts', 'scripts/dist.mjs', 'resources/icon.png'];
    const packed = candidates.filter((path) => include.some((pattern) => minimatch(path, pattern, { dot: true })));
    expect(packed).toEqual(['out/main/index.js', 'package.json', 'migrations/0001_roles_and_schemas.up.sql']);
  });

  it('rebuilds native modules for Electron before packaging', () => {
    expect(config).toMatchObject({ npmRebuild: true, nodeGypRebuild: false, buildDependenciesFromSource: false });
    expect(pkg.scripts).toMatchObject({
      dist: 'node scripts/dist.mjs', 'dist:linux': 'node scripts/dist.mjs --linux', 'dist:win': 'node scripts/dist.mjs --win', 'dist:mac': 'node scripts/dist.mjs --mac',
    });
  });

  it('unpacks better-sqlite3\'s addon and PGlite\'s WebAssembly, data and extension files that really exist', () => {
    const unpack = [config.asarUnpack ?? []].flat();
    const unpacked = (path: string) => unpack.some((pattern) => minimatch(path, pattern, { dot: true }));

    const addons = filesUnder('node_modules/better-sqlite3').filter((path) => path.endsWith('.node'));
    expect(addons).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(addons.filter(unpacked)).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');

    const pglite = filesUnder('node_modules/@electric-sql/pglite/dist').filter((path) => /\.(wasm|data|tar\.gz)$/.test(path));
    const names = pglite.map((path) => path.slice(path.lastIndexOf('/') + 1));
    expect(names).toEqual(expect.arrayContaining(['pglite.wasm', 'pglite.data', 'initdb.wasm', 'pgcrypto.tar.gz']));
    // Every binary PGlite loads at run time (its own and the extension bundles) stays outside app.asar.
    expect(pglite.filter((path) => !unpacked(path))).toEqual([]);
  });
});

// ── icons ─────────────────────────────────────────────────────────────────────────────────────────

/** Checks a PNG's signature, every chunk's CRC and the size of its pixel data; returns its header. */
function readPng(data: Buffer): { width: number; height: number; bitDepth: number; colorType: number } {
  expect(data.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const chunks: Array<{ type: string; body: Buffer }> = [];
  for (let at = 8; at < data.length;) {
    const length = data.readUInt32BE(at);
    const type = data.toString('ascii', at + 4, at + 8);
    const body = data.subarray(at + 8, at + 8 + length);
    expect(data.readUInt32BE(at + 8 + length), `CRC of ${type}`).toBe(crc32(data.subarray(at + 4, at + 8 + length)));
    chunks.push({ type, body });
    at += 12 + length;
  }
  expect(chunks[0]?.type).toBe('IHDR');
  expect(chunks.at(-1)?.type).toBe('IEND');
  const header = chunks[0]!.body;
  const png = { width: header.readUInt32BE(0), height: header.readUInt32BE(4), bitDepth: header[8]!, colorType: header[9]! };
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[png.colorType] ?? 1;
  const pixels = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.body)));
  expect(header[12], 'not interlaced').toBe(0);
  expect(pixels.length).toBe(png.height * (1 + Math.ceil((png.width * channels * png.bitDepth) / 8)));
  return png;
}

describe('icons in resources/', () => {
  const resource = (name: string) => readFileSync(join(ROOT, 'resources', name));

  it('the configured icon files exist', () => {
    expect([config.linux?.icon, config.win?.icon, config.mac?.icon]).toEqual(['icon.png', 'icon.ico', 'icon.icns']);
    for (const name of ['icon.png', 'icon.ico', 'icon.icns']) expect(existsSync(join(ROOT, 'resources', name)), name).toBe(true);
  });

  it('icon.png is a valid 1024×1024 RGBA PNG', () => {
    expect(readPng(resource('icon.png'))).toEqual({ width: 1024, height: 1024, bitDepth: 8, colorType: 6 });
  });

  it('icon.ico holds valid PNG images from 16 up to 256 px', () => {
    const ico = resource('icon.ico');
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
      const entry = 6 + 16 * i;
      const size = ico[entry] || 256;
      const image = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8));
      expect(readPng(image)).toMatchObject({ width: size, height: size });
      return size;
    });
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });

  it('icon.icns holds valid PNG images up to 1024 px', () => {
    const icns = resource('icon.icns');
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const elements = new Map<string, number>();
    for (let at = 8; at < icns.length;) {
      const type = icns.toString('ascii', at, at + 4);
      const length = icns.readUInt32BE(at + 4);
      elements.set(type, readPng(icns.subarray(at + 8, at + length)).width);
      at += length;
    }
    expect(Object.fromEntries(elements)).toMatchObject({ ic07: 128, ic08: 256, ic09: 512, ic10: 1024 });
  });
});

// ── the build and a real packing run ──────────────────────────────────────────────────────────────

describe('electron-vite build output', () => {
  it('has every entry the packaged app starts from, and package.json "main" points at the built main', () => {
    requireBuilt();
    for (const path of ['out/main/index.js', 'out/main/replica-worker.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
      expect(existsSync(join(ROOT, path)), path).toBe(true);
    }
    expect(pkg.main).toBe('out/main/index.js');
  });

  it('every worker main starts by file name is built next to it', () => {
    requireBuilt();
    const main = readFileSync(join(ROOT, 'out/main/index.js'), 'utf8');
    const workers = [...main.matchAll(/join\(__dirname, "([\w.-]+\.js)"\)/g)].map((m) => m[1]!);
    expect(workers).toContain('replica-worker.js');
    for (const worker of workers) expect(existsSync(join(ROOT, 'out/main', worker)), worker).toBe(true);
  });
});

describe('electron-builder packs the app (Linux dir target, a stand-in for Electron, no native rebuild)', () => {
  let work: string;
  let resources: string;
  let asarFiles: string[];

  beforeAll(() => {
    requireBuilt();
    work = mkdtempSync(join(tmpdir(), 'promanage-pack-'));
    // electronDist: an unpacked "Electron" electron-builder copies instead of downloading one.
    const electron = join(work, 'electron');
    mkdirSync(join(electron, 'resources'), { recursive: true });
    writeFileSync(join(electron, 'electron'), '#!/bin/sh\necho "a stand-in for Electron"\n');
    chmodSync(join(electron, 'electron'), 0o755);
    writeFileSync(join(electron, 'LICENSE'), '');
    const run = spawnSync(process.execPath, [
      join(ROOT, 'node_modules/electron-builder/cli.js'), '--linux', 'dir', '--projectDir', ROOT,
      `-c.electronDist=${electron}`, '-c.npmRebuild=false', `-c.directories.output=${join(work, 'dist')}`,
    ], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' }, timeout: 170_000 });
    if (run.status !== 0) throw new Error(`electron-builder failed (${run.status ?? run.signal}):\n${run.stdout}\n${run.stderr}`);
    resources = join(work, 'dist/linux-unpacked/resources');
    asarFiles = listPackage(join(resources, 'app.asar'), { isPack: false }).map((path) => path.split(sep).join('/'));
  }, 180_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('app.asar holds every built file, package.json and the migrations', () => {
    const built = filesUnder('out').map((path) => `/${path}`);
    expect(built.length).toBeGreaterThan(4);
    expect(asarFiles).toEqual(expect.arrayContaining([...built, '/package.json', '/migrations/0001_roles_and_schemas.up.sql', '/migrations/0001_roles_and_schemas.down.sql']));
    const packed = JSON.parse(extractFile(join(resources, 'app.asar'), 'package.json').toString('utf8')) as { main: string; version: string };
    expect(packed).toMatchObject({ main: 'out/main/index.js', version: pkg.version });
  });

  it('and no sources, tests, docs or build configuration', () => {
    const top = new Set(asarFiles.map((path) => path.split('/')[1]));
    expect([...top].sort()).toEqual(['migrations', 'node_modules', 'out', 'package.json']);
  });

  it('ships the run-time dependencies main loads from node_modules', () => {
    for (const name of ['better-sqlite3', 'pg', '@electric-sql/pglite', 'yjs', 'zod', 'pdfkit', 'docx', 'exceljs', 'csv-parse']) {
      expect(asarFiles, name).toContain(`/node_modules/${name}/package.json`);
    }
    expect(asarFiles.filter((path) => /better-sqlite3\/(deps|src)\/|test_extension\.node|sqlite3\.a$/.test(path))).toEqual([]);
  });

  it('better-sqlite3\'s addon and PGlite\'s binaries are unpacked next to app.asar', () => {
    const unpacked = join(resources, 'app.asar.unpacked/node_modules');
    expect(statSync(join(unpacked, 'better-sqlite3/build/Release/better_sqlite3.node')).size).toBeGreaterThan(0);
    for (const name of ['pglite.wasm', 'pglite.data', 'initdb.wasm', 'pgcrypto.tar.gz']) {
      expect(statSync(join(unpacked, '@electric-sql/pglite/dist', name)).size, name)
        .toBe(statSync(join(ROOT, 'node_modules/@electric-sql/pglite/dist', name)).size);
    }
  });
});
