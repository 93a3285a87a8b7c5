// Notifications written by the database: an approval requested, a decision on my request, a failed
// execution in my run — to the right people, never to the person who acted.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/fixture';
import { decide } from '../support/decisions';
import { signIn } from '../support/sessions';
import type { AppSession } from '../support/sessions';
import type { Project, User } from '../support/world';

const t = useTestDatabase();
let project: Project;
let author: User;
let manager: User;
let reviewer: User;
let tester: User;
let as: Record<'author' | 'manager' | 'tester', AppSession>;

async function notifications(user: User): Promise<{ type: string; title: string; entity_id: string }[]> {
  const { rows } = await t.admin.query('SELECT type, title, entity_id FROM app.notifications WHERE recipient_id = $1 ORDER BY created_at', [user.id]);
  return rows;
}

beforeAll(async () => {
  const org = await t.world.org();
  project = await t.world.project(org);
  author = await t.world.user(org);
  manager = await t.world.user(org);
  reviewer = await t.world.user(org);
  tester = await t.world.user(org);
  await t.world.member(project, author, 'DOCUMENT_AUTHOR');
  await t.world.member(project, manager, 'PROJECT_MANAGER');
  await t.world.member(project, reviewer, 'REVIEWER');
  await t.world.member(project, tester, 'TESTER');
  as = { author: await signIn(t.db.appUrl, author), manager: await signIn(t.db.appUrl, manager), tester: await signIn(t.db.appUrl, tester) };
  for (const s of Object.values(as)) t.track(s.conn);
});

describe('notifications from the database', () => {
  it('a request entering review asks everyone who may approve (no approvers listed); their decision tells the requester', async () => {
    const [cr] = await as.author.query<{ id: string; number: number }>(
      `INSERT INTO app.change_requests (organization_id, project_id, title, status) VALUES ($1, $2, 'Faster bolus', 'SUBMITTED') RETURNING id, number`,
      [project.org.id, project.id]);
    await as.manager.query(`UPDATE app.change_requests SET status = 'IN_REVIEW' WHERE id = $1`, [cr!.id]);
    for (const approver of [reviewer]) {
      expect(await notifications(approver)).toEqual([{ type: 'APPROVAL_REQUESTED', title: `CR-${cr!.number} waits for your decision`, entity_id: cr!.id }]);
    }
    // Not the manager who moved it, not the author (no APPROVE), not the tester.
    expect(await notifications(manager)).toEqual([]);
    expect(await notifications(tester)).toEqual([]);

    const [{ revision }] = await as.manager.query<{ revision: number }>('SELECT revision FROM app.change_requests WHERE id = $1', [cr!.id]) as [{ revision: number }];
    await decide(as.manager, manager, project, cr!.id, 'APPROVED', revision, { comment: 'Go ahead.' });
    expect((await notifications(author)).map((n) => n.type)).toEqual(['DECISION']);
    expect((await notifications(author))[0]!.title).toMatch(/approved CR-\d+/);
  });

  it('listed approvers are the ones asked', async () => {
    const [cr] = await as.author.query<{ id: string }>(
      `INSERT INTO app.change_requests (organization_id, project_id, title, status) VALUES ($1, $2, 'Spanish UI', 'SUBMITTED') RETURNING id`,
      [project.org.id, project.id]);
    await as.manager.query(`INSERT INTO app.change_request_approvers (organization_id, project_id, change_request_id, approver_id, position)
      VALUES ($1, $2, $3, $4, 1)`, [project.org.id, project.id, cr!.id, manager.id]);
    const before = (await notifications(reviewer)).length;
    await as.author.query(`UPDATE app.change_requests SET status = 'IN_REVIEW' WHERE id = $1`, [cr!.id]);
    expect((await notifications(manager)).filter((n) => n.entity_id === cr!.id).map((n) => n.type)).toEqual(['APPROVAL_REQUESTED']);
    expect((await notifications(reviewer)).length).toBe(before);
  });

  it('a failed execution in a run tells the run\'s creator', async () => {
    const testCase = await t.world.testCase(project, { title: 'Occlusion alarm' });
    const [run] = await as.manager.query<{ id: string }>(
      `INSERT INTO app.test_runs (organization_id, project_id, name) VALUES ($1, $2, 'Nightly') RETURNING id`, [project.org.id, project.id]);
    const execute = (status: string) => as.tester.query(
      `INSERT INTO app.test_executions (organization_id, project_id, test_case_id, test_case_version, status, executed_at, test_run_id, actual_result)
       VALUES ($1, $2, $3, 1, $4, now(), $5, 'No alarm after 40 s')`, [project.org.id, project.id, testCase.id, status, run!.id]);
    await execute('PASSED');
    await execute('FAILED');
    const failed = (await notifications(manager)).filter((n) => n.type === 'EXECUTION_FAILED');
    expect(failed).toEqual([{ type: 'EXECUTION_FAILED', title: 'Failed in Nightly: Occlusion alarm', entity_id: testCase.id }]);
    expect((await notifications(tester)).filter((n) => n.type === 'EXECUTION_FAILED')).toEqual([]);
  });
});
