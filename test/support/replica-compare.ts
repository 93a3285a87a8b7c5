// Compares what a client's replica holds with what central shows that client's user.
import { connectPg } from '../../src/main/central/connection';
import { inSession } from '../../src/main/central/auth';
import { REPLICATED_TABLES } from '../../src/shared/replica/registry';
import { decodeRow, toSqlite } from '../../src/main/replica/codec';
import type { SyncClient } from './sync-client';

type Snapshot = Record<string, string[]>;

function normalise(row: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(row).sort().map((k) => [k, row[k]]));
}

export async function centralSnapshot(client: SyncClient, projectIds: string[]): Promise<Snapshot> {
  const conn = await connectPg(client.url);
  try {
    return await inSession(conn, client.token, async () => {
      await conn.query(`SELECT set_config('TimeZone', 'UTC', true)`);
      const snapshot: Snapshot = {};
      for (const table of REPLICATED_TABLES) {
        const filter = table.scope === 'project' ? (table.name === 'projects' ? 'id = ANY($1)' : 'project_id = ANY($1)')
          : table.scope === 'recipient' ? 'recipient_id = app.current_user_id()'
          : table.name === 'organizations' ? 'id = app.current_organization_id()'
          : '(organization_id = app.current_organization_id() OR organization_id IS NULL)';
        const { rows } = await conn.query<{ j: Record<string, unknown> }>(
          `SELECT row_to_json(x) AS j FROM (SELECT ${table.columns.map((c) => c.name).join(', ')} FROM app.${table.name} WHERE ${filter}) x`,
          table.scope === 'project' ? [projectIds] : []);
        snapshot[table.name] = rows.map((r) => {
          const local: Record<string, unknown> = {};
          for (const column of table.columns) local[column.name] = toSqlite(column, r.j[column.name]);
          return normalise(decodeRow(table, local));
        }).sort();
      }
      return snapshot;
    }, { readOnly: true });
  } finally {
    await conn.close();
  }
}

export function localSnapshot(client: SyncClient): Snapshot {
  const snapshot: Snapshot = {};
  for (const table of REPLICATED_TABLES) {
    const rows = client.store.db.prepare(`SELECT * FROM ${table.name}`).all() as Record<string, unknown>[];
    snapshot[table.name] = rows.map((r) => normalise(decodeRow(table, r))).sort();
  }
  return snapshot;
}
