// Electron main: one secure window, the IPC bridge, single-instance lock.
import { app, BrowserWindow, ipcMain, shell } from 'electron';
import { join } from 'node:path';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/ipc/channels';
import { createHandlers } from './ipc/handlers';
import { createRouter } from './ipc/router';
import { secureWebPreferences } from './window/web-preferences';

const dispatch = createRouter(
  createHandlers({ name: app.getName(), version: app.getVersion(), platform: process.platform }),
);

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'ProManage',
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.cjs')),
  });
  window.once('ready-to-show', () => window.show());
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

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  ipcMain.handle(INVOKE_CHANNEL, (event, channel: unknown, input: unknown) => {
    // Only our own window's top frame may call.
    if (event.senderFrame !== event.sender.mainFrame) {
      return { ok: false, error: { code: 'PERMISSION_DENIED', message: 'IPC is only available to the main frame.' } };
    }
    return dispatch(channel, input);
  });
  void app.whenReady().then(() => {
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
