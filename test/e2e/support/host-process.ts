// The browser host CLI (src/main/browser-host/cli.ts) as a child process on a data folder.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { AppLog } from './app-log';
import { ROOT } from './paths';

const URL_LINE = 'PROMANAGE_BROWSER_HOST_URL=';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

type Exit = { code: number | null; signal: NodeJS.Signals | null };
const describeExit = ({ code, signal }: Exit) => (signal ? `signal ${signal}` : `exit code ${code}`);

/** Hosts still running when the test worker exits are killed with it. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export class HostProcess {
  private expectingExit = false;

  private constructor(private readonly child: ChildProcess, readonly url: string, private readonly exited: Promise<Exit>, private readonly log: AppLog) {
    void exited.then((exit) => {
      if (!this.expectingExit) log.print(`The browser host exited unexpectedly (${describeExit(exit)})`);
    });
  }

  static async start(options: { dataDir: string; log: AppLog; port?: number }): Promise<HostProcess> {
    const { log } = options;
    const port = options.port ? ['--port', String(options.port)] : [];
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/browser-host/cli.ts', '--data-dir', options.dataDir, ...port], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }));
    createInterface({ input: child.stderr! }).on('line', (line) => log.write('host stderr', line));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`The browser host did not print its URL within ${START_TIMEOUT_MS / 1000} s. Its log:\n${log.text()}`));
      }, START_TIMEOUT_MS);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        log.write('host', line);
        if (!line.startsWith(URL_LINE)) return;
        clearTimeout(timer);
        resolve(line.slice(URL_LINE.length));
      });
      void exited.then((exit) => {
        clearTimeout(timer);
        reject(new Error(`The browser host exited (${describeExit(exit)}) before serving. Its log:\n${log.text()}`));
      });
    });
    return new HostProcess(child, url, exited, log);
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM, as when the app quits: the host must close the desktop and exit 0. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.expectingExit = true;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const exit = await this.exited.finally(() => clearTimeout(timer));
    if (exit.code !== 0) throw new Error(`The browser host did not stop cleanly (${describeExit(exit)}). Its log:\n${this.log.text()}`);
  }

  /** SIGKILL: the app crashes or the machine loses power. */
  async kill(): Promise<void> {
    if (!this.alive) return;
    this.expectingExit = true;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
