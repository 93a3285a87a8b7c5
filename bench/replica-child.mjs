// Hosts the built replica worker (out/main/replica-worker.js, as the app runs it) in a process of its
// own, bootstraps the replica and reports the process's resident memory once the host has settled
// (the search index built, and its housekeeping, which runs a second after a large pull):
// {"rss": bytes, "ms": bootstrap time}.
// Run with --expose-gc; argv: config JSON, worker path.
import { Worker } from 'node:worker_threads';

const [configJson, workerPath] = process.argv.slice(2);
const started = performance.now();
const worker = new Worker(workerPath, { workerData: JSON.parse(configJson) });
let nextId = 1;
const waiting = new Map();
worker.on('message', (message) => {
  if (message.kind === 'failed') fail(message.error.message);
  if (message.kind !== 'reply') return;
  const resolve = waiting.get(message.id);
  waiting.delete(message.id);
  if (!message.ok) fail(message.error.message);
  resolve?.(message.value);
});
worker.on('error', (error) => fail(String(error)));
const call = (method, ...args) => new Promise((resolve) => {
  const id = nextId++;
  waiting.set(id, resolve);
  worker.postMessage({ id, method, args });
});

function fail(message) {
  console.error(message);
  process.exit(1);
}

for (;;) {
  const status = await call('status');
  if (status.lastSyncedAt) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const ms = performance.now() - started;
while ((await call('status')).indexing > 0) await new Promise((resolve) => setTimeout(resolve, 20));
globalThis.gc?.();
await new Promise((resolve) => setTimeout(resolve, 1500));
process.stdout.write(`${JSON.stringify({ rss: process.memoryUsage().rss, ms })}\n`);
await call('close');
process.exit(0);
