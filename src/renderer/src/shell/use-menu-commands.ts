// The application menu's commands (Electron) and their keyboard shortcuts (also in the browser host).
import { useEffect } from 'react';
import type { MenuCommand } from '../../../shared/ipc/contract';
import { onEvent } from '../ipc/client';
import { useSession } from '../stores/session-store';
import { useSync } from '../stores/sync-store';
import { useWorkspace } from '../stores/workspace-store';

/** Commands screens handle themselves (new document, save version) arrive as a DOM event. */
export const MENU_EVENT = 'promanage:menu';

function run(command: MenuCommand): void {
  if (command === 'sync-now') void useSync.getState().retry();
  else if (command === 'sign-out') void useSession.getState().signOut();
  else if (command === 'search') useWorkspace.getState().go({ screen: 'search' });
  else window.dispatchEvent(new CustomEvent(MENU_EVENT, { detail: command }));
}

export function useMenuCommands(): void {
  useEffect(() => {
    const off = onEvent('menu:command', ({ command }) => run(command));
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 's' && !event.shiftKey) run('save-version');
      else if (key === 'k') run('search');
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      off();
      window.removeEventListener('keydown', onKey);
    };
  }, []);
}
