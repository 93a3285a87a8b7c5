// The user's notifications (mentions, approvals requested, decisions, failed executions): unread count
// in the navigation, the list, read marks; new ones also as desktop notifications.
import { create } from 'zustand';
import type { NotificationItem } from '../../../shared/ipc/domains/collaboration';
import { call, onEvent } from '../ipc/client';

interface NotificationsStore {
  items: NotificationItem[];
  load(): Promise<void>;
  markRead(ids: string[]): Promise<void>;
}

let seen: Set<string> | null = null;

function announce(items: NotificationItem[]): void {
  const fresh = items.filter((n) => !n.read && seen !== null && !seen.has(n.id));
  seen = new Set(items.map((n) => n.id));
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  for (const n of fresh.slice(0, 3)) new Notification(n.title, { body: n.body });
}

export const useNotifications = create<NotificationsStore>((set) => ({
  items: [],
  async load() {
    const items = await call('notifications:list', {}).catch(() => null);
    if (!items) return;
    announce(items);
    set({ items });
  },
  async markRead(ids) {
    if (ids.length === 0) return;
    await call('notifications:markRead', { ids });
    set((s) => ({ items: s.items.map((n) => (ids.includes(n.id) ? { ...n, read: true } : n)) }));
  },
}));

onEvent('replica:changed', ({ tables }) => {
  if (tables.includes('notifications')) void useNotifications.getState().load();
});
