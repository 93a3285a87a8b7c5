// The change beacon (migration 0018): one short statement, through any pooler, that tells the device
// whether anything it may see has changed — a digest of its own scopes' stamps and the newest writer's
// xid, nothing about anyone else. The engine asks every second or so and pulls only when it changed.
import type { CentralConnection } from '../central/connection';

export interface Beacon {
  /** Changes whenever a commit touches one of the caller's scopes, or the caller's projects change. */
  signature: string;
  /** The newest commit among them: a pull shows it once its horizon is above this. */
  lastXid: string;
  /** The operator's interval for beacon checks (promanage.beacon_interval_ms), when set. */
  checkMs?: number;
}

/** The caller's beacon; null when the token is no longer a valid session. */
export async function readBeacon(conn: CentralConnection, token: string): Promise<Beacon | null> {
  const { rows } = await conn.query<{ signature: string | null; last_xid: string | null; check_ms: number | null }>(
    'SELECT signature, last_xid, check_ms FROM app.sync_beacon($1)', [token]);
  const row = rows[0];
  if (!row?.signature) return null;
  return { signature: row.signature, lastXid: row.last_xid ?? '0', ...(row.check_ms ? { checkMs: row.check_ms } : {}) };
}
