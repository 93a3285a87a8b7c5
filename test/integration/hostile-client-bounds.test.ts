// A modified desktop client connected as application_user tries to exhaust central (runaway statements,
// oversized data, sign-in floods) or to learn about other organizations through catalogs, statistics and
// error messages (migration 0016; docs/security-model.md, "Defences against a modified client").
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CentralConnection } from '../../src/main/central/connection';
import { connectPg } from '../../src/main/central/connection';
import { login } from '../../src/main/central/auth';
import { isTransient } from '../../src/main/sync/sync-errors';
import { useTestDatabase } from '../support/fixture';
import { signIn } from '../support/sessions';
import { SyncClient } from '../support/sync-client';
import type { AppSession } from '../support/sessions';
import type { Org, Project, User } from '../support/world';

const t = useTestDatabase();

let project: Project;
let manager: User;
let session: AppSession;
let strangerOrg: Org;
let strangerProject: Project;
let strangerDocument: { id: string };
let strangerTask: { id: string };

beforeAll(async () => {
  const w = t.world;
  const org = await w.org();
  project = await w.project(org);
  manager = await w.user(org);
  await w.member(project, manager, 'PROJECT_MANAGER');
  strangerOrg = await w.org();
  strangerProject = await w.project(strangerOrg);
  strangerDocument = await w.document(strangerProject, { title: 'Stranger secret plan', content: 'stranger-secret-content' });
  strangerTask = await w.task(strangerProject, { title: 'Stranger secret task' });
  session = await signIn(t.db.appUrl, manager);
  t.track(session.conn);
});

async function caught(promise: Promise<unknown>): Promise<{ code?: string; message: string; detail?: string; hint?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string; detail?: string; hint?: string };
  }
  throw new Error('expected the statement to fail');
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await t.admin.query<{ n: number }>(sql, params);
  return rows[0]!.n;
}

/** Waits until central shows `pid` running (or idle in a transaction), as the admin. */
async function waitForState(pid: number, state: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { rows } = await t.admin.query('SELECT state FROM pg_stat_activity WHERE pid = $1', [pid]);
    if (rows[0]?.state === state) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`backend ${pid} never reached state ${state}`);
}

async function appConnection(): Promise<{ conn: CentralConnection; pid: number }> {
  const conn = t.track(await connectPg(t.db.appUrl));
  const { rows } = await conn.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return { conn, pid: rows[0]!.pid };
}

