// The sync engine running on its own: live updates (the change beacon), status events, offline and back,
// sign-out; and the replica host worker that runs it off the main event loop.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPg } from '../../src/main/central/connection';
import { logout } from '../../src/main/central/auth';
import { ReplicaHost } from '../../src/main/replica-host/replica-host';
import { ReplicaService } from '../../src/main/replica-host/replica-service';
import type { ReplicaEvent } from '../../src/main/replica-host/replica-service';
import type { SyncStatus } from '../../src/main/sync/sync-engine';
import { useTestDatabase } from '../support/fixture';
import { sessionToken } from '../support/sessions';
import { TcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait';
import type { Project, User } from '../support/world';

const t = useTestDatabase();
let project: Project;
let ann: User;
let bob: User;
let proxy: TcpProxy;
const services: ReplicaService[] = [];

const token = (user: User) => sessionToken(t.db.appUrl, user);

const replicaPath = () => join(mkdtempSync(join(tmpdir(), 'live-')), 'replica.db');

async function service(user: User, url = t.db.appUrl, events: ReplicaEvent[] = []): Promise<ReplicaService> {
  const s = new ReplicaService({ replicaPath: replicaPath(), centralUrl: url, token: await token(user), backoff: { initialMs: 100, maxMs: 500 } },
    (event) => events.push(event));
  services.push(s);
  await waitFor(() => s.status().lastSyncedAt, 'first sync');
  return s;
}

beforeAll(async () => {
  proxy = await new TcpProxy(Number(new URL(t.db.appUrl).port || 5432)).start();
  const org = await t.world.org();
  project = await t.world.project(org);
  [ann, bob] = [await t.world.user(org), await t.world.user(org)];
  await t.world.member(project, ann, 'PROJECT_MANAGER');
  await t.world.member(project, bob, 'PROJECT_MANAGER');
});
afterAll(async () => {
  for (const s of services) await s.close().catch(() => undefined);
  await proxy?.stop();
});

describe('live sync', () => {
  it('a change saved on one client reaches the other without anyone asking (change beacon)', async () => {
    const a = await service(ann);
    const b = await service(bob);
    const { id } = a.create('document', project.id, { title: 'Live one' });
    await waitFor(() => b.row('documents', id), 'the document on the second client');
    expect(b.row('documents', id)).toMatchObject({ title: 'Live one', version: 1 });
  });

  it('reports offline while central is unreachable, keeps writes, and catches up when it is back', async () => {
    const statuses: SyncStatus[] = [];
    const events: ReplicaEvent[] = [];
    const b = await service(bob, proxy.url(t.db.appUrl), events);
    b.engine.onStatus((s) => statuses.push(s));
    proxy.cut();
    const { id } = b.create('task', project.id, { title: 'Written offline' });
    await waitFor(() => b.status().state === 'offline', 'offline state');
    expect(b.status()).toMatchObject({ online: false, pending: 1 });
    expect(b.status().lastError).toMatch(/Cannot reach the ProManage server/);
    expect(b.row('tasks', id)).toMatchObject({ title: 'Written offline' });
    proxy.heal();
    await waitFor(() => b.status().state === 'idle' && b.status().pending === 0, 'back online');
    expect(b.status().online).toBe(true);
    const { rows } = await t.admin.query('SELECT title FROM app.tasks WHERE id = $1', [id]);
    expect(rows).toEqual([{ title: 'Written offline' }]);
    expect(statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['syncing', 'offline', 'idle']));
    expect(events.some((e) => e.type === 'changed' && e.tables.includes('tasks'))).toBe(true);
  });

  it('stops with "signed out" when the session is revoked, keeping the outbox', async () => {
    const tok = await token(ann);
    const s = new ReplicaService({ replicaPath: replicaPath(), centralUrl: t.db.appUrl, token: tok }, () => undefined);
    services.push(s);
    await waitFor(() => s.status().lastSyncedAt, 'first sync');
    const conn = await connectPg(t.db.appUrl);
    await logout(conn, tok);
    await conn.close();
    s.create('document', project.id, { title: 'After sign-out' });
    await waitFor(() => s.status().state === 'signed-out', 'signed-out state');
    expect(s.status().pending).toBe(1);
    expect(s.status().lastError).toMatch(/Sign in again/);
  });
});

describe('replica host worker', () => {
  it('runs the replica and sync in a worker thread, with typed calls and events', async () => {
    const events: ReplicaEvent[] = [];
    const host = await ReplicaHost.start(
      { replicaPath: replicaPath(), centralUrl: t.db.appUrl, token: await token(ann) },
      { url: new URL('../support/ts-worker.mjs', import.meta.url), argv: [new URL('../../src/main/replica-host/replica-worker.ts', import.meta.url).href] },
    );
    try {
      host.onEvent((e) => events.push(e));
      await waitFor(async () => (await host.call('status')).lastSyncedAt, 'first sync in the worker');
      const { id } = await host.call('create', 'document', project.id, { title: 'Quarterly hazard analysis', content: 'Pressure valves' });
      expect((await host.call('search', 'hazard')).map((h) => h.id)).toContain(id);
      await waitFor(async () => (await host.call('status')).pending === 0, 'push from the worker');
      await expect(host.call('create', 'document', project.id, { title: '' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(events.some((e) => e.type === 'status')).toBe(true);
    } finally {
      await host.stop();
    }
    const { rows } = await t.admin.query(`SELECT count(*)::int AS n FROM app.documents WHERE title = 'Quarterly hazard analysis'`);
    expect(rows[0].n).toBe(1);
  });
});
