// One connection to a central PostgreSQL: a real server through `pg`, or an embedded PGlite.
// The migration runner and (later) the sync engine talk to central only through this interface.
import pg from 'pg';

export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface CentralConnection {
  readonly kind: 'pg' | 'pglite';
  /** One statement with $1-style parameters. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** A script of several statements, no parameters. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export async function connectPg(connectionString: string): Promise<CentralConnection> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  return {
    kind: 'pg',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
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
export async function connectPglite(dataDir?: string): Promise<CentralConnection> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pgcrypto } = await import('@electric-sql/pglite/contrib/pgcrypto');
  const db = await PGlite.create(dataDir, { extensions: { pgcrypto } });
  return {
    kind: 'pglite',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await db.query<Row>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    async close() {
      await db.close();
    },
  };
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
