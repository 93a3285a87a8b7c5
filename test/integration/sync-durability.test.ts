// An acknowledged local write survives the process being killed before it was pushed; a database
// restored from backup (new generation) makes clients resync from scratch without losing unpushed work.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, databaseUrl, withAdmin } from '../support/postgres';
import type { TestDatabase } from '../support/postgres';
import { centralSnapshot, localSnapshot } from '../support/replica-compare';
import { SyncClient } from '../support/sync-client';
import { World } from '../support/world';
import type { Project, User } from '../support/world';

let db: TestDatabase;
let admin: pg.Client;
let world: World;
let project: Project;
let ann: User;
const clients: SyncClient[] = [];

async function connectAdmin() {
  admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  world = new World(admin);
}

beforeAll(async () => {
  db = await createDatabase({ template: inject('templateDatabase') });
  await connectAdmin();
  const org = await world.org();
  project = await world.project(org);
  ann = await world.user(org);
  await world.member(project, ann, 'PROJECT_MANAGER');
});
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await admin?.end().catch(() => undefined);
  await db?.drop();
});

describe('durability', () => {
  it('a write acknowledged by the local API survives SIGKILL before any push, and is pushed once later', async () => {
    const a = await SyncClient.signIn('killed', db.appUrl, ann);
    await a.sync();
    await a.close();
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/write-then-hang.ts', a.path, project.id, 'Typed before the crash'],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    const id = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const match = /written (\S+)/.exec(chunk.toString());
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`child exited with ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const restarted = a.reopen();
    clients.push(restarted);
    expect(restarted.rows('documents', 'id = ?', [id])[0]).toMatchObject({ title: 'Typed before the crash' });
    expect(restarted.store.pendingCount()).toBe(1);
    expect((await restarted.sync()).pushed).toEqual({ applied: 1, skipped: 0, rejected: 0 });
    const { rows } = await admin.query('SELECT title FROM app.documents WHERE id = $1', [id]);
    expect(rows).toEqual([{ title: 'Typed before the crash' }]);
  });

  it('a database restored to an older backup: clients resync from scratch, keep their unpushed changes', async () => {
    const a = await SyncClient.signIn('restore-a', db.appUrl, ann);
    clients.push(a);
    await a.sync();
    const before = a.writer.create('document', project.id, { title: 'In the backup' }).id;
    await a.sync();
    const dump = join(mkdtempSync(join(tmpdir(), 'backup-')), 'central.dump');
    execFileSync('pg_dump', ['--format=custom', '--file', dump, db.adminUrl]);

    const lost = a.writer.create('document', project.id, { title: 'After the backup' }).id;
    await a.sync();
    const unpushed = a.writer.create('task', project.id, { title: 'Still on my laptop' }).id;

    await a.close();
    await admin.end();
    await withAdmin(async (c) => {
      await c.query(`DROP DATABASE "${db.name}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${db.name}"`);
    });
    execFileSync('pg_restore', ['--dbname', databaseUrl(db.name), dump]);
    await connectAdmin();
    await admin.query('SET ROLE super_admin; SELECT app.new_generation(); RESET ROLE');

    const restarted = a.reopen();
    clients.push(restarted);
    const { pulled } = await restarted.sync();
    expect(pulled.reset).toBe(true);
    expect(restarted.rows('documents', 'id = ?', [before])).toHaveLength(1);
    expect(restarted.rows('documents', 'id = ?', [lost])).toHaveLength(0);
    expect(restarted.rows('tasks', 'id = ?', [unpushed])).toHaveLength(1);
    const { rows } = await admin.query('SELECT title FROM app.tasks WHERE id = $1', [unpushed]);
    expect(rows).toEqual([{ title: 'Still on my laptop' }]);
    expect(localSnapshot(restarted)).toEqual(await centralSnapshot(restarted, [project.id]));
  });
});
