// npm run bench: sync figures on a generated 100,000-row project against the local PostgreSQL.
// Prints one JSON object per figure: {"name", "value", "unit"}.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { ReplicaHost } from '../src/main/replica-host/replica-host';
import { ReplicaService } from '../src/main/replica-host/replica-service';
import type { SyncStatus } from '../src/main/sync/sync-engine';
import { REPLICATED_TABLES } from '../src/shared/replica/registry';
import { sessionToken } from '../test/support/sessions';
import { benchDatabase } from './bench-database';
import { seedProject } from './seed-project';
import { report } from './report';

const log = (message: string) => console.error(`# ${message}`);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const tempReplica = () => join(mkdtempSync(join(tmpdir(), 'bench-')), 'replica.db');
// The replica host as the app runs it: the built worker (`npm run bench` builds first).
const workerPath = new URL('../out/main/replica-worker.js', import.meta.url).pathname;
if (!existsSync(workerPath)) throw new Error(`${workerPath} is missing: run "npm run bench", which builds the app first.`);
const worker = { url: workerPath };

async function waitFor<T>(check: () => Promise<T> | T, timeoutMs = 600_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('bench step timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** When the host first reports a status for which `done` holds (checked at once too: it may already). */
function statusReached(host: ReplicaHost, done: (status: SyncStatus) => boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const off = host.onEvent((event) => {
      if (event.type === 'status' && done(event.status)) {
        off();
        resolve(performance.now());
      }
    });
    host.call('status').then((status) => {
      if (done(status)) {
        off();
        resolve(performance.now());
      }
    }, reject);
  });
}

/** The raw limit: COPY the project's rows out of PostgreSQL and bulk-insert them into bare SQLite tables. */
async function rawLimit(adminUrl: string, projectId: string): Promise<{ ms: number; rows: number }> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const db = new Database(tempReplica());
  db.pragma('journal_mode = WAL');
  const started = performance.now();
  let rows = 0;
  const tables: { name: string; columns: string[]; lines: string[] }[] = [];
  for (const table of REPLICATED_TABLES.filter((t) => t.scope === 'project')) {
    const columns = table.columns.map((c) => c.name);
    const filter = table.name === 'projects' ? 'id' : 'project_id';
    const stream = client.query(copyTo(`COPY (SELECT ${columns.join(', ')} FROM app.${table.name} WHERE ${filter} = '${projectId}') TO STDOUT`));
    let text = '';
    for await (const chunk of stream) text += chunk.toString();
    const lines = text.split('\n').filter(Boolean);
    tables.push({ name: table.name, columns, lines });
  }
  db.transaction(() => {
    for (const { name, columns, lines } of tables) {
      db.exec(`CREATE TABLE ${name} (${columns.map((c) => `${c} TEXT`).join(', ')})`);
      const insert = db.prepare(`INSERT INTO ${name} VALUES (${columns.map(() => '?').join(', ')})`);
      for (const line of lines) {
        insert.run(line.split('\t').map((v) => (v === '\\N' ? null : v)));
        rows++;
      }
    }
  })();
  const ms = performance.now() - started;
  db.close();
  await client.end();
  return { ms, rows };
}

