// Remembers the window's size, position and maximized state in the settings file.
import type { BrowserWindow } from 'electron';
import { screen } from 'electron';
import type { Settings, SettingsFile } from '../desktop/settings';

const DEFAULT = { width: 1280, height: 800, maximized: false };

/** The saved bounds, if they are still on a connected screen. */
export function savedBounds(settings: SettingsFile): NonNullable<Settings['window']> {
  const saved = settings.read().window;
  if (!saved) return DEFAULT;
  if (saved.x === undefined || saved.y === undefined) return saved;
  const visible = screen.getAllDisplays().some(({ workArea: a }) =>
    saved.x! >= a.x - 50 && saved.y! >= a.y - 50 && saved.x! < a.x + a.width && saved.y! < a.y + a.height);
  return visible ? saved : { width: saved.width, height: saved.height, maximized: saved.maximized };
}

export function trackWindowState(window: BrowserWindow, settings: SettingsFile): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    if (window.isDestroyed() || window.isMinimized()) return;
    const bounds = window.getNormalBounds();
    settings.update({ window: { ...bounds, maximized: window.isMaximized() } });
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('close', save);
}
