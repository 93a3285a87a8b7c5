// The application menu: the usual edit/view/window roles plus the app's own commands, sent to the
// window as 'menu:command' events.
import { Menu, shell } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/ipc/contract';

export function buildMenu(send: (command: MenuCommand) => void, logsDir: string): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Document', accelerator: 'CmdOrCtrl+N', click: () => send('new-document') },
        { label: 'Save Version…', accelerator: 'CmdOrCtrl+S', click: () => send('save-version') },
        { type: 'separator' },
        { label: 'Sync Now', accelerator: 'CmdOrCtrl+Shift+S', click: () => send('sync-now') },
        { label: 'Sign Out', click: () => send('sign-out') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Search', accelerator: 'CmdOrCtrl+K', click: () => send('search') },
        { type: 'separator' },
        { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' },
        { role: 'toggleDevTools' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'Open Logs Folder', click: () => void shell.openPath(logsDir) }] },
  ];
  return Menu.buildFromTemplate(template);
}
