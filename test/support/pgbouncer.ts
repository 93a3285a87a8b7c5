// A PgBouncer of the test's own (Debian's pgbouncer, installed by scripts/ensure-test-services.sh), on a
// free loopback port, in front of a PostgreSQL server: transaction pooling by default, as in the
// reference deployment (docs/deployment.md). Runs as the "postgres" OS user when the tests run as root
// (PgBouncer refuses to run as root).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './private-cluster';

export interface PgBouncerOptions {
  /** The PostgreSQL server behind it. */
  serverPort: number;
  /** Login roles and their passwords (PgBouncer logs in to the server with them). */
  users: Record<string, string>;
  poolMode?: 'transaction' | 'session';
  /** Server connections per database and user (default 20). */
  poolSize?: number;
  /** Server connections in all (default: no limit beyond poolSize). */
  maxDbConnections?: number;
  maxClients?: number;
}

function binary(): string {
  for (const path of ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer']) if (existsSync(path)) return path;
  throw new Error('pgbouncer was not found: run scripts/ensure-test-services.sh (as root it installs Debian\'s pgbouncer), or apt-get install pgbouncer.');
}

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

export class PrivatePgBouncer {
  private constructor(readonly port: number, readonly dir: string, private readonly child: ChildProcess) {}

  static async start(options: PgBouncerOptions): Promise<PrivatePgBouncer> {
    const dir = mkdtempSync(join(tmpdir(), 'pgbouncer-'));
    chmodSync(dir, 0o777);
    const port = await freePort();
    const users = Object.entries(options.users).map(([user, password]) => `"${user}" "${password}"`).join('\n');
    writeFileSync(join(dir, 'userlist.txt'), `${users}\n`, { mode: 0o644 });
    writeFileSync(join(dir, 'pgbouncer.ini'), [
      '[databases]',
      `* = host=127.0.0.1 port=${options.serverPort}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = scram-sha-256',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      `pool_mode = ${options.poolMode ?? 'transaction'}`,
      `default_pool_size = ${options.poolSize ?? 20}`,
      `max_db_connections = ${options.maxDbConnections ?? 0}`,
      `max_client_conn = ${options.maxClients ?? 1000}`,
      'server_idle_timeout = 60',
      'ignore_startup_parameters = extra_float_digits',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      'log_connections = 0',
      'log_disconnections = 0',
      '',
    ].join('\n'), { mode: 0o644 });
    const asRoot = process.getuid?.() === 0;
    const child = spawn(binary(), [...(asRoot ? ['-u', 'postgres'] : []), join(dir, 'pgbouncer.ini')], { stdio: 'ignore' });
    const bouncer = new PrivatePgBouncer(port, dir, child);
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) break;
      if (await accepting(port)) return bouncer;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const log = existsSync(join(dir, 'pgbouncer.log')) ? readFileSync(join(dir, 'pgbouncer.log'), 'utf8') : '';
    await bouncer.stop();
    throw new Error(`PgBouncer did not start on port ${port}: ${log.slice(-2000)}`);
  }

  /** The PgBouncer process (for CPU figures). */
  get pid(): number {
    return this.child.pid!;
  }

  /** Rewrites a postgres:// URL to go through this PgBouncer. */
  url(original: string): string {
    const url = new URL(original);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGINT');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (this.child.exitCode === null) this.child.kill('SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
