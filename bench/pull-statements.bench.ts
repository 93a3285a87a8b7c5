// npm run bench:statements: how long each statement of a bootstrap pull of the 100,000-row benchmark
// project runs on central, and how long the pull's transaction sits idle between statements — the
// figures application_user's statement_timeout and idle_in_transaction_session_timeout are chosen
// from (docs/security-model.md, "Defences against a modified client").
// Prints one JSON object per figure: {"name", "value", "unit"}.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { connectPg } from '../src/main/central/connection';
import type { CentralConnection } from '../src/main/central/connection';
import { ReplicaStore } from '../src/main/replica/replica-store';
import { pull } from '../src/main/sync/pull';
import { sessionToken } from '../test/support/sessions';
import { benchDatabase } from './bench-database';
import { seedProject } from './seed-project';
import { report } from './report';

const log = (message: string) => console.error(`# ${message}`);

interface Timing { statement: string; ms: number }

/** The connection, with each statement's time on central (a COPY: from its call to its last row) and the gaps between. */
function timed(conn: CentralConnection, statements: Timing[], gaps: number[]): CentralConnection {
  let lastEnd = performance.now();
  const track = async <T>(statement: string, run: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    gaps.push(start - lastEnd);
    try {
      return await run();
    } finally {
      lastEnd = performance.now();
      statements.push({ statement: statement.replace(/\s+/g, ' ').slice(0, 80), ms: lastEnd - start });
    }
  };
  return {
    ...conn,
    query: (sql, params) => track(sql, () => conn.query(sql, params)),
    queryTextRows: (sql, params) => track(sql, () => conn.queryTextRows(sql, params)),
    exec: (sql) => track(sql, () => conn.exec(sql)),
    close: () => conn.close(),
    async *copyOut(query: string) {
      const start = performance.now();
      gaps.push(start - lastEnd);
      let busy = 0;
      let resumed = start;
      for await (const chunk of conn.copyOut!(query)) {
        busy += performance.now() - resumed;
        yield chunk;  // the consumer applies it meanwhile: central waits on the client, the statement still runs
        resumed = performance.now();
      }
      lastEnd = performance.now();
      statements.push({ statement: `COPY ${query.replace(/\s+/g, ' ').slice(0, 70)}`, ms: lastEnd - start });
      statements.push({ statement: `(fetching only) ${query.replace(/\s+/g, ' ').slice(0, 60)}`, ms: busy + (lastEnd - resumed) });
    },
  };
}

async function main() {
  const { db, admin, world } = await benchDatabase();
  try {
    const org = await world.org('bench');
    const big = await world.project(org, 'BIG');
    const owner = await world.user(org);
    await world.member(big, owner, 'PROJECT_MANAGER');
    log('seeding 100,000 rows');
    log(`seeded ${await seedProject(admin, org.id, big.id, owner.id)} rows`);
    await admin.query('VACUUM (ANALYZE)');
    await admin.query('CHECKPOINT');
    await admin.end();

    for (let run = 1; run <= 3; run++) {
      const statements: Timing[] = [];
      const gaps: number[] = [];
      const conn = timed(await connectPg(db.appUrl), statements, gaps);
      const store = new ReplicaStore(join(mkdtempSync(join(tmpdir(), 'bench-statements-')), 'replica.db'));
      const started = performance.now();
      const summary = await pull(conn, store, await sessionToken(db.appUrl, owner));
      const total = performance.now() - started;
      store.close();
      await conn.close();
      const longest = statements.reduce((a, b) => (b.ms > a.ms ? b : a));
      const fetching = statements.filter((s) => s.statement.startsWith('(fetching only)')).reduce((a, b) => (b.ms > a.ms ? b : a));
      log(`run ${run}: ${summary.rows} rows in ${total.toFixed(0)} ms; longest statement ${longest.ms.toFixed(0)} ms: ${longest.statement}`);
      report('pull_bootstrap_ms', total, 'ms');
      report('pull_longest_statement_ms', longest.ms, 'ms');
      report('pull_longest_statement_fetching_ms', fetching.ms, 'ms');
      report('pull_longest_idle_in_transaction_ms', Math.max(...gaps.slice(1)), 'ms');  // the first gap is before BEGIN
    }
  } finally {
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
