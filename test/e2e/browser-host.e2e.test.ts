// The browser host itself (whatever PROMANAGE_E2E_TARGET says): who may open its bridge, and what
// the page sees while the host is down.
import WebSocket from 'ws';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchBrowserApp } from './support/app';
import type { BrowserApp } from './support/app';
import { invoke, invokeUnchecked } from './support/bridge';

/** 'open', or the HTTP status the host refused the upgrade with. */
function openSocket(url: URL, origin: string): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { origin });
    socket.on('open', () => {
      socket.close();
      resolve('open');
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
    });
    socket.on('error', reject);
  });
}

describe('the browser host', () => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await launchBrowserApp({ name: 'browser-host' });
  });

  it('accepts a bridge WebSocket only from its own origin', async () => {
    const bridge = new URL('/promanage-bridge', app.url);
    bridge.protocol = 'ws:';
    expect(await openSocket(bridge, 'http://attacker.example')).toBe(403);
    expect(await openSocket(bridge, `http://localhost:${bridge.port}`)).toBe(403);
    expect(await openSocket(bridge, new URL(app.url).origin)).toBe('open');
  });

  it('fails calls with HOST_UNAVAILABLE while the host is down instead of leaving them hanging', async () => {
    expect(await invoke(app.page, 'app:echo', { text: 'up' })).toEqual({ ok: true, value: { text: 'up' } });
    await app.kill();
    expect(await invokeUnchecked(app.page, 'app:echo', { text: 'down' })).toMatchObject({
      ok: false,
      error: { code: 'HOST_UNAVAILABLE' },
    });
    await app.restart();
    expect(await invoke(app.page, 'app:echo', { text: 'up again' })).toEqual({ ok: true, value: { text: 'up again' } });
  });
});
