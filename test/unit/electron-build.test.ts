// What only a real Electron would reveal, checked without it: the built preload is one CommonJS file
// (a sandboxed preload cannot load ESM), main points at it, the window is locked down.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from '../../src/main/window/web-preferences';

const OUT = new URL('../../out/', import.meta.url);

function built(path: string): string {
  const url = new URL(path, OUT);
  if (!existsSync(url)) throw new Error(`${path} is missing: run "npm run build" before the unit tests (npm test does).`);
  return readFileSync(url, 'utf8');
}

describe('electron-vite build output', () => {
  it('the preload is CommonJS with no import or export statements and no other requires than electron', () => {
    const preload = built('preload/index.cjs');
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    expect(preload).not.toMatch(/\bimport\s*\(/);
    expect([...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld("promanage"');
  });

  it('main loads that preload file and the built renderer', () => {
    const main = built('main/index.js');
    expect(main).toContain('../preload/index.cjs');
    expect(main).toContain('../renderer/index.html');
    expect(main).not.toMatch(/nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false/);
  });

  it('the renderer page carries a Content-Security-Policy without remote script sources', () => {
    const html = built('renderer/index.html');
    const csp = /Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval|https?:/);
  });
});

describe('window security settings', () => {
  it('isolate the renderer', () => {
    expect(secureWebPreferences('/p/index.cjs')).toMatchObject({
      preload: '/p/index.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true,
    });
  });
});
