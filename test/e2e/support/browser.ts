// Debian's Chromium, one per test file (each app gets its own context).
import { existsSync } from 'node:fs';
import { chromium } from 'playwright';
import type { Browser } from 'playwright';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Promise<Browser> | undefined;

export function sharedBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: run "bash scripts/ensure-test-services.sh" (as root it installs Debian's chromium).`);
  }
  browser ??= chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  return browser;
}

export async function closeSharedBrowser(): Promise<void> {
  const launched = browser;
  browser = undefined;
  await (await launched?.catch(() => undefined))?.close();
}
