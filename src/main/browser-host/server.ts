// The browser host: serves the built renderer on 127.0.0.1 and bridges window.promanage to the
// desktop over a WebSocket, so Chromium can run the app without Electron (tests; architecture.md §8).
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { bridgeScript } from './bridge-script';
import { serveBridge } from './bridge-socket';
import type { BridgedDesktop } from './bridge-socket';
import { BRIDGE_PATH, BRIDGE_SCRIPT_PATH } from './protocol';
import { sendText, serveRenderer } from './static-files';

export interface BrowserHostOptions {
  /** What the host needs of the desktop: its dispatch and its events (the caller closes it). */
  desktop: BridgedDesktop;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 or absent: any free port. */
  port?: number;
}

export interface BrowserHost {
  /** The app's page, e.g. http://127.0.0.1:41234/ */
  url: string;
  close(): Promise<void>;
}

const TEXT = 'text/plain; charset=utf-8';

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const script = bridgeScript();
  const sockets = new WebSocketServer({ noServer: true });
  let origin = '';
  let host = '';

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const head = req.method === 'HEAD';
    // Only our own address: a page that rebinds some DNS name to 127.0.0.1 gets nothing.
    if (req.headers.host !== host) return sendText(res, 421, TEXT, `This host answers only as ${host}.\n`, head);
    if (req.method !== 'GET' && !head) return sendText(res, 405, TEXT, 'Only GET and HEAD.\n');
    const { pathname } = new URL(req.url ?? '/', origin);
    if (pathname === BRIDGE_SCRIPT_PATH) return sendText(res, 200, 'text/javascript; charset=utf-8', script, head);
    await serveRenderer(res, options.rendererDir, pathname, head);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(`browser host: ${req.method} ${req.url} failed`, error);
      if (!res.headersSent) sendText(res, 500, TEXT, `The browser host failed: ${String(error)}\n`);
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', (error) => console.error('browser host: upgrade socket failed', error));
    const refuse = (status: string, why: string) => {
      console.error(`browser host: refused a WebSocket (${why})`);
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${why}\n`);
    };
    if (new URL(req.url ?? '/', origin).pathname !== BRIDGE_PATH) return refuse('404 Not Found', `no WebSocket at ${req.url}`);
    if (req.headers.origin !== origin) return refuse('403 Forbidden', `origin ${req.headers.origin ?? '(none)'} is not ${origin}`);
    sockets.handleUpgrade(req, socket, head, (ws) => serveBridge(ws, options.desktop));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  origin = `http://${host}`;

  return {
    url: `${origin}/`,
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