describe('time and connection limits', () => {
  it('application_user runs with statement, idle-in-transaction and lock timeouts, and a connection limit', async () => {
    const { conn } = await appConnection();
    const { rows } = await conn.query<Record<string, string>>(
      `SELECT current_setting('statement_timeout') AS statement, current_setting('idle_in_transaction_session_timeout') AS idle,
              current_setting('lock_timeout') AS lock`);
    expect(rows[0]).toEqual({ statement: '1min', idle: '1min', lock: '15s' });
    const limit = await count(`SELECT rolconnlimit AS n FROM pg_roles WHERE rolname = 'application_user'`);
    const max = await count(`SELECT current_setting('max_connections')::int AS n`);
    expect(limit).toBeGreaterThan(0);
    expect(limit).toBeLessThan(max);
  });

  it('a runaway statement (its own timeout switched off) is cancelled by the watchdog; the sync counts that as transient', async () => {
    const { conn, pid } = await appConnection();
    await conn.exec('SET statement_timeout = 0');
    const runaway = caught(conn.query('SELECT count(*) FROM generate_series(1, 1000000) a, generate_series(1, 1000000) b'));
    await waitForState(pid, 'active');
    // The operator's own long statement, meanwhile, is not the watchdog's business.
    const operator = new pg.Client({ connectionString: t.db.adminUrl });
    await operator.connect();
    const operatorWork = operator.query('SELECT pg_sleep(1), 1 AS done');
    for (let i = 0; i < 500; i++) {
      const { rows } = await t.admin.query(`SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep(1), 1 AS done'`);
      if (rows.length > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const stopped = await t.admin.query(`SELECT pid, action FROM auth.stop_runaway_statements(interval '0', NULL)`);
    expect(stopped.rows).toEqual([{ pid, action: 'cancelled' }]);
    expect((await operatorWork).rows[0]).toMatchObject({ done: 1 });
    await operator.end();
    const error = await runaway;
    expect(error.code).toBe('57014');
    expect(isTransient(error)).toBe(true);
    // The connection itself stays usable, as the sync's next try needs.
    expect((await conn.query<{ n: number }>('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
  });

  it('a push held up past the limit is cancelled (57014); the outbox is kept and the retry applies each change once', async () => {
    const device = await SyncClient.signIn('held-push', t.db.appUrl, manager);
    await device.pull();
    const ids = [1, 2].map((i) => device.writer.create('task', project.id, { title: `Held ${i}` }).id);
    const locker = new pg.Client({ connectionString: t.db.adminUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM app.projects WHERE id = $1 FOR UPDATE', [project.id]);
      const pushing = caught(device.push());
      for (let i = 0; i < 500; i++) {
        const { rows } = await t.admin.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database()
          AND usename = 'application_user' AND wait_event_type = 'Lock'`);
        if (rows.length > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const stopped = await t.admin.query(`SELECT action FROM auth.stop_runaway_statements(interval '0', NULL)`);
      expect(stopped.rows).toEqual([{ action: 'cancelled' }]);
      const error = await pushing;
      expect(error.code).toBe('57014');
      expect(isTransient(error)).toBe(true);
      expect(device.store.pendingCount()).toBe(2);
      expect(await count('SELECT count(*)::int AS n FROM app.tasks WHERE id = ANY($1)', [ids])).toBe(0);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    expect(await device.push()).toEqual({ applied: 2, skipped: 0, rejected: 0 });
    expect(await count('SELECT count(*)::int AS n FROM app.tasks WHERE id = ANY($1)', [ids])).toBe(2);
    await device.close();
  });

  it('pg_sleep under the role\'s own statement_timeout is cancelled too (57014)', async () => {
    const { conn } = await appConnection();
    await conn.exec(`SET statement_timeout = '200ms'`);  // the role's 60 s, shortened for the test
    const error = await caught(conn.query('SELECT pg_sleep(30)'));
    expect(error.code).toBe('57014');
    expect(isTransient(error)).toBe(true);
  });

  it('a session left idle in a transaction (holding a snapshot and locks) is ended by the watchdog', async () => {
    const { conn, pid } = await appConnection();
    await conn.exec(`SET idle_in_transaction_session_timeout = 0`);
    await conn.exec('BEGIN');
    await conn.query('SELECT 1');
    await waitForState(pid, 'idle in transaction');
    const stopped = await t.admin.query(`SELECT pid, action FROM auth.stop_runaway_statements(NULL, interval '0')`);
    expect(stopped.rows).toEqual([{ pid, action: 'terminated' }]);
    const error = await caught(conn.query('SELECT 1'));
    expect(isTransient(error)).toBe(true);
  });

  it('application_user cannot run the watchdog nor lift its connection limit; settings it changes for itself are put back', async () => {
    const { conn } = await appConnection();
    expect((await caught(conn.query('SELECT * FROM auth.stop_runaway_statements()'))).code).toBe('42501');
    expect((await caught(conn.query('SELECT auth.harden_database()'))).code).toBe('42501');
    expect((await caught(conn.exec(`ALTER ROLE application_user CONNECTION LIMIT -1`))).code).toBe('42501');
    // PostgreSQL lets any role set its own defaults: lifting the timeout here, and a setting for every database
    // (a harmless one: the cluster is shared with other test files).
    await conn.exec(`ALTER ROLE application_user IN DATABASE "${t.db.name}" SET statement_timeout = 0`);
    await conn.exec(`ALTER ROLE application_user SET work_mem = '8MB'`);
    const stopped = await t.admin.query('SELECT pid, action FROM auth.stop_runaway_statements()');
    expect(stopped.rows).toEqual([{ pid: null, action: 'settings restored' }]);
    const { conn: next } = await appConnection();
    const { rows } = await next.query<Record<string, string>>(
      `SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock`);
    expect(rows[0]).toEqual({ statement: '1min', lock: '15s' });
    expect(await count(`SELECT count(*)::int AS n FROM pg_db_role_setting WHERE setrole = 'application_user'::regrole AND setdatabase = 0`)).toBe(0);
  });
});

describe('size limits', () => {
  const push = (mutations: unknown) =>
    session.query<{ r: { id: number; status: string; code?: string; message?: string; hint?: string }[] }>(
      'SELECT app.push_mutations($1, $2::jsonb) AS r', [randomUUID(), JSON.stringify(mutations)]);

  it('a push of more than 1,000 mutations is refused whole; nothing is applied', async () => {
    const mutations = Array.from({ length: 1001 }, (_, i) => ({
      id: i + 1, table: 'tasks', op: 'insert', row_id: randomUUID(),
      values: { organization_id: project.org.id, project_id: project.id, title: `Flood ${i}` },
    }));
    const before = await count('SELECT count(*)::int AS n FROM app.tasks');
    const error = await caught(push(mutations));
    expect(error).toMatchObject({ code: 'PM414', message: 'A push carries at most 1000 changes; this one has 1001.' });
    expect(error.hint).toMatch(/batches of at most 1,000/);
    expect(await count('SELECT count(*)::int AS n FROM app.tasks')).toBe(before);
  });

  it('a mutation over 64 MB is rejected alone (PM414); the others of the push apply', async () => {
    const big = randomUUID();
    const small = randomUUID();
    const results = await session.query<{ r: { id: number; status: string; code?: string; message?: string }[] }>(
      `SELECT app.push_mutations($1, jsonb_build_array(
         jsonb_build_object('id', 1, 'table', 'tasks', 'op', 'insert', 'row_id', $2::text,
                            'values', jsonb_build_object('organization_id', $4::text, 'project_id', $5::text, 'title', 'Big',
                                                         'description', repeat('x', 64000000))),
         jsonb_build_object('id', 2, 'table', 'tasks', 'op', 'insert', 'row_id', $3::text,
                            'values', jsonb_build_object('organization_id', $4::text, 'project_id', $5::text, 'title', 'Small')))) AS r`,
      [randomUUID(), big, small, project.org.id, project.id]);
    const [first, second] = results[0]!.r;
    expect(first).toMatchObject({ id: 1, status: 'rejected', code: 'PM414' });
    expect(first!.message).toMatch(/^This change is too large: 64,000,\d{3} bytes, at most 64,000,000\.$/);
    expect(second).toMatchObject({ id: 2, status: 'applied' });
    expect(await count('SELECT count(*)::int AS n FROM app.tasks WHERE id = $1', [big])).toBe(0);
  });

  it.each([
    ['a comment', 'comments', () => ({ entity_type: 'TASK', body: 'c'.repeat(20_001) }),
      'Too large: the comment has 20,001 characters, at most 20,000.'],
    ['a document\'s text', 'documents', () => ({ title: 'Long', content: 'd'.repeat(5_000_001) }),
      'Too large: the document\'s text has 5,000,001 characters, at most 5,000,000.'],
    ['tags', 'tasks', () => ({ title: 'Tagged', tags: Array.from({ length: 50 }, () => 't'.repeat(101)) }),
      'Too large: the list of tags has 5,050 characters, at most 5,000.'],
    ['step results', 'test_executions', () => ({ status: 'PASSED', test_case_version: 1, executed_at: new Date().toISOString(),
      step_results: Array.from({ length: 501 }, (_, step) => ({ step, status: 'PASSED' })) }),
      'Too large: the list of step results has 501 steps, at most 500.'],
  ])('%s over its limit is rejected in a push with PM414, a message and a hint; nothing is written', async (_, table, values, message) => {
    const task = await t.world.task(project);
    const testCase = await t.world.testCase(project);
    const row = randomUUID();
    const extra: Record<string, unknown> = table === 'comments' ? { entity_id: task.id } : table === 'test_executions' ? { test_case_id: testCase.id } : {};
    const results = await push([{ id: 1, table, op: 'insert', row_id: row,
      values: { organization_id: project.org.id, project_id: project.id, ...values(), ...extra } }]);
    expect(results[0]!.r).toEqual([{ id: 1, status: 'rejected', code: 'PM414', message, hint: 'Shorten it, or split it into several items.', row: null }]);
    expect(await count(`SELECT count(*)::int AS n FROM app.${table} WHERE id = $1`, [row])).toBe(0);
  });

  it('direct SQL meets the same limits: a Yjs update over 20 MB, a comment edited past 20,000 characters', async () => {
    const document = await t.world.document(project);
    const update = await caught(session.query(
      `INSERT INTO app.document_updates (id, organization_id, project_id, document_id, update_data)
       VALUES ($1, $2, $3, $4, decode(repeat('ab', 20000001), 'hex'))`, [randomUUID(), project.org.id, project.id, document.id]));
    expect(update).toMatchObject({ code: 'PM414', message: 'Too large: the edit of the document\'s content (Yjs update) has 20,000,001 bytes, at most 20,000,000.' });
    const comment = await t.world.comment(project, { created_by: manager.id });
    const edit = await caught(session.query(`UPDATE app.comments SET body = repeat('e', 20001) WHERE id = $1`, [comment.id]));
    expect(edit.code).toBe('PM414');
    expect(await count('SELECT count(*)::int AS n FROM app.document_updates WHERE document_id = $1', [document.id])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM app.comments WHERE id = $1 AND body = 'A comment'`, [comment.id])).toBe(1);
  });

  it('an attachment chunk over 1 MB, or outside the file, is refused; nothing is stored', async () => {
    const task = await t.world.task(project);
    const id = randomUUID();
    await session.query(
      `INSERT INTO app.attachments (id, organization_id, project_id, entity_type, entity_id, file_name, file_size, checksum_sha256)
       VALUES ($1, $2, $3, 'TASK', $4, 'f.bin', 2000000, repeat('0', 64))`, [id, project.org.id, project.id, task.id]);
    const large = await caught(session.query(`SELECT app.put_attachment_chunk($1, 0, decode(repeat('00', 1048577), 'hex'))`, [id]));
    expect(large).toMatchObject({ code: 'PM422', message: 'A chunk holds 1 byte to 1 MB.' });
    const outside = await caught(session.query(`SELECT app.put_attachment_chunk($1, 2, '\\x00'::bytea)`, [id]));
    expect(outside.code).toBe('PM422');
    expect(await count('SELECT count(*)::int AS n FROM app.attachment_chunks WHERE attachment_id = $1', [id])).toBe(0);
  });
});

describe('a flood of sign-ins', () => {
  const attempt = (org: Org, email: string, password: string) =>
    login(session.conn, { organization: org.slug, email, password });

  it('unknown and known emails get the same answer; the figures of their times are reported', async () => {
    const org = await t.world.org();
    const known = await t.world.user(org);
    const times: Record<'unknown' | 'known', number[]> = { unknown: [], known: [] };
    const answers = new Set<string>();
    for (let i = 0; i < 8; i++) {
      for (const kind of ['unknown', 'known'] as const) {
        // The known account's failures are cleared (outside the timing) so that it does not lock.
        await t.admin.query('UPDATE auth.user_credentials SET failed_attempts = 0 WHERE user_id = $1', [known.id]);
        await t.admin.query('DELETE FROM auth.sign_in_failures WHERE organization_id = $1', [org.id]);
        const started = performance.now();
        const result = await attempt(org, kind === 'known' ? known.email : `nobody-${i}@example.com`, 'Wrong-password-1');
        times[kind].push(performance.now() - started);
        answers.add(JSON.stringify(result));
      }
    }
    expect([...answers]).toEqual([JSON.stringify({ ok: false, code: 'INVALID_CREDENTIALS', message: 'The email or password is incorrect.' })]);
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    console.log(JSON.stringify({ name: 'sign_in_unknown_email_median_ms', value: Math.round(median(times.unknown)), unit: 'ms' }));
    console.log(JSON.stringify({ name: 'sign_in_known_email_wrong_password_median_ms', value: Math.round(median(times.known)), unit: 'ms' }));
  });

  it('a locked account answers like an unknown email to a wrong password; "locked" only to the right one', async () => {
    const org = await t.world.org();
    const known = await t.world.user(org);
    for (let i = 0; i < 5; i++) await attempt(org, known.email, 'Wrong-password-1');
    const wrong = await attempt(org, known.email, 'Wrong-password-2');
    const unknown = await attempt(org, 'nobody@example.com', 'Wrong-password-2');
    expect(wrong).toEqual(unknown);
    expect(wrong).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await attempt(org, known.email, known.password)).toMatchObject({ ok: false, code: 'ACCOUNT_LOCKED' });
  });

  it('after 20 failures from one address, every sign-in from it into that organization is refused alike, the right password too', async () => {
    const org = await t.world.org();
    const real = await t.world.user(org);
    for (let i = 0; i < 20; i++) {
      expect((await attempt(org, `sprayed-${i}@example.com`, 'Spring2026!spray')).ok).toBe(false);
    }
    const throttled = { ok: false, code: 'TOO_MANY_ATTEMPTS',
      message: 'Too many failed sign-ins into this organization from your network. Wait 5 minutes and try again, or ask an administrator.' };
    expect(await attempt(org, 'sprayed-99@example.com', 'Spring2026!spray')).toEqual(throttled);
    expect(await attempt(org, real.email, 'Spring2026!spray')).toEqual(throttled);
    expect(await attempt(org, real.email, real.password)).toEqual(throttled);
    const { rows } = await t.admin.query('SELECT failed_attempts, locked_until FROM auth.user_credentials WHERE user_id = $1', [real.id]);
    expect(rows[0]).toEqual({ failed_attempts: 0, locked_until: null });  // the real account is not locked
    // Another organization, from the same address, is not affected.
    const other = await t.world.user(await t.world.org());
    expect((await attempt(other.org, other.email, other.password)).ok).toBe(true);
    // Once the window has passed (moved back here), the real user signs in.
    await t.admin.query(`UPDATE auth.sign_in_failures SET failed_at = failed_at - interval '6 minutes' WHERE organization_id = $1`, [org.id]);
    expect((await attempt(org, real.email, real.password)).ok).toBe(true);
  });

  it('a flood from another address does not lock out people at this one', async () => {
    const org = await t.world.org();
    const real = await t.world.user(org);
    await t.admin.query(`INSERT INTO auth.sign_in_failures (organization_id, client_addr) SELECT $1, '203.0.113.7' FROM generate_series(1, 50)`, [org.id]);
    expect((await attempt(org, real.email, real.password)).ok).toBe(true);
  });

  it('application_user can neither read nor clear the failure record, nor call the unthrottled sign-in', async () => {
    expect((await caught(session.query('SELECT * FROM auth.sign_in_failures'))).code).toBe('42501');
    expect((await caught(session.query('DELETE FROM auth.sign_in_failures'))).code).toBe('42501');
    expect((await caught(session.query(`SELECT * FROM auth.login_unthrottled('x', 'y', 'z')`))).code).toBe('42501');
  });
});

describe('what a member sees of others', () => {
  it('no other session\'s query text, client address or locks: the activity catalogs are closed', async () => {
    const other = (await appConnection()).conn;
    void other;
    for (const sql of ['SELECT query, client_addr FROM pg_stat_activity', 'SELECT * FROM pg_stat_get_activity(NULL)',
      'SELECT pg_stat_get_backend_activity(s) FROM pg_stat_get_backend_idset() s', 'SELECT pg_stat_get_backend_client_addr(1)',
      'SELECT * FROM pg_stat_ssl', 'SELECT * FROM pg_locks', 'SELECT * FROM pg_stat_progress_vacuum', 'SELECT pg_blocking_pids(1)']) {
      expect((await caught(session.query(sql))).code, sql).toBe('42501');
    }
  });

  it('pg_stat_statements (every role\'s query texts), once installed and the database hardened again, is closed too', async () => {
    await t.admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await t.admin.query('SELECT auth.harden_database()');
    for (const sql of ['SELECT query FROM pg_stat_statements', 'SELECT * FROM pg_stat_statements(true)', 'SELECT pg_stat_statements_reset()']) {
      expect((await caught(session.query(sql))).code, sql).toBe('42501');
    }
  });

  it('statistics of tenant tables (pg_stats, pg_stats_ext, pg_statistic) show nothing of their values', async () => {
    await t.admin.query('CREATE STATISTICS IF NOT EXISTS app.users_org_email (mcv) ON organization_id, email FROM app.users');
    await t.admin.query('ANALYZE app.users, app.documents');
    expect(await count(`SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = 'app' AND tablename IN ('users', 'documents')`)).toBeGreaterThan(0);
    const stats = await session.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = 'app' AND tablename IN ('users', 'documents')`);
    expect(stats[0]!.n).toBe(0);
    const ext = await session.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stats_ext WHERE statistics_name = 'users_org_email'`);
    expect(ext[0]!.n).toBe(0);
    expect((await caught(session.query('SELECT * FROM pg_statistic'))).code).toBe('42501');
    expect((await caught(session.query('SELECT * FROM pg_statistic_ext_data'))).code).toBe('42501');
  });

  it('materialized views: only through the filtering views, which keep to the organization', async () => {
    await t.admin.query('SET ROLE super_admin; SELECT app.maintain_database(); RESET ROLE');
    expect(await count('SELECT count(*)::int AS n FROM app.project_stats WHERE project_id = $1', [strangerProject.id])).toBe(1);
    expect((await caught(session.query('SELECT * FROM app.project_stats'))).code).toBe('42501');
    const visible = await session.query<{ project_id: string }>('SELECT project_id FROM app.visible_project_stats');
    expect(visible.map((r) => r.project_id)).toEqual([project.id]);
    const mine = await session.query<{ user_id: string }>('SELECT user_id FROM app.my_dashboard_stats');
    expect(mine.map((r) => r.user_id)).toEqual([manager.id]);
  });

  it('no sequence is readable or usable', async () => {
    expect(await count(`SELECT count(*)::int AS n FROM pg_sequence WHERE has_sequence_privilege('application_user', seqrelid, 'SELECT, USAGE, UPDATE')`)).toBe(0);
    const visible = await session.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_sequences WHERE last_value IS NOT NULL');
    expect(visible[0]!.n).toBe(0);
  });

  it('errors do not echo a foreign row: duplicate key, foreign key and check violations carry no values', async () => {
    const duplicate = await caught(session.query(
      'INSERT INTO app.documents (id, organization_id, project_id, title) VALUES ($1, $2, $3, $4)',
      [strangerDocument.id, project.org.id, project.id, 'Copy']));
    expect(duplicate.code).toBe('23505');
    expect(duplicate.detail).toBeUndefined();
    const foreignKey = await caught(session.query(
      'INSERT INTO app.tasks (id, organization_id, project_id, title, parent_id) VALUES ($1, $2, $3, $4, $5)',
      [randomUUID(), project.org.id, project.id, 'Child', strangerTask.id]));
    expect(foreignKey.code).toBe('23503');
    expect(foreignKey.detail ?? '').not.toContain(strangerTask.id);
    const check = await caught(session.query(
      `INSERT INTO app.documents (id, organization_id, project_id, title, status) VALUES ($1, $2, $3, 'x', 'NOPE')`,
      [randomUUID(), project.org.id, project.id]));
    expect(check.code).toBe('23514');
    expect(check.detail).toBeUndefined();
    // In a push: the rejection's message names no value, and the foreign row is not returned.
    const results = await session.query<{ r: { status: string; code: string; message: string; row: unknown }[] }>(
      'SELECT app.push_mutations($1, $2::jsonb) AS r', [randomUUID(), JSON.stringify([{ id: 1, table: 'documents', op: 'insert',
        row_id: strangerDocument.id, values: { organization_id: project.org.id, project_id: project.id, title: 'Copy' } }])]);
    const rejected = results[0]!.r[0]!;
    expect(rejected).toMatchObject({ status: 'rejected', code: '23505', row: null });
    expect(JSON.stringify(rejected)).not.toMatch(/Stranger|stranger-secret/);
    expect(await count('SELECT count(*)::int AS n FROM app.documents WHERE id = $1 AND title = $2', [strangerDocument.id, 'Stranger secret plan'])).toBe(1);
  });
});
