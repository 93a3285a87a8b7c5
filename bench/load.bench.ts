// npm run bench:load: N headless desktops (the real ReplicaService: replica file, sync engine, change
// beacon), several per worker thread, against one local PostgreSQL behind a private PgBouncer in
// transaction pooling mode, all on loopback. For N = 50, 200, 500 (LOAD_SIZES=50,200 to choose):
// propagation p95, server backends, pushes/s while 10 % push offline work, PostgreSQL CPU while idle
// (with the safety-net syncs' share) and while another project commits once a second, and 20 desktops
// bootstrapping a 10,000-row project at once. One JSON object per figure on stdout.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { PrivatePgBouncer } from '../test/support/pgbouncer';
import { migrateForBench } from './bench-database';
import { ADMIN_URL, APP_ROLE_PASSWORD, createDatabase, withAdmin } from '../test/support/postgres';
import type { TestDatabase } from '../test/support/postgres';
import type { DesktopSpec, FromWorker, ToWorker } from './load-worker';
import { report } from './report';

const SIZES = (process.env.LOAD_SIZES ?? '50,200,500').split(',').map(Number);
const PROJECT_MEMBERS = 20;
const DESKTOPS_PER_THREAD = 50;
const POOL_SIZE = 32;
const SAVES = 30;
const OFFLINE_MUTATIONS = 100;
const IDLE_SECONDS = 20;
/** The engine's periodic safety-net sync while the beacon is on (SyncEngine: pollIntervalMs default). */
const SAFETY_SYNC_S = 1800;
const BOOTSTRAP_DESKTOPS = 20;
const BOOTSTRAP_ROWS = 10_000;
const STEP_TIMEOUT_MS = 180_000;
/** LOAD_BEACON_MS: the desktops' beacon interval (default: the app's, 1,000 ms); LOAD_SERVER_BEACON_MS: the operator's. */
const BEACON = process.env.LOAD_BEACON_MS ? { beaconIntervalMs: Number(process.env.LOAD_BEACON_MS) } : {};

const log = (message: string) => console.error(`# ${new Date().toISOString().slice(11, 19)} ${message}`);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CORES = cpus().length;
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString()) || 100;

/**
 * CPU time (ms) of a process and, with `children`, of its child processes (PostgreSQL's backends):
 * those running now, and those that ended (the kernel adds them to the parent's cutime/cstime when it
 * reaps them, so a backend PgBouncer closes mid-measurement still counts).
 */
function cpuMs(pid: number, children: boolean): number {
  const stat = (p: string) => {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return { ppid: Number(fields[1]), used: Number(fields[11]) + Number(fields[12]), reaped: Number(fields[13]) + Number(fields[14]) };
    } catch {
      return undefined;
    }
  };
  const own = stat(String(pid));
  let total = (own?.used ?? 0) + (children ? own?.reaped ?? 0 : 0);
  if (children) for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const t = stat(p);
    if (t?.ppid === pid) total += t.used;
  }
  return (total * 1000) / CLOCK_TICKS;
}

