// The built renderer over HTTP: files from its folder with their content types, and index.html with
// the bridge script put in.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { injectBridge } from './inject-bridge';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

const COMMON_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

export function sendText(res: ServerResponse, status: number, type: string, body: string, head = false): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

/** The file under `root` a URL path names, or undefined when it points outside (or cannot be decoded). */
function fileFor(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const file = resolve(root, `.${decoded === '/' ? '/index.html' : decoded}`);
  return file.startsWith(root + sep) && !decoded.includes('\0') ? file : undefined;
}

export async function serveRenderer(res: ServerResponse, rendererDir: string, pathname: string, head: boolean): Promise<void> {
  const root = resolve(rendererDir);
  const file = fileFor(root, pathname);
  const info = file ? await stat(file).catch(() => undefined) : undefined;
  if (!file || !info?.isFile()) {
    // Browsers ask for a favicon the app does not have (Electron never does).
    if (pathname === '/favicon.ico') return sendText(res, 204, 'image/x-icon', '', head);
    sendText(res, 404, 'text/plain; charset=utf-8', `Not found: ${pathname}\n`, head);
    return;
  }
  if (file === resolve(root, 'index.html')) {
    sendText(res, 200, contentType(file), injectBridge(await readFile(file, 'utf8')), head);
    return;
  }
  res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': contentType(file), 'Content-Length': info.size });
  if (head) res.end();
  else createReadStream(file).on('error', (error) => res.destroy(error)).pipe(res);
}
