// One app's output (host or Electron process, and the page's console) in memory and in
// test-results/e2e-logs/, printed when its test fails or the app dies unexpectedly.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { RESULTS_DIR } from './paths';

export class AppLog {
  readonly path: string;
  private readonly lines: string[] = [];

  constructor(readonly name: string) {
    const dir = join(RESULTS_DIR, 'e2e-logs');
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, `${name}-${Date.now().toString(36)}.log`);
    writeFileSync(this.path, '');
  }

  write(source: string, text: string): void {
    for (const line of text.split('\n')) {
      if (!line) continue;
      const entry = `[${source}] ${line}`;
      this.lines.push(entry);
      appendFileSync(this.path, `${entry}\n`);
    }
  }

  text(): string {
    return this.lines.join('\n');
  }

  print(reason: string): void {
    console.error(`----- ${reason}: log of app "${this.name}" (${this.path}) -----\n${this.text()}\n----- end of "${this.name}" -----`);
  }

  /** Adds the page's console messages and uncaught errors. */
  watch(page: Page): void {
    page.on('console', (message) => this.write(`page ${message.type()}`, message.text()));
    page.on('pageerror', (error) => this.write('page error', error.stack ?? error.message));
  }
}
