// The app as the browser host serves it, in a fresh Chromium context of the file's browser.
import type { AppLog } from './app-log';
import type { BrowserApp } from './app-types';
import { sharedBrowser } from './browser';
import { HostProcess } from './host-process';

export async function startBrowserApp(name: string, dataDir: string, log: AppLog): Promise<BrowserApp> {
  let host = await HostProcess.start({ dataDir, log });
  const context = await (await sharedBrowser()).newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  log.watch(page);
  await page.goto(host.url);
  return {
    name,
    dataDir,
    log,
    page,
    get url() {
      return host.url;
    },
    async restart() {
      await host.stop();
      // The same port keeps the page's origin, so its storage survives as it does in the app.
      host = await HostProcess.start({ dataDir, log, port: host.port });
      await page.reload();
    },
    kill: () => host.kill(),
    async close() {
      await context.close();
      await host.stop();
    },
  };
}
