// Electron main: one secure window, the IPC bridge, the app menu, single-instance lock, and the
// desktop core (session, replica host, handlers) that the browser host also runs in tests.
import { app, BrowserWindow, ipcMain, Menu, shell } from 'electron';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/ipc/channels';
import type { MenuCommand } from '../shared/ipc/contract';
import { openDesktop } from './desktop/desktop';
import type { Desktop } from './desktop/desktop';
import { buildMenu } from './electron/menu';
import { safeStorageSecrets } from './electron/safe-storage-secrets';
import { savedBounds, trackWindowState } from './electron/window-state';
import { startMainLog } from './logging/main-log';
import { secureWebPreferences } from './window/web-preferences';

// Tests (Playwright's _electron) point the app at a throw-away data folder.
if (process.env.PROMANAGE_DATA_DIR) app.setPath('userData', process.env.PROMANAGE_DATA_DIR);

let desktop: Desktop | undefined;

function createWindow(core: Desktop): BrowserWindow {
  const bounds = savedBounds(core.settings);
  const window = new BrowserWindow({
    ...bounds,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'ProManage',
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.cjs')),
  });
  trackWindowState(window, core.settings);
  window.once('ready-to-show', () => {
    if (bounds.maximized) window.maximize();
    window.show();
  });
  // Links open in the system browser; the window never navigates away from the app.
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  const devServer = process.env.ELECTRON_RENDERER_URL;
  if (devServer) void window.loadURL(devServer);
  else void window.loadFile(join(__dirname, '../renderer/index.html'));
  window.webContents.once('did-finish-load', () =>
    window.webContents.send(EVENT_CHANNEL, 'app:ready', { at: new Date().toISOString() }),
  );
  return window;
}

function broadcast(event: string, payload: unknown): void {
  for (const window of BrowserWindow.getAllWindows()) window.webContents.send(EVENT_CHANNEL, event, payload);
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const logsDir = join(dataDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const core = await openDesktop({
    dataDir,
    replicaWorker: { url: join(__dirname, 'replica-worker.js') },
    demo: { worker: { url: join(__dirname, 'demo-central-worker.js') }, migrationsDir: join(app.getAppPath(), 'migrations') },
    secrets: safeStorageSecrets(dataDir),
    identity: { name: app.getName(), version: app.getVersion(), platform: process.platform },
  });
  desktop = core;
  core.onEvent((event, payload) => broadcast(event, payload));
  ipcMain.handle(INVOKE_CHANNEL, (event, channel: unknown, input: unknown) => {
    // Only our own window's top frame may call.
    if (event.senderFrame !== event.sender.mainFrame) {
      return { ok: false, error: { code: 'PERMISSION_DENIED', message: 'IPC is only available to the main frame.' } };
    }
    return core.dispatch(channel, input);
  });
  Menu.setApplicationMenu(buildMenu((command: MenuCommand) => broadcast('menu:command', { command }), logsDir));
  createWindow(core);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(core);
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // <data>/logs/main.log (rotated, secrets redacted); console output goes there too.
  const { logger, stop: stopLog } = startMainLog({ dir: join(app.getPath('userData'), 'logs') });
  logger.info('ProManage starting', {
    version: app.getVersion(), electron: process.versions.electron, platform: process.platform, arch: process.arch, packaged: app.isPackaged,
  });
  app.on('quit', (_event, exitCode) => {
    logger.info('ProManage quit', { exitCode });
    stopLog();
  });
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  void app.whenReady().then(start).catch((error: unknown) => {
    console.error('ProManage failed to start', error);
    app.exit(1);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Clean shutdown: stop sync and close the replica before quitting (every acknowledged write is
  // already committed to SQLite; this lets the engine finish the push in flight).
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing || !desktop) return;
    closing = true;
    event.preventDefault();
    void desktop.close().finally(() => app.quit());
  });
}
