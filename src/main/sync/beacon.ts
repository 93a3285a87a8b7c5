// The change beacon (migration 0018): one short statement, through any pooler, that tells the device
// whether anything it may see has changed — a digest of its own scopes' stamps and the newest writer's
// xid, nothing about anyone else. The engine asks every second or so and pulls only when it changed.
//
// Before it, a cheaper question: has any transaction that wrote finished since the last answer?
// pg_current_snapshot() answers without touching a table. Two statements that see the same snapshot
// (same xmin, xmax and in-progress xids) see the same committed rows, so while the snapshot is the one
// the last beacon was read under, the beacon cannot have changed and is not asked (docs/sync.md,
// "Live updates").
import type { CentralConnection } from '../central/connection';

export interface Beacon {
  /** Changes whenever a commit touches one of the caller's scopes, or the caller's projects change. */
  signature: string;
  /** The newest commit among them: a pull shows it once its horizon is above this. */
  lastXid: string;
  /** The operator's interval for beacon checks (promanage.beacon_interval_ms), when set. */
  checkMs?: number;
  /** The snapshot the beacon was read under (pg_current_snapshot() of the same statement). */
  snapshot: string;
}

/** The caller's beacon; null when the token is no longer a valid session. */
export async function readBeacon(conn: CentralConnection, token: string): Promise<Beacon | null> {
  const { rows } = await conn.query<{ signature: string | null; last_xid: string | null; check_ms: number | null; snapshot: string }>(
    'SELECT signature, last_xid, check_ms, pg_current_snapshot()::text AS snapshot FROM app.sync_beacon($1)', [token]);
  const row = rows[0];
  if (!row?.signature) return null;
  return {
    signature: row.signature, lastXid: row.last_xid ?? '0', snapshot: row.snapshot,
    ...(row.check_ms ? { checkMs: row.check_ms } : {}),
  };
}

/** The server's current snapshot: no table, no parameter (one simple-protocol round trip). */
export async function readSnapshot(conn: CentralConnection): Promise<string> {
  const { rows } = await conn.query<{ snapshot: string }>('SELECT pg_current_snapshot()::text AS snapshot');
  return rows[0]!.snapshot;
}
