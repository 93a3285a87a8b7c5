// Who can read and write what: two organizations, members of each role, inactive members and
// non-members, each acting through application_user with their own session token.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/fixture';
import { decisionValues } from '../support/decisions';
import { signIn } from '../support/sessions';
import type { AppSession } from '../support/sessions';
import type { Project, RoleName, Row, User } from '../support/world';

const t = useTestDatabase();

type Actor = 'admin' | 'manager' | 'author' | 'tester' | 'reviewer' | 'viewer' | 'inactive' | 'outsider' | 'otherOrgAdmin';
const ACTORS: Actor[] = ['admin', 'manager', 'author', 'tester', 'reviewer', 'viewer', 'inactive', 'outsider', 'otherOrgAdmin'];
const CONTENT = ['documents', 'test_cases', 'test_executions', 'change_requests', 'tasks', 'comments'] as const;

const sessions = {} as Record<Actor, AppSession>;
const users = {} as Record<Actor, User>;
let a1: Project;
let a2: Project;
let b1: Project;
const seeded: Record<string, Record<string, Row>> = {};

async function seedContent(project: Project) {
  const w = t.world;
  const testCase = await w.testCase(project);
  const task = await w.task(project);
  return {
    documents: await w.document(project),
    test_cases: testCase,
    test_executions: await w.testExecution(project, { test_case_id: testCase.id }),
    change_requests: await w.changeRequest(project, { status: 'DRAFT' }),
    tasks: task,
    comments: await w.comment(project, { entity_id: task.id }),
    reviewed: await w.changeRequest(project, { status: 'IN_REVIEW' }),
  };
}

beforeAll(async () => {
  const w = t.world;
  const orgA = await w.org();
  const orgB = await w.org();
  [a1, a2, b1] = [await w.project(orgA), await w.project(orgA), await w.project(orgB)];
  users.admin = await w.user(orgA, { orgRole: 'ORG_ADMIN' });
  const roles: [Actor, RoleName][] = [
    ['manager', 'PROJECT_MANAGER'], ['author', 'DOCUMENT_AUTHOR'], ['tester', 'TESTER'], ['reviewer', 'REVIEWER'], ['viewer', 'VIEWER'],
  ];
  for (const [actor, role] of roles) {
    users[actor] = await w.user(orgA);
    await w.member(a1, users[actor], role);
  }
  users.inactive = await w.user(orgA);
  await w.member(a1, users.inactive, 'PROJECT_MANAGER', false);
  users.outsider = await w.user(orgA);
  await w.member(a2, users.outsider, 'PROJECT_MANAGER');
  users.otherOrgAdmin = await w.user(orgB, { orgRole: 'ORG_ADMIN' });
  for (const project of [a1, a2, b1]) seeded[project.id] = await seedContent(project);
  for (const actor of ACTORS) {
    sessions[actor] = await signIn(t.db.appUrl, users[actor]);
    t.track(sessions[actor].conn);
  }
});

async function visible(actor: Actor, table: string, project: Project): Promise<number> {
  const rows = await sessions[actor].query<{ n: number }>(`SELECT count(*)::int AS n FROM app.${table} WHERE project_id = $1`, [project.id]);
  return rows[0]!.n;
}

/** Runs a write as the actor: 'ok' when it changed a row, 'denied' when refused or when it touched nothing. */
async function attempt(actor: Actor, sql: string, params: unknown[]): Promise<'ok' | 'denied'> {
  try {
    const rows = await sessions[actor].query(`${sql} RETURNING id`, params);
    return rows.length === 1 ? 'ok' : 'denied';
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '42501' || code === 'PM403') return 'denied';
    throw error;
  }
}

