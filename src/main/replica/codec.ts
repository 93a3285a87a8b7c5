// Values between central's JSON form (row_to_json, push payloads) and SQLite's storage form.
import type { ColumnDef, ColumnType, TableDef } from '../../shared/replica/registry';

export type SqliteValue = string | number | bigint | Buffer | null;

const SQLITE_TYPES: Record<ColumnType, string> = {
  uuid: 'TEXT', text: 'TEXT', integer: 'INTEGER', bigint: 'INTEGER', boolean: 'INTEGER', json: 'TEXT',
  'text[]': 'TEXT', 'uuid[]': 'TEXT', timestamp: 'TEXT', date: 'TEXT', numeric: 'REAL', xid8: 'TEXT', bytea: 'BLOB',
};

export function sqliteType(type: ColumnType): string {
  return SQLITE_TYPES[type];
}

const UTC_TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(?:\+00:00|Z)$/;

/** ISO 8601 in UTC with milliseconds ("…T12:00:00.123Z"); a fast path for central's UTC output. */
export function normaliseTimestamp(value: string): string {
  const match = UTC_TIMESTAMP.exec(value);
  if (!match) return new Date(value).toISOString();
  return `${match[1]}.${(match[2] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
}

/** Central JSON value → SQLite value. Timestamps are normalised to ISO 8601 UTC with milliseconds. */
export function toSqlite(column: ColumnDef, value: unknown): SqliteValue {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'boolean':
      return value ? 1 : 0;
    case 'json':
    case 'text[]':
    case 'uuid[]':
      return JSON.stringify(value);
    case 'timestamp':
      return normaliseTimestamp(String(value));
    case 'integer':
    case 'bigint':
    case 'numeric':
      return Number(value);
    case 'bytea':
      return Buffer.isBuffer(value) ? value : Buffer.from(String(value).replace(/^\\x/, ''), 'hex');
    default:
      return String(value);
  }
}

/** SQLite value → central JSON value (what a push sends and what the app reads). */
export function fromSqlite(column: ColumnDef, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'boolean':
      return value === 1 || value === true;
    case 'json':
    case 'text[]':
    case 'uuid[]':
      return JSON.parse(String(value));
    case 'bytea':
      return `\\x${(value as Buffer).toString('hex')}`;
    default:
      return value;
  }
}

export function decodeRow(table: TableDef, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of table.columns) out[column.name] = fromSqlite(column, row[column.name]);
  return out;
}

/**
 * The SQL expression a pull selects for a column: text already in the replica's storage form
 * (booleans 0/1, arrays as JSON, timestamps ISO 8601 UTC with milliseconds, bytea as hex), so pulled
 * rows go into SQLite without converting values one by one.
 */
export function pullExpression(column: ColumnDef): string {
  const name = column.name;
  switch (column.type) {
    case 'boolean': return `(${name}::int)::text`;
    case 'text[]':
    case 'uuid[]': return `to_json(${name})::text`;
    case 'timestamp': return `to_char(${name} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'bytea': return `encode(${name}, 'hex')`;
    default: return `${name}::text`;
  }
}

/** A pulled text value in SQLite storage form (SQLite's column affinity turns numbers into numbers). */
export function fromPulled(column: ColumnDef, value: string | null): SqliteValue {
  if (value === null) return null;
  return column.type === 'bytea' ? Buffer.from(value, 'hex') : value;
}