async function main() {
  const { db, admin, world } = await benchDatabase();
  try {
    const org = await world.org('bench');
    const big = await world.project(org, 'BIG');
    const small = await world.project(org, 'SMALL');
    const owner = await world.user(org);
    await world.member(big, owner, 'PROJECT_MANAGER');
    const [ann, bob] = [await world.user(org), await world.user(org)];
    await world.member(small, ann, 'PROJECT_MANAGER');
    await world.member(small, bob, 'PROJECT_MANAGER');
    log('seeding 100,000 rows');
    const seeded = await seedProject(admin, org.id, big.id, owner.id);
    log(`seeded ${seeded} rows`);
    // Settled, as a server's tables are: vacuumed and analysed (else autovacuum runs during the figures).
    await admin.query('VACUUM (ANALYZE)');
    await admin.query('CHECKPOINT');


    const raw = await rawLimit(db.adminUrl, big.id);
    log(`raw limit: ${raw.rows} rows in ${raw.ms.toFixed(0)} ms`);

    // Bootstrap through the replica host worker while watching the main event loop.
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const replicaPath = tempReplica();
    const token = await sessionToken(db.appUrl, owner); // signed in before: the password check is not the bootstrap's
    const started = performance.now();
    const host = await ReplicaHost.start({ replicaPath, centralUrl: db.appUrl, token }, worker);
    // Told by the host's status events, as the app is (polling the worker would slow what it measures).
    const synced = statusReached(host, (s) => s.lastSyncedAt !== null);
    // The search index follows: a large pull's rows are indexed right after it (the search backlog).
    const searchable = statusReached(host, (s) => s.lastSyncedAt !== null && s.indexing === 0);
    const bootstrapMs = (await synced) - started;
    const searchReadyMs = (await searchable) - started;
    const counts = new Database(replicaPath, { readonly: true });
    const replicated = REPLICATED_TABLES.filter((t) => t.scope === 'project')
      .reduce((sum, t) => sum + (counts.prepare(`SELECT count(*) AS n FROM ${t.name}`).get() as { n: number }).n, 0);
    counts.close();
    log(`bootstrap: ${replicated} project rows in ${bootstrapMs.toFixed(0)} ms, all of them searchable at ${searchReadyMs.toFixed(0)} ms`);
    report('bootstrap_rows_per_s', replicated / (bootstrapMs / 1000), 'rows/s');
    report('bootstrap_vs_raw_ratio', bootstrapMs / raw.ms, 'x');
    report('bootstrap_search_ready_s', searchReadyMs / 1000, 's');
    loop.disable();
    const bootstrapStall = loop.max;
    // Memory of a replica host on its own (a child process, so the benchmark's own data does not count).
    const child = spawnSync(process.execPath, ['--expose-gc', new URL('replica-child.mjs', import.meta.url).pathname,
      JSON.stringify({ replicaPath: tempReplica(), centralUrl: db.appUrl, token: await sessionToken(db.appUrl, owner) }), workerPath], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`replica child failed: ${child.stderr}`);
    const measured = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { rss: number; ms: number };
    log(`replica host process: bootstrap ${measured.ms.toFixed(0)} ms, rss ${(measured.rss / 1048576).toFixed(0)} MB`);
    report('replica_host_rss_mb', measured.rss / 1024 / 1024, 'MB');
    const pushLoop = monitorEventLoopDelay({ resolution: 10 });
    pushLoop.enable();

    // 10,000 offline mutations, pushed by the worker's engine.
    await host.stop();
    const offline = await ReplicaHost.start({ replicaPath: tempReplica(), centralUrl: db.appUrl, token: await sessionToken(db.appUrl, ann), autoSync: false }, worker);
    await offline.call('syncNow');
    for (let i = 0; i < 10_000; i++) await offline.call('create', 'task', small.id, { title: `Offline task ${i}`, priority: 'HIGH' });
    const outcome = await offline.call('syncNow');
    if (outcome.type !== 'synced' || outcome.push.applied !== 10_000) throw new Error(`push failed: ${JSON.stringify(outcome)}`);
    report('push_10k_s', outcome.pushMs / 1000, 's');
    await offline.stop();
    pushLoop.disable();
    report('max_event_loop_stall_ms', Math.max(bootstrapStall, pushLoop.max) / 1e6, 'ms');

    // Local reads on the 100,000-row replica, in a process of their own.
    const readsChild = spawnSync(process.execPath, ['--import', 'tsx', new URL('reads-child.ts', import.meta.url).pathname, replicaPath, big.id],
      { encoding: 'utf8' });
    if (readsChild.status !== 0) throw new Error(`reads child failed: ${readsChild.stderr}`);
    const timings = JSON.parse(readsChild.stdout.trim().split('\n').at(-1)!) as { listMs: number[]; searchMs: number[] };
    report('list_1000_p95_ms', percentile(timings.listMs, 95), 'ms');
    report('search_p95_ms', percentile(timings.searchMs, 95), 'ms');

    // Propagation: A saves, B's replica has it (live engines, the change beacon).
    const a = new ReplicaService({ replicaPath: tempReplica(), centralUrl: db.appUrl, token: await sessionToken(db.appUrl, ann) }, () => undefined);
    const b = new ReplicaService({ replicaPath: tempReplica(), centralUrl: db.appUrl, token: await sessionToken(db.appUrl, bob) }, () => undefined);
    await waitFor(() => a.status().lastSyncedAt && b.status().lastSyncedAt);
    await waitFor(() => a.status().pending === 0);
    const delays: number[] = [];
    for (let i = 0; i < 60; i++) {
      const t0 = performance.now();
      const { id } = a.create('document', small.id, { title: `Propagation ${i}` });
      await new Promise<void>((resolve) => {
        const check = () => (b.row('documents', id) ? (off(), resolve()) : undefined);
        const off = b.store.onChange(check);
        check();
      });
      delays.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 50));
    }
    report('propagation_p50_ms', percentile(delays, 50), 'ms');
    report('propagation_p95_ms', percentile(delays, 95), 'ms');
    await a.close();
    await b.close();
    await admin.end();
  } finally {
    if (process.env.BENCH_KEEP_DB) log(`kept database ${db.name}`);
    else await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
