// The replicated-table registry (src/shared) matches central's information_schema: every column, its
// type, and which columns application_user may insert and update.
import { describe, expect, it } from 'vitest';
import { REPLICATED_TABLES } from '../../src/shared/replica/registry';
import type { ColumnType } from '../../src/shared/replica/registry';
import { useTestDatabase } from '../support/fixture';

const t = useTestDatabase();

const CENTRAL_TYPES: Record<string, ColumnType> = {
  uuid: 'uuid', text: 'text', integer: 'integer', bigint: 'bigint', boolean: 'boolean', jsonb: 'json', _text: 'text[]',
  _uuid: 'uuid[]', 'timestamp with time zone': 'timestamp', date: 'date', numeric: 'numeric', xid8: 'xid8', bytea: 'bytea',
};

describe('replicated-table registry', () => {
  it.each(REPLICATED_TABLES.map((table) => [table.name, table] as const))('%s matches central', async (name, table) => {
    const { rows } = await t.admin.query<{ column_name: string; type: string; ins: boolean; upd: boolean }>(
      `SELECT column_name, CASE WHEN data_type = 'ARRAY' THEN udt_name ELSE data_type END AS type,
              has_column_privilege('application_user', 'app.' || table_name, column_name, 'INSERT') AS ins,
              has_column_privilege('application_user', 'app.' || table_name, column_name, 'UPDATE') AS upd
       FROM information_schema.columns WHERE table_schema = 'app' AND table_name = $1 AND column_name <> 'search_vector'
       ORDER BY ordinal_position`, [name]);
    expect(rows.length).toBeGreaterThan(5);
    expect(table.columns.map((c) => ({ name: c.name, type: c.type, insertable: c.insertable, updatable: c.updatable })))
      .toEqual(rows.map((r) => ({ name: r.column_name, type: CENTRAL_TYPES[r.type] ?? r.type, insertable: r.ins, updatable: r.upd })));
  });

  it('covers every central table that carries sync columns, and each one can be pulled by its scope', async () => {
    const { rows } = await t.admin.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = 'app' AND column_name = 'sync_xid'
         AND table_name NOT IN ('activity_logs', 'tombstones') AND table_name NOT LIKE '%\\_y____%' AND table_name NOT LIKE '%\\_default'`);
    expect(REPLICATED_TABLES.map((t) => t.name).sort()).toEqual(rows.map((r) => r.table_name).sort());
  });
});
