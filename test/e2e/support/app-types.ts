// What a spec holds: one running app on a data folder.
import type { Page } from 'playwright';
import type { AppLog } from './app-log';

export interface LaunchOptions {
  /** Names the app in logs (test-results/e2e-logs/<name>-*.log). */
  name: string;
  /** The app's data folder; a new temporary one (removed on close) when absent. */
  dataDir?: string;
}

export interface App {
  readonly name: string;
  readonly dataDir: string;
  /** The app's window. Under Electron, restart() opens a new one: read it again after a restart. */
  readonly page: Page;
  readonly log: AppLog;
  /** Quits the app gracefully, starts it again on the same data folder and loads the window again. */
  restart(): Promise<void>;
  /** SIGKILLs the app's main process, as a crash would; restart() brings it back. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

/** The app under the browser host, whose address a spec may need. */
export interface BrowserApp extends App {
  /** The host's page address, e.g. http://127.0.0.1:41234/ */
  readonly url: string;
}
