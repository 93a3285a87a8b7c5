// Property test: three clients edit the same projects offline in random interleavings; after everyone
// syncs, every replica equals what central shows its user, and each acknowledged change was applied
// exactly once. The seed is printed in the test name; FUZZ_SEED=<n> replays one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/fixture';
import { syncUrl } from '../support/sync-route';
import { centralSnapshot, localSnapshot } from '../support/replica-compare';
import { SyncClient } from '../support/sync-client';
import type { Project } from '../support/world';

const t = useTestDatabase();
const SEEDS = process.env.FUZZ_SEED ? [Number(process.env.FUZZ_SEED)] : [1, 2, 3];
const STEPS = 120;

function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** The user still sees every change of theirs that has not reached central yet. */
function expectPendingVisible(client: SyncClient, seed: number) {
  const latest = new Map<string, unknown>();
  for (const m of client.store.pendingMutations(10_000)) {
    for (const [field, value] of Object.entries(m.values)) latest.set(`${m.table}|${m.rowId}|${field}`, value);
  }
  for (const [key, value] of latest) {
    const [table, rowId, field] = key.split('|') as [string, string, string];
    const row = client.store.readRow(table as never, rowId);
    expect(row?.[field], `${client.name} sees its pending ${key} (seed ${seed})`).toEqual(value);
  }
}

let projects: Project[];
let clients: SyncClient[];

beforeAll(async () => {
  const org = await t.world.org();
  projects = [await t.world.project(org), await t.world.project(org)];
  clients = [];
  for (const name of ['ann', 'bob', 'cyd']) {
    const user = await t.world.user(org);
    for (const project of projects) await t.world.member(project, user, 'PROJECT_MANAGER');
    const client = await SyncClient.signIn(name, syncUrl(t.db.appUrl), user);
    await client.sync();
    clients.push(client);
  }
});
afterAll(async () => {
  for (const client of clients ?? []) await client.close();
});

describe('convergence under random offline interleavings', () => {
  it.each(SEEDS)('seed %i', async (seed) => {
    const rnd = random(seed);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
    const created = new Map<string, string>();
    let writes = 0;
    let applied = 0;
    let rejected = 0;
    const live = (client: SyncClient, table: string) =>
      client.rows(table, 'deleted_at IS NULL').map((r) => r.id as string);

    for (let step = 0; step < STEPS; step++) {
      const client = pick(clients);
      const project = pick(projects);
      const roll = rnd();
      if (roll < 0.1) {
        // A pull while local changes are pending (as when the user types during a sync).
        await client.pull();
        expectPendingVisible(client, seed);
        continue;
      }
      if (roll < 0.2) {
        const { pushed } = await client.sync();
        applied += pushed.applied;
        rejected += pushed.rejected;
        continue;
      }
      const docs = live(client, 'documents').filter((id) => client.rows('documents', 'id = ?', [id])[0]!.project_id === project.id);
      const tasks = live(client, 'tasks').filter((id) => client.rows('tasks', 'id = ?', [id])[0]!.project_id === project.id);
      if (roll < 0.35 || docs.length === 0) {
        const { id } = client.writer.create('document', project.id, { title: `Doc ${seed}-${step}`, tags: [pick(['a', 'b', 'c'])] });
        created.set(id, 'documents');
      } else if (roll < 0.45 || tasks.length === 0) {
        const { id } = client.writer.create('task', project.id, { title: `Task ${seed}-${step}` });
        created.set(id, 'tasks');
      } else if (roll < 0.7) {
        client.writer.update('document', pick(docs), pick([{ title: `Edit ${step}` }, { status: 'IN_REVIEW' as const }, { content: `Body ${step}` }]));
      } else if (roll < 0.85) {
        client.writer.update('task', pick(tasks), pick([{ status: 'DONE' as const }, { priority: 'HIGH' as const }, { logged_hours: step }]));
      } else if (roll < 0.93) {
        const { id } = client.writer.create('comment', project.id, { entity_type: 'TASK', entity_id: pick(tasks), body: `Note ${step}` });
        created.set(id, 'comments');
      } else {
        client.writer.remove('document', pick(docs));
      }
      writes++;
    }
    for (let round = 0; round < 2; round++) {
      for (const client of clients) {
        const { pushed } = await client.sync();
        applied += pushed.applied;
        rejected += pushed.rejected;
      }
    }

    for (const client of clients) {
      expect(client.store.pendingCount(), `${client.name} outbox (seed ${seed})`).toBe(0);
      expect(localSnapshot(client), `${client.name} replica vs central (seed ${seed})`)
        .toEqual(await centralSnapshot(client, projects.map((p) => p.id)));
    }
    expect(applied + rejected, `every local write pushed once (seed ${seed})`).toBe(writes);
    // Rejections here can only be edits of rows another client deleted meanwhile (delete wins).
    for (const client of clients) for (const r of client.store.rejections()) expect(r.code, `seed ${seed}`).toBe('PM409');
    // Each created row exists once centrally, and was created exactly once (one CREATE in the audit trail).
    const { rows } = await t.admin.query<{ entity_id: string; n: number }>(
      `SELECT entity_id, count(*)::int AS n FROM app.activity_logs WHERE action = 'CREATE' AND entity_id = ANY($1) GROUP BY entity_id`,
      [[...created.keys()]]);
    expect(rows.length, `seed ${seed}`).toBe(created.size);
    expect(rows.every((r) => r.n === 1), `seed ${seed}`).toBe(true);
  });
});
