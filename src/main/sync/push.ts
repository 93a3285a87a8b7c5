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

export async function push(conn: CentralConnection, store: ReplicaStore, token: string, batchSize = 1000): Promise<PushSummary> {
  const summary: PushSummary = { applied: 0, skipped: 0, rejected: 0 };
  for (;;) {
    const batch = store.pendingMutations(batchSize);
    if (batch.length === 0) return summary;
    const payload = batch.map((m) => ({
      id: m.mutationId, table: m.table, op: m.op, row_id: m.rowId, values: m.values, client_time: m.clientTime,
    }));
    const results = await inSession(conn, token, async () => {
      const { rows } = await conn.query<{ results: PushResult[] }>('SELECT app.push_mutations($1, $2::jsonb) AS results', [
        store.clientId,
        JSON.stringify(payload),
      ]);
      return rows[0]!.results;
    });
    store.settle(results);
    for (const r of results) summary[r.status]++;
  }
}
