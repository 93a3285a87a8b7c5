// One connection to a central PostgreSQL: a real server through `pg`, or an embedded PGlite.
// The migration runner and (later) the sync engine talk to central only through this interface.
import type { PGlite } from '@electric-sql/pglite';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { wholeRows } from './copy-text';

export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface CentralConnection {
  readonly kind: 'pg' | 'pglite';
  /** One statement with $1-style parameters. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** One statement whose columns are all text: rows as arrays of strings (NULL as null), unparsed. */
  queryTextRows(sql: string, params?: readonly unknown[]): Promise<(string | null)[][]>;
  /**
   * `COPY (query) TO STDOUT` in text format, streamed: buffers of whole rows (copy-text.ts parses
   * them). Only a real server has it; the query takes no parameters.
   */
  copyOut?(query: string): AsyncIterable<{ data: Buffer; rows: number }>;
  /** A script of several statements, no parameters. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** Type parsers that leave every value as the server's text. */
const RAW_TEXT = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

export async function connectPg(connectionString: string): Promise<CentralConnection> {
  const client = new pg.Client({ connectionString });
  // A lost connection also surfaces as the failure of the query in flight; without a listener the
  // 'error' event would end the process.
  client.on('error', () => undefined);
  await client.connect();
  return {
    kind: 'pg',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    },
    async queryTextRows(sql: string, params: readonly unknown[] = []) {
      const result = await client.query<(string | null)[]>({ text: sql, values: params as unknown[], rowMode: 'array', types: RAW_TEXT });
      return result.rows;
    },
    async *copyOut(query: string) {
      const stream = client.query(copyTo(`COPY (${query}) TO STDOUT`));
      try {
        yield* wholeRows(stream.iterator({ destroyOnReturn: false }));
      } finally {
        // Left early (the caller failed): read the rest, so that the connection can run its next statement.
        if (!stream.readableEnded && !stream.destroyed) await finished(stream.resume()).catch(() => undefined);
      }
    },
    async exec(sql: string) {
      await client.query(sql);
    },
    async close() {
      await client.end();
    },
  };
}

/** Opens PGlite (with pgcrypto) in `dataDir`, or in memory when it is undefined. */
export async function openPglite(dataDir?: string): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pgcrypto } = await import('@electric-sql/pglite/contrib/pgcrypto');
  return PGlite.create(dataDir, { extensions: { pgcrypto } });
}

/** A CentralConnection on an open PGlite (its one session, as the superuser). */
export function pgliteConnection(db: PGlite): CentralConnection {
  return {
    kind: 'pglite',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await db.query<Row>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.rows.length > 0 ? result.rows.length : (result.affectedRows ?? 0) };
    },
    async queryTextRows(sql: string, params: readonly unknown[] = []) {
      const result = await db.query<(string | null)[]>(sql, params as unknown[], { rowMode: 'array' });
      return result.rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    async close() {
      await db.close();
    },
  };
}

export async function connectPglite(dataDir?: string): Promise<CentralConnection> {
  return pgliteConnection(await openPglite(dataDir));
}

/** `postgres://…` or `postgresql://…` opens a server connection; `pglite:<dir>` or `pglite:memory` an embedded one. */
export async function connect(url: string): Promise<CentralConnection> {
  if (url.startsWith('pglite:')) {
    const location = url.slice('pglite:'.length).replace(/^\/\//, '');
    return connectPglite(location === 'memory' || location === '' ? undefined : location);
  }
  if (/^postgres(ql)?:\/\//.test(url)) return connectPg(url);
  throw new Error(
    `Unsupported database URL "${url}". Use postgres://user:password@host:port/database or pglite:<data directory>.`,
  );
}
