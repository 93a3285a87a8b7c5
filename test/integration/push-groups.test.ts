// Pushes apply consecutive mutations of the same shape as one statement (migration 0014). Whatever
// the grouping, each mutation gets its own result, in order, with the device time of each row in
// the audit trail; a failure inside a group falls back to one-by-one without losing the others.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/fixture';
import { signIn } from '../support/sessions';
import type { AppSession } from '../support/sessions';
import type { Project, User } from '../support/world';

const t = useTestDatabase();
let project: Project;
let ann: User;
let session: AppSession;
let nextId = 1;

interface Result { id: number; status: string; code?: string }
type Mutation = { table: string; op: 'insert' | 'update'; row_id: string; values: Record<string, unknown>; client_time?: string };

type Numbered = Mutation & { id: number; client_time: string };
const numbered = (mutations: Mutation[]): Numbered[] => mutations.map((m) => ({ id: nextId++, client_time: new Date().toISOString(), ...m }));

async function send(batch: Numbered[], client: string): Promise<Result[]> {
  return (await session.query<{ r: Result[] }>('SELECT app.push_mutations($1, $2::jsonb) AS r', [client, JSON.stringify(batch)]))[0]!.r;
}

const push = (mutations: Mutation[], client = randomUUID()) => send(numbered(mutations), client);

const newTask = (title: string, extra: Record<string, unknown> = {}): Mutation => ({
  table: 'tasks', op: 'insert', row_id: randomUUID(),
  values: { organization_id: project.org.id, project_id: project.id, title, status: 'TODO', ...extra },
});

async function titles(ids: string[]): Promise<string[]> {
  const { rows } = await t.admin.query<{ title: string }>('SELECT title FROM app.tasks WHERE id = ANY($1) ORDER BY title', [ids]);
  return rows.map((r) => r.title);
}

beforeAll(async () => {
  const org = await t.world.org();
  project = await t.world.project(org);
  ann = await t.world.user(org);
  await t.world.member(project, ann, 'PROJECT_MANAGER');
  session = await signIn(t.db.appUrl, ann);
  t.track(session.conn);
});

describe('grouped pushes', () => {
  it('a group of inserts is applied whole, each with its result in order', async () => {
    const batch = Array.from({ length: 30 }, (_, i) => newTask(`Grouped ${String(i).padStart(2, '0')}`));
    const results = await push(batch);
    expect(results.map((r) => r.status)).toEqual(batch.map(() => 'applied'));
    expect(results.map((r) => r.id)).toEqual([...results.map((r) => r.id)].sort((a, b) => a - b));
    expect(await titles(batch.map((m) => m.row_id))).toHaveLength(30);
  });

  it('one bad insert in the middle of a group is rejected alone; the rest are applied', async () => {
    const batch = [newTask('Good 1'), newTask('Good 2'), newTask('Bad', { status: 'NOT_A_STATUS' }), newTask('Good 3')];
    const results = await push(batch);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected', 'applied']);
    expect(results[2]!.code).toBe('23514');
    expect(await titles(batch.map((m) => m.row_id))).toEqual(['Good 1', 'Good 2', 'Good 3']);
  });

  it('updates of rows that exist and one that does not: only the missing one is rejected (PM404)', async () => {
    const created = [newTask('Edit me 1'), newTask('Edit me 2')];
    await push(created);
    const updates: Mutation[] = [...created.map((m) => m.row_id), randomUUID()].map((id, i) => ({
      table: 'tasks', op: 'update', row_id: id, values: { title: `Edited ${i + 1}` },
    }));
    const results = await push(updates);
    expect(results.map((r) => [r.status, r.code])).toEqual([['applied', undefined], ['applied', undefined], ['rejected', 'PM404']]);
    expect(await titles(created.map((m) => m.row_id))).toEqual(['Edited 1', 'Edited 2']);
  });

  it('the same row twice in a batch: the second insert is rejected, a later update of it applies after the insert', async () => {
    const first = newTask('Twice');
    const results = await push([first, { ...first, values: { ...first.values, title: 'Twice again' } },
      { table: 'tasks', op: 'update', row_id: first.row_id, values: { title: 'Renamed' } }]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(await titles([first.row_id])).toEqual(['Renamed']);
  });

  it('the audit trail keeps each row\'s own device time', async () => {
    const times = [3, 2, 1].map((h) => new Date(Date.now() - h * 3600_000).toISOString());
    const batch = times.map((time, i) => ({ ...newTask(`Timed ${i}`), client_time: time }));
    expect((await push(batch)).map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const { rows } = await t.admin.query<{ entity_id: string; client_action_at: Date }>(
      `SELECT entity_id, client_action_at FROM app.activity_logs WHERE entity_id = ANY($1) AND action = 'CREATE'`, [batch.map((m) => m.row_id)]);
    const byRow = new Map(rows.map((r) => [r.entity_id, r.client_action_at.toISOString()]));
    expect(batch.map((m) => byRow.get(m.row_id))).toEqual(times);
  });

  it('a device time that is not a time (too long, or with a separator in it) is left out, not trusted', async () => {
    const batch = [
      { ...newTask('Long time'), client_time: `2026-01-01T00:00:00Z${'0'.repeat(10_000)}` },
      { ...newTask('Forged time'), client_time: '2026-01-01T00:00:00Z;00000000-0000-0000-0000-000000000000=2020-01-01' },
      { ...newTask('Good time'), client_time: '2026-01-02T03:04:05.000Z' },
    ];
    expect((await push(batch)).map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const { rows } = await t.admin.query<{ entity_id: string; client_action_at: Date | null }>(
      `SELECT entity_id, client_action_at FROM app.activity_logs WHERE entity_id = ANY($1) AND action = 'CREATE'`, [batch.map((m) => m.row_id)]);
    const byRow = new Map(rows.map((r) => [r.entity_id, r.client_action_at?.toISOString() ?? null]));
    expect(batch.map((m) => byRow.get(m.row_id))).toEqual([null, null, '2026-01-02T03:04:05.000Z']);
  });

  it('a re-sent batch is skipped whole, grouped or not', async () => {
    const client = randomUUID();
    const batch = numbered([newTask('Once A'), newTask('Once B')]);
    expect((await send(batch, client)).map((r) => r.status)).toEqual(['applied', 'applied']);
    expect((await send(batch, client)).map((r) => r.status)).toEqual(['skipped', 'skipped']);
    expect(await titles(batch.map((m) => m.row_id))).toEqual(['Once A', 'Once B']);
  });
});
