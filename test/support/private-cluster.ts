// A PostgreSQL cluster of the test's own (initdb on a free port), so that a test may restart it
// without disturbing the shared server other test files use. Runs the server as the "postgres" OS user
// when the tests run as root (PostgreSQL refuses to run as root).
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort() : [];
  if (versions.length === 0) throw new Error('PostgreSQL server binaries were not found under /usr/lib/postgresql (install Debian\'s postgresql).');
  return join(root, versions.at(-1)!, 'bin');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export class PrivateCluster {
  private constructor(readonly dir: string, readonly port: number, private readonly bin: string, private readonly asPostgres: boolean) {}

  private static async empty(): Promise<PrivateCluster> {
    const asPostgres = process.getuid?.() === 0;
    const dir = mkdtempSync(join(tmpdir(), 'pg-private-'));
    chmodSync(dir, 0o777);
    const cluster = new PrivateCluster(dir, await freePort(), binDir(), asPostgres);
    if (asPostgres) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
    return cluster;
  }

  static async create(): Promise<PrivateCluster> {
    const cluster = await PrivateCluster.empty();
    cluster.run('initdb', ['-D', join(cluster.dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
    cluster.start();
    return cluster;
  }

  /**
   * A hot standby of `primary`, streaming from it: pg_basebackup -R (standby.signal and
   * primary_conninfo), started on a free port of its own.
   */
  static async standbyOf(primary: PrivateCluster): Promise<PrivateCluster> {
    const cluster = await PrivateCluster.empty();
    cluster.run('pg_basebackup', ['-D', join(cluster.dir, 'data'), '-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-R', '-X', 'stream', '--no-sync']);
    cluster.start();
    return cluster;
  }

  private run(tool: string, args: string[]): void {
    const command = join(this.bin, tool);
    if (this.asPostgres) {
      execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', [command, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')], { stdio: 'ignore' });
    } else {
      execFileSync(command, args, { stdio: 'ignore' });
    }
  }

  private ctl(action: 'start' | 'restart' | 'stop', mode = 'fast'): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'log'), '-w', '-m', mode, '-o', options, action]);
  }

  start(): void {
    this.ctl('start');
  }

  /** Stops the server: every session ended, new connections refused (`immediate`: as a crash would). */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    this.ctl('stop', mode);
  }

  /** A real restart: fast shutdown (every session ended) and start again. */
  restart(): void {
    this.ctl('restart');
  }

  url(database = 'postgres', user = 'postgres', password = ''): string {
    return `postgres://${user}${password ? `:${password}` : ''}@127.0.0.1:${this.port}/${database}`;
  }

  destroy(): void {
    try {
      if (existsSync(join(this.dir, 'data', 'postmaster.pid'))) this.ctl('stop', 'immediate');
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
