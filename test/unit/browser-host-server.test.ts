// The browser host's HTTP and WebSocket sides, against a stand-in desktop and a small renderer folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { BridgedDesktop } from '../../src/main/browser-host/bridge-socket';
import type { HostMessage } from '../../src/main/browser-host/protocol';
import { startBrowserHost } from '../../src/main/browser-host/server';
import type { BrowserHost } from '../../src/main/browser-host/server';
import type { EventListener } from '../../src/main/desktop/desktop';

const INDEX = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="script-src 'self'" />
<script type="module" crossorigin src="./assets/app.js"></script></head><body></body></html>`;

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

function rendererDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'browser-host-renderer-'));
  folders.push(dir);
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("app");\n');
  writeFileSync(join(dir, 'assets', 'app.css'), 'body {}\n');
  return dir;
}

/** Records calls and answers each with an envelope echoing them; emits events on demand. */
function standInDesktop() {
  const calls: [unknown, unknown][] = [];
  const listeners = new Set<EventListener>();
  const desktop: BridgedDesktop = {
    async dispatch(channel, input) {
      calls.push([channel, input]);
      return { ok: true, value: { channel, input } };
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { desktop, calls, listeners };
}

/** A raw HTTP GET (fetch would normalise "..", and would not let us set Host). */
function get(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(url), { path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject).end();
  });
}

class BridgeClient {
  readonly messages: HostMessage[] = [];
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => this.messages.push(JSON.parse(data.toString()) as HostMessage));
  }

  static open(url: string, origin = new URL(url).origin): Promise<BridgeClient> {
    const socket = new WebSocket(`${url.replace('http:', 'ws:')}promanage-bridge`, { origin });
    return new Promise((resolve, reject) => socket.once('open', () => resolve(new BridgeClient(socket))).once('error', reject));
  }

  async next(predicate: (message: HostMessage) => boolean): Promise<HostMessage> {
    for (let i = 0; i < 200; i++) {
      const found = this.messages.find(predicate);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no such message among ${JSON.stringify(this.messages)}`);
  }

  closed(): Promise<number> {
    return new Promise((resolve) => this.socket.once('close', (code) => resolve(code)));
  }
}

describe('the browser host server', () => {
  const stand = standInDesktop();
  let host: BrowserHost;

  beforeAll(async () => {
    host = await startBrowserHost({ desktop: stand.desktop, rendererDir: rendererDir() });
  });
  afterAll(() => host.close());

  it('listens on 127.0.0.1', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves index.html with the bridge script put in, and the renderer files with their types', async () => {
    const index = await get(host.url, '/');
    expect(index).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(index.body).toContain('<script src="/promanage-bridge.js"></script>');
    expect(await get(host.url, '/assets/app.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', body: 'console.log("app");\n' });
    expect(await get(host.url, '/assets/app.css')).toMatchObject({ status: 200, type: 'text/css; charset=utf-8' });
    expect(await get(host.url, '/promanage-bridge.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect((await get(host.url, '/assets/missing.js')).status).toBe(404);
  });

  it('serves nothing outside the renderer folder', async () => {
    for (const path of ['/../../etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd', '/assets/%2e%2e/%2e%2e/x', '/%E0%A4%A']) {
      expect((await get(host.url, path)).status, path).toBe(404);
    }
  });

  it('answers only to its own address (no DNS rebinding)', async () => {
    expect((await get(host.url, '/', { host: `attacker.example:${new URL(host.url).port}` })).status).toBe(421);
  });

  it('bridges calls to the desktop and its events to the page, starting with app:ready', async () => {
    const client = await BridgeClient.open(host.url);
    await client.next((m) => m.type === 'event' && m.event === 'app:ready');
    client.socket.send(JSON.stringify({ type: 'invoke', id: 7, channel: 'app:echo', input: { text: 'hi' } }));
    client.socket.send(JSON.stringify({ type: 'invoke', id: 8, channel: 'app:info' }));
    expect(await client.next((m) => m.type === 'result' && m.id === 7)).toEqual({
      type: 'result', id: 7, envelope: { ok: true, value: { channel: 'app:echo', input: { text: 'hi' } } },
    });
    await client.next((m) => m.type === 'result' && m.id === 8);
    expect(stand.calls).toContainEqual(['app:info', undefined]);
    for (const listener of stand.listeners) listener('replica:changed', { tables: ['documents'] });
    expect(await client.next((m) => m.type === 'event' && m.event === 'replica:changed')).toEqual({
      type: 'event', event: 'replica:changed', payload: { tables: ['documents'] },
    });
    client.socket.close();
  });

  it('closes a socket that sends something other than a bridge message', async () => {
    const client = await BridgeClient.open(host.url);
    const closed = client.closed();
    client.socket.send('{"type":"invoke","id":"one"}');
    expect(await closed).toBe(1008);
  });

  it('refuses WebSockets from another origin', async () => {
    await expect(BridgeClient.open(host.url, 'http://attacker.example')).rejects.toThrow(/403/);
  });

  it('stops listening and drops its sockets on close', async () => {
    const other = await startBrowserHost({ desktop: stand.desktop, rendererDir: rendererDir() });
    const client = await BridgeClient.open(other.url);
    const closed = client.closed();
    const subscribed = stand.listeners.size;
    await other.close();
    await closed;
    await expect(get(other.url, '/')).rejects.toThrow(/ECONNREFUSED/);
    expect(stand.listeners.size).toBe(subscribed - 1);
  });
});
