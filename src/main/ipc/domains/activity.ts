import type { ActivityEntry } from '../../../shared/ipc/domains/activity';
import { inSession } from '../../central/auth';
import type { DesktopSession } from '../../desktop/session';
import type { Handlers } from '../router';

interface ActivityRow {
  id: string; action: string; full_name: string | null; device_name: string | null; created_at: Date; client_action_at: Date | null;
  changes: ActivityEntry['changes'];
}

export function activityHandlers(session: DesktopSession): Pick<Handlers, 'activity:list'> {
  return {
    'activity:list': ({ entityId }) => session.withCentral((conn, token) => inSession(conn, token, async () => {
      const { rows } = await conn.query<ActivityRow>(`SELECT a.id, a.action, u.full_name, a.device_name, a.created_at, a.client_action_at, a.changes
        FROM app.activity_logs a LEFT JOIN app.users u ON u.id = a.user_id
        WHERE a.entity_id = $1 ORDER BY a.created_at DESC LIMIT 200`, [entityId]);
      return rows.map((r) => ({
        id: r.id, action: r.action, userName: r.full_name, deviceName: r.device_name, at: new Date(r.created_at).toISOString(),
        deviceAt: r.client_action_at ? new Date(r.client_action_at).toISOString() : null, changes: r.changes ?? {},
      }));
    }, { readOnly: true })),
  };
}
