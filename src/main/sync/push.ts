// Push (architecture.md §5): the outbox in batches through app.push_mutations, which applies each
// mutation in a savepoint as the user and skips ids the device already pushed (exactly-once).
import type { CentralConnection } from '../central/connection';
import { inSession } from '../central/auth';
import type { PushResult, ReplicaStore } from '../replica/replica-store';

export interface PushSummary {
  applied: number;
  skipped: number;
  rejected: number;
}

export interface PushOptions {
  batchSize?: number;
  /** Told the xid of each batch's transaction once committed (read-your-writes on a standby). */
  onCommitted?: (xid: string) => void;
}

export async function push(conn: CentralConnection, store: ReplicaStore, token: string, options: PushOptions = {}): Promise<PushSummary> {
  const batchSize = options.batchSize ?? 1000;
  const summary: PushSummary = { applied: 0, skipped: 0, rejected: 0 };
  for (;;) {
    const batch = store.pendingMutations(batchSize);
    if (batch.length === 0) return summary;
    const payload = batch.map((m) => ({
      id: m.mutationId, table: m.table, op: m.op, row_id: m.rowId, values: m.values, client_time: m.clientTime,
    }));
    const { results, xid } = await inSession(conn, token, async () => {
      const { rows } = await conn.query<{ results: PushResult[] }>('SELECT app.push_mutations($1, $2::jsonb) AS results', [
        store.clientId,
        JSON.stringify(payload),
      ]);
      const own = await conn.query<{ xid: string | null }>('SELECT pg_current_xact_id_if_assigned()::text AS xid');
      return { results: rows[0]!.results, xid: own.rows[0]?.xid ?? null };
    });
    if (xid) options.onCommitted?.(xid);
    store.settle(results);
    for (const r of results) summary[r.status]++;
  }
}
