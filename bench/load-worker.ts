// One worker thread of the load benchmark (load.bench.ts): several headless desktops, each the real
// ReplicaService (replica file, local writes, sync engine with the change beacon) against central
// through PgBouncer. Driven by messages from the main thread; reports times as epoch milliseconds.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { ReplicaService } from '../src/main/replica-host/replica-service';
import type { ReplicaEvent } from '../src/main/replica-host/replica-service';

export interface DesktopSpec {
  key: string;
  projectId: string;
  token: string;
  replicaPath: string;
  /** Ready only once the project holds this many rows (tasks, documents, test cases). */
  expectRows?: number;
}

export type ToWorker =
  | { kind: 'start'; url: string; desktops: DesktopSpec[]; beaconIntervalMs?: number }
  | { kind: 'watch'; id: string; projectId: string; writer: string }
  | { kind: 'save'; key: string; id: string }
  | { kind: 'offline-work'; keys: string[]; count: number }
  | { kind: 'go-online'; keys: string[] }
  | { kind: 'count-syncs' }
  | { kind: 'sync-all' }
  | { kind: 'stop' };

export type FromWorker =
  | { kind: 'ready'; key: string; at: number }
  | { kind: 'watching'; id: string }
  | { kind: 'saved'; id: string; at: number }
  | { kind: 'arrived'; id: string; key: string; at: number }
  | { kind: 'offline-ready'; mutations: number }
  | { kind: 'pushed'; key: string; at: number }
  | { kind: 'syncs'; count: number }
  | { kind: 'synced-all'; count: number }
  | { kind: 'stopped' }
  | { kind: 'error'; message: string };

interface Desktop {
  spec: DesktopSpec;
  service: ReplicaService;
  ready: boolean;
  /** Sync rounds started since the last count. */
  syncs: number;
  syncing: boolean;
}

const port = parentPort!;
const desktops = new Map<string, Desktop>();
const watches = new Map<string, { projectId: string; waiting: Set<string> }>();
const now = () => performance.timeOrigin + performance.now();
const post = (message: FromWorker) => port.postMessage(message);

function projectRows(d: Desktop): number {
  const row = d.service.store.db.prepare(`SELECT (SELECT count(*) FROM tasks WHERE project_id = ?) + (SELECT count(*) FROM documents WHERE project_id = ?)
    + (SELECT count(*) FROM test_cases WHERE project_id = ?) AS n`).get(d.spec.projectId, d.spec.projectId, d.spec.projectId) as { n: number };
  return row.n;
}

function checkArrivals(d: Desktop): void {
  for (const [id, watch] of watches) {
    if (watch.projectId !== d.spec.projectId || !watch.waiting.has(d.spec.key)) continue;
    if (!d.service.row('tasks', id)) continue;
    watch.waiting.delete(d.spec.key);
    post({ kind: 'arrived', id, key: d.spec.key, at: now() });
    if (watch.waiting.size === 0) watches.delete(id);
  }
}

function onEvent(d: Desktop, event: ReplicaEvent): void {
  if (event.type === 'status') {
    if (event.status.state === 'syncing' && !d.syncing) d.syncs++;
    d.syncing = event.status.state === 'syncing';
  }
  if (event.type === 'changed' && event.tables.includes('tasks')) checkArrivals(d);
  if (event.type === 'status' && !d.ready && event.status.lastSyncedAt && event.status.state === 'idle') {
    if (d.spec.expectRows !== undefined && projectRows(d) < d.spec.expectRows) return;
    d.ready = true;
    post({ kind: 'ready', key: d.spec.key, at: now() });
  }
}

function start(url: string, spec: DesktopSpec, beaconIntervalMs?: number): void {
  const d = { spec, ready: false, syncs: 0, syncing: false } as Desktop;
  d.service = new ReplicaService({ replicaPath: spec.replicaPath, centralUrl: url, token: spec.token, ...(beaconIntervalMs ? { beaconIntervalMs } : {}) },
    (event) => onEvent(d, event));
  desktops.set(spec.key, d);
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.kind) {
    case 'start':
      for (const spec of message.desktops) start(message.url, spec, message.beaconIntervalMs);
      return;
    case 'watch': {
      const waiting = new Set([...desktops.values()].filter((d) => d.spec.projectId === message.projectId && d.spec.key !== message.writer).map((d) => d.spec.key));
      if (waiting.size > 0) watches.set(message.id, { projectId: message.projectId, waiting });
      post({ kind: 'watching', id: message.id });
      return;
    }
    case 'save': {
      const d = desktops.get(message.key)!;
      const at = now();
      d.service.create('task', d.spec.projectId, { title: `Saved ${message.id}` }, message.id);
      post({ kind: 'saved', id: message.id, at });
      return;
    }
    case 'offline-work': {
      let mutations = 0;
      for (const key of message.keys) {
        const d = desktops.get(key)!;
        await d.service.engine.stop();
        for (let i = 0; i < message.count; i++) {
          d.service.create('task', d.spec.projectId, { title: `Offline work ${key} ${i}`, description: 'Written while away from the network' });
          mutations++;
        }
      }
      post({ kind: 'offline-ready', mutations });
      return;
    }
    case 'go-online': {
      for (const key of message.keys) {
        const d = desktops.get(key)!;
        d.service.engine.start();
        const timer = setInterval(() => {
          if (d.service.store.pendingCount() > 0) return;
          clearInterval(timer);
          post({ kind: 'pushed', key, at: now() });
        }, 10);
      }
      return;
    }
    case 'count-syncs': {
      let count = 0;
      for (const d of desktops.values()) {
        count += d.syncs;
        d.syncs = 0;
      }
      post({ kind: 'syncs', count });
      return;
    }
    case 'sync-all': {
      // The periodic safety-net sync of every desktop, one after another (as their timers would spread them).
      let count = 0;
      for (const d of desktops.values()) if ((await d.service.engine.syncNow()).type === 'synced') count++;
      post({ kind: 'synced-all', count });
      return;
    }
    case 'stop':
      for (const d of desktops.values()) {
        await d.service.close().catch(() => undefined);
        rmSync(dirname(d.spec.replicaPath), { recursive: true, force: true });
      }
      desktops.clear();
      post({ kind: 'stopped' });
      return;
  }
}

port.on('message', (message: ToWorker) => {
  handle(message).catch((error: unknown) => post({ kind: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) }));
});