describe('reading', () => {
  const readsA1: Actor[] = ['admin', 'manager', 'author', 'tester', 'reviewer', 'viewer'];
  it.each(ACTORS)('%s sees project A1 content only with an active membership or an organization role', async (actor) => {
    for (const table of CONTENT) {
      expect(await visible(actor, table, a1), `${actor} reading ${table}`).toBe(readsA1.includes(actor) ? (table === 'change_requests' ? 2 : 1) : 0);
    }
  });

  it('members see their own project, not a sibling project; other organizations see nothing of this one', async () => {
    expect(await visible('outsider', 'documents', a2)).toBe(1);
    expect(await visible('manager', 'documents', a2)).toBe(0);
    expect(await visible('admin', 'documents', a2)).toBe(1);
    expect(await visible('otherOrgAdmin', 'documents', b1)).toBe(1);
    for (const table of ['projects', 'users', 'organizations', 'project_members', 'activity_logs'] as const) {
      const rows = await sessions.otherOrgAdmin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM app.${table} WHERE ${table === 'organizations' ? 'id' : 'organization_id'} = $1`, [a1.org.id]);
      expect(rows[0]!.n, `other organization reading ${table}`).toBe(0);
    }
  });

  it('users see the people of their organization, and their own memberships', async () => {
    const people = await sessions.viewer.query<{ organization_id: string }>('SELECT organization_id FROM app.users');
    expect(people.length).toBe(8);
    expect(new Set(people.map((p) => p.organization_id))).toEqual(new Set([a1.org.id]));
    const mine = await sessions.inactive.query('SELECT * FROM app.project_members WHERE user_id = app.current_user_id()');
    expect(mine).toHaveLength(1);
  });
});

describe('creating', () => {
  const creates: Record<string, Actor[]> = {
    documents: ['admin', 'manager', 'author'],
    test_cases: ['admin', 'manager', 'tester'],
    test_executions: ['admin', 'manager', 'tester'],
    change_requests: ['admin', 'manager', 'author'],
    tasks: ['admin', 'manager', 'author', 'tester'],
    comments: ['admin', 'manager', 'author', 'tester', 'reviewer', 'viewer'],
  };
  const insertFor = (table: string): [string, () => unknown[]] => {
    const base = () => [randomUUID(), a1.org.id, a1.id];
    const s = () => seeded[a1.id]!;
    switch (table) {
      case 'documents': return ['INSERT INTO app.documents (id, organization_id, project_id, title) VALUES ($1, $2, $3, $4)', () => [...base(), 'New doc']];
      case 'test_cases': return ['INSERT INTO app.test_cases (id, organization_id, project_id, title) VALUES ($1, $2, $3, $4)', () => [...base(), 'New case']];
      case 'test_executions': return ['INSERT INTO app.test_executions (id, organization_id, project_id, test_case_id, test_case_version, status, executed_at) VALUES ($1, $2, $3, $4, 1, $5, now())', () => [...base(), s().test_cases!.id, 'FAILED']];
      case 'change_requests': return ['INSERT INTO app.change_requests (id, organization_id, project_id, title) VALUES ($1, $2, $3, $4)', () => [...base(), 'New CR']];
      case 'tasks': return ['INSERT INTO app.tasks (id, organization_id, project_id, title) VALUES ($1, $2, $3, $4)', () => [...base(), 'New task']];
      default: return ['INSERT INTO app.comments (id, organization_id, project_id, entity_type, entity_id, body) VALUES ($1, $2, $3, $4, $5, $6)', () => [...base(), 'TASK', s().tasks!.id, 'Hi']];
    }
  };
  for (const table of CONTENT) {
    it.each(ACTORS)(`%s creating ${table} in A1`, async (actor) => {
      const [sql, params] = insertFor(table);
      expect(await attempt(actor, sql, params())).toBe(creates[table]!.includes(actor) ? 'ok' : 'denied');
    });
  }

  it('a row claiming another organization or a project the user cannot write is refused', async () => {
    const params = [randomUUID(), b1.org.id, b1.id, 'Sneaky'];
    expect(await attempt('admin', 'INSERT INTO app.documents (id, organization_id, project_id, title) VALUES ($1, $2, $3, $4)', params)).toBe('denied');
    const mixed = [randomUUID(), a1.org.id, b1.id, 'Mixed'];
    await expect(sessions.admin.query('INSERT INTO app.documents (id, organization_id, project_id, title) VALUES ($1, $2, $3, $4)', mixed))
      .rejects.toThrow();
  });
});

describe('updating and deleting', () => {
  it.each(ACTORS)('%s updating a document of A1', async (actor) => {
    const doc = await t.world.document(a1);
    const allowed = ['admin', 'manager', 'author'].includes(actor);
    expect(await attempt(actor, 'UPDATE app.documents SET title = $2 WHERE id = $1', [doc.id, `By ${actor}`])).toBe(allowed ? 'ok' : 'denied');
    const { rows } = await t.admin.query('SELECT title FROM app.documents WHERE id = $1', [doc.id]);
    expect(rows[0].title === `By ${actor}`).toBe(allowed);
  });

  it('SELF-scoped roles change their own tasks but not other people\'s', async () => {
    const others = await t.world.task(a1);
    expect(await attempt('tester', 'UPDATE app.tasks SET status = $2 WHERE id = $1', [others.id, 'IN_PROGRESS'])).toBe('denied');
    const own = randomUUID();
    await sessions.tester.query('INSERT INTO app.tasks (id, organization_id, project_id, title) VALUES ($1, $2, $3, $4)', [own, a1.org.id, a1.id, 'Mine']);
    expect(await attempt('tester', 'UPDATE app.tasks SET status = $2 WHERE id = $1', [own, 'IN_PROGRESS'])).toBe('ok');
    expect(await attempt('tester', 'UPDATE app.tasks SET deleted_at = now() WHERE id = $1', [own])).toBe('ok');
  });

  it.each(ACTORS)('%s soft-deleting a test case of A1', async (actor) => {
    const testCase = await t.world.testCase(a1);
    const allowed = ['admin', 'manager', 'tester'].includes(actor);
    expect(await attempt(actor, 'UPDATE app.test_cases SET deleted_at = now() WHERE id = $1', [testCase.id])).toBe(allowed ? 'ok' : 'denied');
  });

  it('nobody hard-deletes through application_user', async () => {
    const doc = await t.world.document(a1);
    await expect(sessions.admin.query('DELETE FROM app.documents WHERE id = $1', [doc.id])).rejects.toMatchObject({ code: '42501' });
  });
});

describe('approving', () => {
  it.each(ACTORS)('%s deciding on a change request of A1 in review', async (actor) => {
    const cr = await t.world.changeRequest(a1, { status: 'IN_REVIEW' });
    const allowed = ['admin', 'manager', 'reviewer'].includes(actor);
    const v = await decisionValues(sessions[actor], users[actor], cr.id, 'APPROVED', 1);
    const result = await attempt(actor,
      `INSERT INTO app.change_request_approvals (id, organization_id, project_id, change_request_id, decision, change_request_revision, decided_at,
         signature_meaning, signature, signature_epoch, signer_name) VALUES ($1, $2, $3, $4, 'APPROVED', 1, $5, $6, $7, $8, $9)`,
      [v.id, a1.org.id, a1.id, cr.id, v.decided_at, v.signature_meaning, v.signature, v.signature_epoch, v.signer_name]);
    expect(result).toBe(allowed ? 'ok' : 'denied');
  });
});
