// The navigation's notifications entry: unread count, and the list in a dialog.
import { useEffect, useState } from 'react';
import { Dialog } from '../common/Dialog';
import { formatAgo } from '../lib/format';
import { useWorkspace } from '../stores/workspace-store';
import { routeFor } from '../stores/entity-route';
import { useNotifications } from './notifications-store';

export function NotificationsButton() {
  const { items, load, markRead } = useNotifications();
  const go = useWorkspace((s) => s.go);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    void load();
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
  }, [load]);
  const unread = items.filter((n) => !n.read);
  return (
    <>
      <button type="button" className="nav-item" data-testid="notifications" onClick={() => setOpen(true)}>
        Notifications{unread.length > 0 && <span className="badge count" data-testid="unread-count">{unread.length}</span>}
      </button>
      {open && (
        <Dialog title="Notifications" onClose={() => setOpen(false)} testId="notifications-panel">
          <div className="panel-actions">
            <button type="button" disabled={unread.length === 0} onClick={() => void markRead(unread.map((n) => n.id))}>Mark all as read</button>
          </div>
          {items.length === 0 && <p className="muted">Nothing yet. Mentions, approval requests and decisions appear here.</p>}
          <ul className="notification-list">
            {items.map((n) => {
              const route = routeFor(n.entityType, n.entityId);
              return (
                <li key={n.id} className={n.read ? 'read' : 'unread'} data-testid="notification">
                  <strong>{n.title}</strong> <span className="muted">{formatAgo(n.createdAt)}</span>
                  {n.body && <div>{n.body}</div>}
                  <div className="panel-actions">
                    {route && <button type="button" className="link" onClick={() => { void markRead([n.id]); setOpen(false); go(route); }}>Open</button>}
                    {!n.read && <button type="button" className="link" onClick={() => void markRead([n.id])}>Mark as read</button>}
                  </div>
                </li>
              );
            })}
          </ul>
        </Dialog>
      )}
    </>
  );
}