class Threads {
  private readonly workers: Worker[] = [];
  private readonly handlers = new Set<(message: FromWorker) => void>();
  constructor(count: number) {
    const entry = new URL('./load-worker.ts', import.meta.url).href;
    for (let i = 0; i < count; i++) {
      const worker = new Worker(new URL('../test/support/ts-worker.mjs', import.meta.url), { argv: [entry] });
      worker.on('message', (message: FromWorker) => {
        if (message.kind === 'error') log(`worker error: ${message.message}`);
        for (const handler of this.handlers) handler(message);
      });
      worker.on('error', (error) => log(`worker failed: ${error.stack ?? error.message}`));
      this.workers.push(worker);
    }
  }
  get count(): number {
    return this.workers.length;
  }
  send(index: number, message: ToWorker): void {
    this.workers[index % this.workers.length]!.postMessage(message);
  }
  broadcast(message: ToWorker): void {
    for (const worker of this.workers) worker.postMessage(message);
  }
  /** Resolves with the messages once `done` says so (or fails after STEP_TIMEOUT_MS). */
  collect<T extends FromWorker>(accept: (m: FromWorker) => m is T, done: (got: T[]) => boolean, what: string): Promise<T[]> {
    return new Promise((resolve, reject) => {
      const got: T[] = [];
      const timer = setTimeout(() => {
        this.handlers.delete(handler);
        reject(new Error(`${what}: timed out with ${got.length}`));
      }, STEP_TIMEOUT_MS);
      const handler = (m: FromWorker) => {
        if (!accept(m)) return;
        got.push(m);
        if (!done(got)) return;
        clearTimeout(timer);
        this.handlers.delete(handler);
        resolve(got);
      };
      this.handlers.add(handler);
    });
  }
  async terminate(): Promise<void> {
    const stopped = this.collect((m): m is Extract<FromWorker, { kind: 'stopped' }> => m.kind === 'stopped', (g) => g.length === this.workers.length, 'stop');
    this.broadcast({ kind: 'stop' });
    await stopped.catch((error: Error) => log(error.message));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

const is = <K extends FromWorker['kind']>(kind: K) => (m: FromWorker): m is Extract<FromWorker, { kind: K }> => m.kind === kind;

interface Layout {
  projects: string[];
  desktops: { key: string; user: string; project: string; token: string }[];
  bootstrapProject: string;
  bootstrappers: { key: string; user: string; token: string }[];
}

/** One organization; N users in projects of 20 (each with 50 tasks), 20 more in a 10,000-row project; a session each. */
async function populate(admin: pg.Client, n: number): Promise<Layout> {
  const org = (await admin.query<{ id: string }>(`INSERT INTO app.organizations (name, slug) VALUES ('Load test', 'load-${n}') RETURNING id`)).rows[0]!.id;
  const projectCount = Math.ceil(n / PROJECT_MEMBERS);
  const projects = (await admin.query<{ id: string }>(`INSERT INTO app.projects (organization_id, key, name)
    SELECT $1, 'L' || i, 'Load project ' || i FROM generate_series(1, $2::int) i RETURNING id`, [org, projectCount + 1])).rows.map((r) => r.id);
  const bootstrapProject = projects.pop()!;
  const users = (await admin.query<{ id: string }>(`INSERT INTO app.users (organization_id, email, full_name)
    SELECT $1, 'load' || i || '@load.example', 'Load user ' || i FROM generate_series(1, $2::int) i RETURNING id`, [org, n + BOOTSTRAP_DESKTOPS])).rows.map((r) => r.id);
  const role = (await admin.query<{ id: string }>(`SELECT id FROM app.roles WHERE name = 'PROJECT_MANAGER' AND is_system`)).rows[0]!.id;
  const desktops = users.slice(0, n).map((user, i) => ({ key: `d${i}`, user, project: projects[i % projectCount]!, token: `load-${randomUUID()}` }));
  const bootstrappers = users.slice(n).map((user, i) => ({ key: `b${i}`, user, token: `load-${randomUUID()}` }));
  const members = [...desktops.map((d) => [d.project, d.user]), ...bootstrappers.map((b) => [bootstrapProject, b.user])];
  await admin.query(`INSERT INTO app.project_members (organization_id, project_id, user_id, role_id, is_active)
    SELECT $1, p, u, $2, true FROM unnest($3::uuid[], $4::uuid[]) AS x(p, u)`, [org, role, members.map((m) => m[0]), members.map((m) => m[1])]);
  const sessions = [...desktops, ...bootstrappers];
  // Signed in already (the password check is not what this measures): a session row per desktop.
  await admin.query(`INSERT INTO auth.user_sessions (user_id, organization_id, token_hash, device_name, expires_at)
    SELECT u, $1, sha256(convert_to(t, 'UTF8')), 'load bench', now() + interval '1 day' FROM unnest($2::uuid[], $3::text[]) AS x(u, t)`,
  [org, sessions.map((s) => s.user), sessions.map((s) => s.token)]);
  await admin.query(`INSERT INTO app.tasks (organization_id, project_id, title)
    SELECT $1, p, 'Task ' || i FROM unnest($2::uuid[]) p, generate_series(1, 50) i`, [org, projects]);
  // The 10,000-row project, written in bulk (triggers off, as a restore would).
  await admin.query('SET session_replication_role = replica');
  await admin.query(`INSERT INTO app.tasks (organization_id, project_id, title, description)
    SELECT $1, $2, 'Bulk task ' || i, repeat('Description of task ' || i || '. ', 4) FROM generate_series(1, 4000) i`, [org, bootstrapProject]);
  await admin.query(`INSERT INTO app.documents (organization_id, project_id, title, content)
    SELECT $1, $2, 'Bulk document ' || i, repeat('Paragraph of document ' || i || '. ', 20) FROM generate_series(1, 3000) i`, [org, bootstrapProject]);
  await admin.query(`INSERT INTO app.test_cases (organization_id, project_id, title, steps)
    SELECT $1, $2, 'Bulk case ' || i, jsonb_build_array(jsonb_build_object('action', 'Step of case ' || i, 'expected_result', 'It works'))
    FROM generate_series(1, $3::int) i`, [org, bootstrapProject, BOOTSTRAP_ROWS - 7000]);
  await admin.query('SET session_replication_role = origin');
  await admin.query('VACUUM ANALYZE'); // so that autovacuum has nothing to do while the idle CPU is measured
  return { projects, desktops, bootstrapProject, bootstrappers };
}

/** CPU over IDLE_SECONDS: PostgreSQL (all its processes), PgBouncer, this process (the N desktops), and sync rounds. */
async function measureCpu(postmaster: number, bouncer: number, threads: Threads) {
  const pgStart = cpuMs(postmaster, true);
  const bouncerStart = cpuMs(bouncer, false);
  const clientStart = process.cpuUsage();
  const resetCounts = threads.collect(is('syncs'), (g) => g.length === threads.count, 'sync counts');
  threads.broadcast({ kind: 'count-syncs' });
  await resetCounts;
  const from = now();
  await sleep(IDLE_SECONDS * 1000);
  const ms = now() - from;
  const counted = threads.collect(is('syncs'), (g) => g.length === threads.count, 'sync counts');
  threads.broadcast({ kind: 'count-syncs' });
  const syncs = (await counted).reduce((sum, m) => sum + m.count, 0);
  const client = process.cpuUsage(clientStart);
  return {
    server: ((cpuMs(postmaster, true) - pgStart) / ms) * 100,
    bouncer: ((cpuMs(bouncer, false) - bouncerStart) / ms) * 100,
    desktops: (((client.user + client.system) / 1000) / ms) * 100,
    syncsPerMin: syncs / (ms / 60_000),
  };
}

const replicaPath = () => join(mkdtempSync(join(tmpdir(), 'load-')), 'replica.db');

async function runSize(n: number, template: string, postmaster: number): Promise<void> {
  log(`N = ${n}: populating`);
  const db: TestDatabase = await createDatabase({ template, prefix: 'promanage_load' });
  if (process.env.LOAD_SERVER_BEACON_MS) {
    await withAdmin((c) => c.query(`ALTER DATABASE "${db.name}" SET promanage.beacon_interval_ms = '${Number(process.env.LOAD_SERVER_BEACON_MS)}'`));
  }
  const admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  const layout = await populate(admin, n);
  const bouncer = await PrivatePgBouncer.start({
    serverPort: Number(new URL(ADMIN_URL).port || 5432), users: { application_user: APP_ROLE_PASSWORD },
    poolSize: POOL_SIZE, maxClients: n + BOOTSTRAP_DESKTOPS + 100,
  });
  const url = bouncer.url(db.appUrl);
  let maxBackends = 0;
  let sampling = true;
  const sampler = setInterval(() => {
    if (!sampling) return;
    admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()`, [db.name])
      .then(({ rows }) => { maxBackends = Math.max(maxBackends, rows[0]!.n); }, () => undefined);
  }, 200);
  const threads = new Threads(Math.max(2, Math.ceil(n / DESKTOPS_PER_THREAD)));
  const threadOf = new Map<string, number>();
  try {
    // Start every desktop (first sync: its project and the organization), a thread's share at a time.
    log(`N = ${n}: starting ${n} desktops on ${threads.count} threads`);
    const started = now();
    const ready = threads.collect(is('ready'), (g) => g.length === n, 'desktops ready');
    for (let i = 0; i < n; i++) threadOf.set(layout.desktops[i]!.key, i % threads.count);
    for (let t = 0; t < threads.count; t++) {
      const desktops: DesktopSpec[] = layout.desktops.filter((d) => threadOf.get(d.key) === t)
        .map((d) => ({ key: d.key, projectId: d.project, token: d.token, replicaPath: replicaPath() }));
      threads.send(t, { kind: 'start', url, desktops, ...BEACON });
    }
    await ready;
    log(`N = ${n}: all desktops synced in ${((now() - started) / 1000).toFixed(1)} s`);

    // Idle: every desktop connected, nothing changing.
    // (The backend count is not sampled meanwhile: its query would be much of what is measured.)
    sampling = false;
    await sleep(5000);
    const idle = await measureCpu(postmaster, bouncer.pid, threads);
    report(`load_idle_server_cpu_pct_${n}`, idle.server, '% of one core');
    report(`load_idle_server_machine_pct_${n}`, idle.server / CORES, `% of the machine (${CORES} cores)`);
    report(`load_idle_pgbouncer_cpu_pct_${n}`, idle.bouncer, '% of one core');
    report(`load_idle_syncs_per_min_${n}`, idle.syncsPerMin, 'sync rounds/min, all desktops (beacon checks not counted)');
    report(`load_idle_desktops_cpu_pct_${n}`, idle.desktops, '% of one core (all N simulated desktops)');

    // The safety net: every desktop also runs a full sync every SAFETY_SYNC_S (nothing to push or pull
    // while idle). Its server CPU per sync, spread over that period, is added to the idle cost.
    const safetyFrom = cpuMs(postmaster, true);
    const synced = threads.collect(is('synced-all'), (g) => g.length === threads.count, 'safety syncs');
    threads.broadcast({ kind: 'sync-all' });
    const safetySyncs = (await synced).reduce((sum, m) => sum + m.count, 0);
    const perSafetySync = (cpuMs(postmaster, true) - safetyFrom) / safetySyncs;
    report(`load_safety_sync_server_ms_${n}`, perSafetySync, `ms of PostgreSQL CPU per idle desktop's safety-net sync (${safetySyncs} synced)`);
    const idleWithSafety = idle.server + (perSafetySync * n * 100) / (SAFETY_SYNC_S * 1000);
    report(`load_idle_server_cpu_with_safety_pct_${n}`, idleWithSafety, `% of one core (idle + every desktop's sync every ${SAFETY_SYNC_S} s)`);
    await sleep(3000);

    // Busy elsewhere: a project no running desktop belongs to commits once a second; each commit sends
    // every desktop from its snapshot check to the beacon, and a busy server keeps them there.
    let busy = true;
    const committer = (async () => {
      while (busy) {
        await admin.query(`INSERT INTO app.tasks (organization_id, project_id, title) SELECT organization_id, id, 'Elsewhere' FROM app.projects WHERE id = $1`,
          [layout.bootstrapProject]);
        await sleep(1000);
      }
    })();
    const busyCpu = await measureCpu(postmaster, bouncer.pid, threads);
    busy = false;
    await committer;
    report(`load_busy_server_cpu_pct_${n}`, busyCpu.server, '% of one core (another project commits once a second)');
    report(`load_busy_syncs_per_min_${n}`, busyCpu.syncsPerMin, 'sync rounds/min, all desktops');
    sampling = true;

    // Propagation: one desktop saves, every other desktop of its project has it.
    const latencies: number[] = [];
    for (let s = 0; s < SAVES; s++) {
      const writer = layout.desktops[(s * 7919) % n]!;
      const others = layout.desktops.filter((d) => d.project === writer.project && d.key !== writer.key).length;
      const id = randomUUID();
      const watching = threads.collect(is('watching'), (g) => g.filter((m) => m.id === id).length === threads.count, 'watch');
      threads.broadcast({ kind: 'watch', id, projectId: writer.project, writer: writer.key });
      await watching;
      const arrived = threads.collect(is('arrived'), (g) => g.filter((m) => m.id === id).length === others, 'arrivals');
      const saved = threads.collect(is('saved'), (g) => g.some((m) => m.id === id), 'save');
      threads.send(threadOf.get(writer.key)!, { kind: 'save', key: writer.key, id });
      const [at] = await saved;
      const arrivals = (await arrived).filter((m) => m.id === id);
      latencies.push(Math.max(...arrivals.map((m) => m.at)) - at!.at);
      await sleep(300);
    }
    report(`load_propagation_p50_ms_${n}`, percentile(latencies, 50), 'ms');
    report(`load_propagation_p95_ms_${n}`, percentile(latencies, 95), 'ms');

    // Offline work: 10 % of the desktops come back online at once with 100 changes each.
    const pushers = layout.desktops.filter((_, i) => i % 10 === 0).map((d) => d.key);
    const byThread = new Map<number, string[]>();
    for (const key of pushers) byThread.set(threadOf.get(key)!, [...(byThread.get(threadOf.get(key)!) ?? []), key]);
    const offline = threads.collect(is('offline-ready'), (g) => g.length === byThread.size, 'offline work');
    for (const [t, keys] of byThread) threads.send(t, { kind: 'offline-work', keys, count: OFFLINE_MUTATIONS });
    const mutations = (await offline).reduce((sum, m) => sum + m.mutations, 0);
    const pushed = threads.collect(is('pushed'), (g) => g.length === pushers.length, 'pushes');
    const online = now();
    for (const [t, keys] of byThread) threads.send(t, { kind: 'go-online', keys });
    const done = Math.max(...(await pushed).map((m) => m.at));
    report(`load_push_per_s_${n}`, mutations / ((done - online) / 1000), `mutations/s (${pushers.length} desktops × ${OFFLINE_MUTATIONS})`);
    await sleep(3000);

    // Bootstrap: 20 new desktops load the 10,000-row project at once.
    const booted = threads.collect(is('ready'), (g) => g.length === BOOTSTRAP_DESKTOPS, 'bootstraps');
    const bootFrom = now();
    layout.bootstrappers.forEach((b, i) => threads.send(i, { kind: 'start', url, ...BEACON, desktops: [{
      key: b.key, projectId: layout.bootstrapProject, token: b.token, replicaPath: replicaPath(), expectRows: BOOTSTRAP_ROWS,
    }] }));
    const last = Math.max(...(await booted).map((m) => m.at));
    report(`load_bootstrap_s_${n}`, (last - bootFrom) / 1000, `s (${BOOTSTRAP_DESKTOPS} desktops × ${BOOTSTRAP_ROWS} rows)`);
    await sleep(1000);
    report(`load_server_connections_${n}`, maxBackends, `backends (PgBouncer pool ${POOL_SIZE})`);
  } finally {
    clearInterval(sampler);
    await threads.terminate();
    await bouncer.stop();
    await admin.end();
    await db.drop();
  }
}

async function main(): Promise<void> {
  const started = now();
  const template = await createDatabase({ prefix: 'promanage_loadtpl' });
  try {
    await migrateForBench(template);
    const postmaster = await withAdmin(async (c) =>
      Number((await c.query<{ f: string }>(`SELECT pg_read_file('postmaster.pid') AS f`)).rows[0]!.f.split('\n')[0]));
    for (const n of SIZES) await runSize(n, template.name, postmaster);
  } finally {
    await template.drop();
  }
  log(`done in ${((now() - started) / 60_000).toFixed(1)} min`);
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
