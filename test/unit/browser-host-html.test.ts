// The page the browser host serves: the built renderer has no inline script (its CSP allows only
// 'self' scripts), and the host's version adds the bridge as a same-origin file and keeps the CSP.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bridgeScript } from '../../src/main/browser-host/bridge-script';
import { BRIDGE_SCRIPT_TAG, injectBridge } from '../../src/main/browser-host/inject-bridge';
import { BRIDGE_PATH } from '../../src/main/browser-host/protocol';

function builtIndex(): string {
  const url = new URL('../../out/renderer/index.html', import.meta.url);
  if (!existsSync(url)) throw new Error('out/renderer/index.html is missing: run "npm run build" before the unit tests (npm test does).');
  return readFileSync(url, 'utf8');
}

const csp = (html: string) => /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
const scripts = (html: string) => [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].map(([, attributes, body]) => ({ attributes, body }));

function expectNoInlineScript(html: string): void {
  for (const { attributes, body } of scripts(html)) {
    expect(attributes).toMatch(/\bsrc=/);
    expect(body?.trim()).toBe('');
  }
  expect(html).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/javascript:/i);
}

describe('the renderer page under the browser host', () => {
  it('the built index.html has no inline script', () => {
    const html = builtIndex();
    expect(scripts(html).length).toBeGreaterThan(0);
    expectNoInlineScript(html);
  });

  it('the injected page keeps the CSP and loads the bridge file before the app', () => {
    const html = builtIndex();
    const injected = injectBridge(html);
    expect(csp(injected)).toBeDefined();
    expect(csp(injected)).toBe(csp(html));
    expectNoInlineScript(injected);
    expect(injected.indexOf(BRIDGE_SCRIPT_TAG)).toBeGreaterThan(injected.indexOf('Content-Security-Policy'));
    expect(injected.indexOf(BRIDGE_SCRIPT_TAG)).toBeLessThan(injected.search(/<script[^>]*type="module"/));
    expect(injected.replace(`${BRIDGE_SCRIPT_TAG}\n    `, '')).toBe(html);
  });

  it('refuses a page without the app module script rather than serving it without a bridge', () => {
    expect(() => injectBridge('<html><head></head><body></body></html>')).toThrow(/no module script/);
  });

  it('the bridge script is a classic script that defines window.promanage', () => {
    const script = bridgeScript();
    expect(script).not.toMatch(/^\s*(import|export)\b/m);
    expect(script).toContain("defineProperty(window, 'promanage'");
    // The shim spells out the endpoint (it imports nothing): it must match the host's.
    expect(script).toContain('${location.host}' + BRIDGE_PATH + '`');
  });
});
