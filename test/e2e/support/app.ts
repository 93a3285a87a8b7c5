// Launches the app for an end-to-end spec: the browser host in Chromium (default), or the real
// Electron app when PROMANAGE_E2E_TARGET=electron.
//
// Importing this module registers the file's hooks: a failed test prints the logs of the apps it
// used, and after the file every app still open is closed, then the file's Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach } from 'vitest';
import { AppLog } from './app-log';
import type { App, BrowserApp, LaunchOptions } from './app-types';
import { closeSharedBrowser } from './browser';
import { startBrowserApp } from './browser-app';
import { startElectronApp } from './electron-app';

export type { App, BrowserApp, LaunchOptions };

const target = process.env.PROMANAGE_E2E_TARGET ?? 'browser';
if (target !== 'browser' && target !== 'electron') {
  throw new Error(`PROMANAGE_E2E_TARGET must be "browser" or "electron", not "${target}".`);
}
export const E2E_TARGET: 'browser' | 'electron' = target;

const open = new Set<App>();
let usedByThisTest = new Set<App>();

beforeEach(({ onTestFailed }) => {
  usedByThisTest = new Set(open);
  onTestFailed(() => {
    for (const app of usedByThisTest) app.log.print('The test failed');
  });
});

afterAll(async () => {
  const closing = await Promise.allSettled([...open].map((app) => app.close()));
  await closeSharedBrowser();
  const failure = closing.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) throw failure.reason;
});

async function launch<A extends App>(options: LaunchOptions, start: (name: string, dataDir: string, log: AppLog) => Promise<A>): Promise<A> {
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `promanage-e2e-${options.name}-`));
  const log = new AppLog(options.name);
  const app = await start(options.name, dataDir, log);
  const close = app.close.bind(app);
  open.add(app);
  usedByThisTest.add(app);
  app.close = async () => {
    if (!open.delete(app)) return;
    await close();
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
  };
  return app;
}

/** The app under the target PROMANAGE_E2E_TARGET names (the browser host by default). */
export function launchApp(options: LaunchOptions): Promise<App> {
  return launch(options, E2E_TARGET === 'electron' ? startElectronApp : startBrowserApp);
}

/** The app under the browser host whatever the target: for specs of the host itself. */
export function launchBrowserApp(options: LaunchOptions): Promise<BrowserApp> {
  return launch(options, startBrowserApp);
}
