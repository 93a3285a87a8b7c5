// The real Electron app through Playwright's _electron, where Electron's binary is installed (not on
// the CI machines): PROMANAGE_E2E_TARGET=electron.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { _electron } from 'playwright';
import type { ElectronApplication, Page } from 'playwright';
import type { AppLog } from './app-log';
import type { App } from './app-types';
import { ROOT } from './paths';

export function electronBinary(): string | undefined {
  try {
    const path = createRequire(import.meta.url)('electron') as string;
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

export async function startElectronApp(name: string, dataDir: string, log: AppLog): Promise<App> {
  const executablePath = electronBinary();
  if (!executablePath) {
    throw new Error('PROMANAGE_E2E_TARGET=electron needs Electron\'s binary: run "npm start" once online (it downloads it).');
  }
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  const start = async (): Promise<{ electron: ElectronApplication; page: Page }> => {
    // '.' as npm start runs it: package.json's main (out/main/index.js), name and version.
    const electron = await _electron.launch({ executablePath, args: ['.'], cwd: ROOT, env: { ...env, PROMANAGE_DATA_DIR: dataDir } });
    electron.process().stdout?.on('data', (chunk: Buffer) => log.write('electron', chunk.toString()));
    electron.process().stderr?.on('data', (chunk: Buffer) => log.write('electron stderr', chunk.toString()));
    const page = await electron.firstWindow();
    log.watch(page);
    return { electron, page };
  };
  const alive = () => current.electron.process().exitCode === null && current.electron.process().signalCode === null;
  let current = await start();
  return {
    name,
    dataDir,
    log,
    get page() {
      return current.page;
    },
    async restart() {
      if (alive()) await current.electron.close();
      current = await start();
    },
    async kill() {
      if (!alive()) return;
      const exited = new Promise((resolve) => current.electron.process().once('exit', resolve));
      current.electron.process().kill('SIGKILL');
      await exited;
    },
    async close() {
      if (alive()) await current.electron.close();
    },
  };
}
