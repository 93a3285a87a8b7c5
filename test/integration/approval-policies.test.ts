// Approval policies, enforced by the database: who may decide (listed approvers holding
// CHANGE_REQUEST/APPROVE), in which order (SEQUENTIAL), once per revision, and the outcome each policy
// (ALL, ANY, QUORUM) gives after every decision — also through the push path the desktop uses.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inSession } from '../../src/main/central/auth';
import { decide, decisionValues } from '../support/decisions';
import { useTestDatabase } from '../support/fixture';
import { signIn } from '../support/sessions';
import type { AppSession } from '../support/sessions';
import { SyncClient } from '../support/sync-client';
import type { Project, Row, User } from '../support/world';

const t = useTestDatabase();

let project: Project;
let manager: User;
let author: User;
let viewer: User;
let outsider: User;
const reviewers: User[] = [];
const sessions = new Map<string, AppSession>();
const clients: SyncClient[] = [];

const session = (user: User) => sessions.get(user.id)!;

beforeAll(async () => {
  const w = t.world;
  const org = await w.org();
  project = await w.project(org);
  manager = await w.user(org);
  author = await w.user(org);
  viewer = await w.user(org);
  outsider = await w.user(org);
  await w.member(project, manager, 'PROJECT_MANAGER');
  await w.member(project, author, 'DOCUMENT_AUTHOR');
  await w.member(project, viewer, 'VIEWER');
  await w.member(project, outsider, 'REVIEWER');
  for (let i = 0; i < 3; i++) {
    const reviewer = await w.user(org);
    await t.admin.query('UPDATE app.users SET full_name = $2 WHERE id = $1', [reviewer.id, `Reviewer ${i + 1}`]);
    await w.member(project, reviewer, 'REVIEWER');
    reviewers.push(reviewer);
  }
  for (const user of [manager, author, viewer, outsider, ...reviewers]) {
    const s = await signIn(t.db.appUrl, user);
    t.track(s.conn);
    sessions.set(user.id, s);
  }
});
afterAll(async () => {
  for (const c of clients) await c.close();
});

interface RequestSpec {
  policy?: 'ALL' | 'ANY' | 'QUORUM';
  mode?: 'PARALLEL' | 'SEQUENTIAL';
  quorum?: number;
  approvers?: User[];
  positions?: number[];
}

/** A change request in review with its approvers (position = order given unless told), and its revision. */
async function request(spec: RequestSpec = {}): Promise<{ id: string; revision: number }> {
  const cr = await t.world.changeRequest(project, {
    approval_policy: spec.policy ?? 'ALL', approval_mode: spec.mode ?? 'PARALLEL', approval_quorum: spec.quorum ?? null,
    created_by: manager.id,
  });
  for (const [i, approver] of (spec.approvers ?? []).entries()) {
    await t.world.insert('change_request_approvers', {
      organization_id: project.org.id, project_id: project.id, change_request_id: cr.id, approver_id: approver.id,
      position: spec.positions?.[i] ?? i + 1,
    });
  }
  await t.admin.query(`UPDATE app.change_requests SET status = 'SUBMITTED' WHERE id = $1`, [cr.id]);
  await t.admin.query(`UPDATE app.change_requests SET status = 'IN_REVIEW' WHERE id = $1`, [cr.id]);
  return { id: cr.id, revision: (await state(cr.id)).revision };
}

async function state(id: string) {
  const { rows } = await t.admin.query<{ status: string; revision: number; decided_at: Date | null; sync_xid: string; updated_by: string | null }>(
    'SELECT status, revision, decided_at, sync_xid::text, updated_by FROM app.change_requests WHERE id = $1', [id]);
  return rows[0]!;
}

const approve = (user: User, cr: { id: string; revision: number }) => decide(session(user), user, project, cr.id, 'APPROVED', cr.revision);

describe.each([
  // policy, mode, quorum, the approvers in the order they decide (indexes into reviewers), decisions until APPROVED
  ['ALL', 'PARALLEL', null, [2, 0, 1], 3],
  ['ALL', 'SEQUENTIAL', null, [0, 1, 2], 3],
  ['ANY', 'PARALLEL', null, [2], 1],
  ['ANY', 'SEQUENTIAL', null, [0], 1],
  ['QUORUM', 'PARALLEL', 2, [2, 0], 2],
  ['QUORUM', 'SEQUENTIAL', 2, [0, 1], 2],
] as const)('%s × %s', (policy, mode, quorum, order, needed) => {
  it(`is approved after ${needed} approval(s) of 3 listed approvers, and not before`, async () => {
    const cr = await request({ policy, mode, quorum: quorum ?? undefined, approvers: reviewers });
    for (const [n, index] of order.entries()) {
      expect((await state(cr.id)).status, `before decision ${n + 1}`).toBe('IN_REVIEW');
      await approve(reviewers[index]!, cr);
    }
    const after = await state(cr.id);
    expect(after.status).toBe('APPROVED');
    expect(after.decided_at).not.toBeNull();
    expect(after.revision).toBe(cr.revision);
    expect(after.updated_by).toBe(reviewers[order[order.length - 1]!]!.id);
    // Once decided, nobody else's decision is taken.
    const late = reviewers.find((_, i) => !(order as readonly number[]).includes(i));
    if (late) await expect(approve(late, cr)).rejects.toMatchObject({ code: 'PM411' });
  });

  it('a rejection by a listed approver rejects the request at once', async () => {
    const cr = await request({ policy, mode, quorum: quorum ?? undefined, approvers: reviewers });
    await decide(session(reviewers[0]!), reviewers[0]!, project, cr.id, 'REJECTED', cr.revision, { meaning: 'Rejected: risk too high' });
    expect(await state(cr.id)).toMatchObject({ status: 'REJECTED', revision: cr.revision, decided_at: expect.any(Date) });
  });
});

describe('outcomes', () => {
  it('changes requested send the request back to draft at a new revision; the next round starts afresh', async () => {
    const cr = await request({ policy: 'ALL', approvers: reviewers.slice(0, 2) });
    await approve(reviewers[0]!, cr);
    const before = await state(cr.id);
    await decide(session(reviewers[1]!), reviewers[1]!, project, cr.id, 'CHANGES_REQUESTED', cr.revision, { meaning: null, signature: null });
    const after = await state(cr.id);
    expect(after).toMatchObject({ status: 'DRAFT', revision: cr.revision + 1, decided_at: expect.any(Date), updated_by: reviewers[1]!.id });
    expect(BigInt(after.sync_xid)).toBeGreaterThan(BigInt(before.sync_xid));
    // Resubmitted: reviewer 1's earlier approval was for the old revision and does not count.
    await session(manager).query(`UPDATE app.change_requests SET status = 'SUBMITTED' WHERE id = $1`, [cr.id]);
    await session(manager).query(`UPDATE app.change_requests SET status = 'IN_REVIEW' WHERE id = $1`, [cr.id]);
    const next = { id: cr.id, revision: cr.revision + 1 };
    await approve(reviewers[1]!, next);
    expect((await state(cr.id)).status).toBe('IN_REVIEW');
    await approve(reviewers[0]!, next);
    expect((await state(cr.id)).status).toBe('APPROVED');
  });

  it('a status change made by the policy is audited as the deciding approver and poked to replicas', async () => {
    const cr = await request({ policy: 'ANY', approvers: [reviewers[0]!] });
    const bumps = async () => Number((await t.admin.query('SELECT coalesce(max(bumps), 0) AS n FROM app.change_beacons WHERE scope_id = $1', [project.id])).rows[0].n);
    const before = await bumps();
    await approve(reviewers[0]!, cr);
    const { rows } = await t.admin.query(
      `SELECT user_id, changes -> 'status' AS status FROM app.activity_logs
       WHERE entity_type = 'CHANGE_REQUEST' AND entity_id = $1 AND action = 'UPDATE' AND changes ? 'status' ORDER BY created_at DESC LIMIT 1`, [cr.id]);
    expect(rows[0]).toEqual({ user_id: reviewers[0]!.id, status: { old: 'IN_REVIEW', new: 'APPROVED' } });
    expect(await bumps()).toBeGreaterThan(before); // the project's change beacon: replicas pull
  });

  it('without listed approvers, anyone holding CHANGE_REQUEST/APPROVE decides: ALL and ANY need one approval, QUORUM its count', async () => {
    for (const policy of ['ALL', 'ANY'] as const) {
      const cr = await request({ policy });
      await approve(outsider, cr);
      expect((await state(cr.id)).status, policy).toBe('APPROVED');
    }
    const cr = await request({ policy: 'QUORUM', quorum: 2 });
    await approve(outsider, cr);
    expect((await state(cr.id)).status).toBe('IN_REVIEW');
    await expect(approve(viewer, cr)).rejects.toMatchObject({ code: 'PM403' });
    await approve(manager, cr);
    expect((await state(cr.id)).status).toBe('APPROVED');
  });

  it('two approvers deciding at the same moment: the request locks, the second sees the first, ALL is reached', async () => {
    const cr = await request({ policy: 'ALL', approvers: reviewers.slice(0, 2) });
    const first = session(reviewers[0]!);
    const values = await decisionValues(first, reviewers[0]!, cr.id, 'APPROVED', cr.revision);
    await first.conn.exec('BEGIN');
    await first.conn.query(`SELECT set_config('app.session_token', $1, true)`, [first.token]);
    await first.conn.query(
      `INSERT INTO app.change_request_approvals (id, organization_id, project_id, change_request_id, decision, change_request_revision,
         decided_at, signature_meaning, signature, signature_epoch, signer_name) VALUES ($1, $2, $3, $4, 'APPROVED', $5, $6, $7, $8, $9, $10)`,
      [values.id, project.org.id, project.id, cr.id, cr.revision, values.decided_at, values.signature_meaning, values.signature,
        values.signature_epoch, values.signer_name]);
    const second = approve(reviewers[1]!, cr);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await state(cr.id)).status).toBe('IN_REVIEW');
    await first.conn.exec('COMMIT');
    await second;
    expect((await state(cr.id)).status).toBe('APPROVED');
  });
});

describe('refusals', () => {
  it('deciding out of turn in a sequential request is refused, naming whom it waits for', async () => {
    const cr = await request({ policy: 'ALL', mode: 'SEQUENTIAL', approvers: reviewers });
    await expect(approve(reviewers[1]!, cr)).rejects.toMatchObject({
      code: 'PM412', message: expect.stringContaining('waiting for Reviewer 1\'s decision first'),
    });
    await expect(decide(session(reviewers[2]!), reviewers[2]!, project, cr.id, 'REJECTED', cr.revision))
      .rejects.toMatchObject({ code: 'PM412' });
    await approve(reviewers[0]!, cr);
    await expect(approve(reviewers[2]!, cr)).rejects.toMatchObject({ message: expect.stringContaining('waiting for Reviewer 2') });
    await approve(reviewers[1]!, cr);
    await approve(reviewers[2]!, cr);
    expect((await state(cr.id)).status).toBe('APPROVED');
    const { rows } = await t.admin.query('SELECT count(*)::int AS n FROM app.change_request_approvals WHERE change_request_id = $1', [cr.id]);
    expect(rows[0].n).toBe(3);
  });

  it('approvers at the same position form one step, decided in any order', async () => {
    const cr = await request({ policy: 'ALL', mode: 'SEQUENTIAL', approvers: reviewers, positions: [1, 2, 2] });
    await expect(approve(reviewers[2]!, cr)).rejects.toMatchObject({ code: 'PM412' });
    await approve(reviewers[0]!, cr);
    await approve(reviewers[2]!, cr);
    await approve(reviewers[1]!, cr);
    expect((await state(cr.id)).status).toBe('APPROVED');
  });

  it('someone who is not a listed approver is refused, even holding CHANGE_REQUEST/APPROVE', async () => {
    const cr = await request({ policy: 'ANY', approvers: [reviewers[0]!] });
    await expect(approve(outsider, cr)).rejects.toMatchObject({
      code: 'PM403', message: expect.stringContaining('not one of the approvers'),
    });
    await expect(approve(manager, cr)).rejects.toMatchObject({ code: 'PM403' });
    expect((await state(cr.id)).status).toBe('IN_REVIEW');
  });

  it('a second decision by the same approver on the same revision is refused', async () => {
    const cr = await request({ policy: 'QUORUM', quorum: 3, approvers: reviewers });
    await approve(reviewers[0]!, cr);
    await expect(approve(reviewers[0]!, cr)).rejects.toMatchObject({
      code: 'PM409', message: expect.stringContaining(`You already decided on revision ${cr.revision}`),
    });
    await expect(decide(session(reviewers[0]!), reviewers[0]!, project, cr.id, 'REJECTED', cr.revision))
      .rejects.toMatchObject({ code: 'PM409' });
    expect((await state(cr.id)).status).toBe('IN_REVIEW');
  });

  it('a decision on a revision that is no longer current is refused', async () => {
    const cr = await request({ policy: 'ANY', approvers: [reviewers[0]!] });
    await session(manager).query(`UPDATE app.change_requests SET description = 'Edited during review' WHERE id = $1`, [cr.id]);
    await expect(approve(reviewers[0]!, cr)).rejects.toMatchObject({
      code: 'PM410', message: expect.stringContaining('changed after you reviewed it'),
    });
    await approve(reviewers[0]!, { id: cr.id, revision: cr.revision + 1 });
    expect((await state(cr.id)).status).toBe('APPROVED');
  });

  it('a client cannot set APPROVED or REJECTED by editing the status; neither can privileged SQL outside the policy', async () => {
    const cr = await request({ policy: 'ALL', approvers: [reviewers[0]!] });
    for (const status of ['APPROVED', 'REJECTED']) {
      await expect(session(manager).query('UPDATE app.change_requests SET status = $2 WHERE id = $1', [cr.id, status]))
        .rejects.toMatchObject({ code: 'PM422', message: expect.stringContaining('by its approvers\' decisions') });
      await expect(session(manager).query(
        `SELECT app.push_mutations($1, $2::jsonb)`, [randomUUID(), JSON.stringify([{ id: 1, table: 'change_requests', op: 'update', row_id: cr.id, values: { status } }])]))
        .resolves.toEqual([{ push_mutations: [expect.objectContaining({ status: 'rejected', code: 'PM422' })] }]);
      await expect(t.admin.query('UPDATE app.change_requests SET status = $2 WHERE id = $1', [cr.id, status]))
        .rejects.toMatchObject({ code: 'PM422' });
      // Setting the marker the policy uses grants a client nothing.
      const { conn, token } = session(manager);
      await expect(inSession(conn, token, async () => {
        await conn.query(`SELECT set_config('app.approval_outcome', $1, true)`, [cr.id]);
        await conn.query('UPDATE app.change_requests SET status = $2 WHERE id = $1', [cr.id, status]);
      })).rejects.toMatchObject({ code: 'PM422' });
    }
    expect((await state(cr.id)).status).toBe('IN_REVIEW');
    // Withdrawing to draft stays the requester's choice, and starts a new revision.
    await session(manager).query(`UPDATE app.change_requests SET status = 'DRAFT' WHERE id = $1`, [cr.id]);
    expect(await state(cr.id)).toMatchObject({ status: 'DRAFT', revision: cr.revision + 1 });
  });
});

describe('the approvers of a request', () => {
  it('are listed by whoever may edit the request, in its own organization, and count as a new revision', async () => {
    const cr = await t.world.changeRequest(project, { created_by: manager.id });
    const add = (as: User, approver: User, position = 1) => session(as).query<Row>(
      `INSERT INTO app.change_request_approvers (id, organization_id, project_id, change_request_id, approver_id, position)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`, [randomUUID(), project.org.id, project.id, cr.id, approver.id, position]);
    const [row] = await add(manager, reviewers[0]!);
    expect(row).toMatchObject({ created_by: manager.id, version: '1', position: 1 });
    const audit = await t.admin.query(`SELECT user_id, action FROM app.activity_logs WHERE entity_type = 'CHANGE_REQUEST_APPROVER' AND entity_id = $1`, [row!.id]);
    expect(audit.rows).toEqual([{ user_id: manager.id, action: 'CREATE' }]);
    expect((await state(cr.id)).revision).toBe(2);
    await expect(add(manager, reviewers[0]!)).rejects.toMatchObject({ code: 'PM409', message: 'Reviewer 1 is already an approver of CR-' + cr.number + '.' });
    await expect(add(manager, viewer)).rejects.toMatchObject({ code: 'PM422', message: expect.stringContaining('cannot approve change requests in this project') });
    // The author may create change requests but edit only their own: not the manager's approvers.
    await expect(add(author, reviewers[1]!)).rejects.toMatchObject({ code: 'PM403' });
    await expect(add(viewer, reviewers[1]!)).rejects.toMatchObject({ code: 'PM403' });
    await session(manager).query('UPDATE app.change_request_approvers SET position = 2 WHERE id = $1', [row!.id]);
    expect((await state(cr.id)).revision).toBe(3);
    await expect(session(manager).query('UPDATE app.change_request_approvers SET change_request_id = $2 WHERE id = $1', [row!.id, randomUUID()]))
      .rejects.toMatchObject({ code: '42501' });
  });

  it('cannot change once the request is decided', async () => {
    const cr = await request({ policy: 'ANY', approvers: [reviewers[0]!] });
    await approve(reviewers[0]!, cr);
    await expect(session(manager).query('UPDATE app.change_request_approvers SET deleted_at = now() WHERE change_request_id = $1', [cr.id]))
      .rejects.toMatchObject({ code: 'PM422', message: expect.stringContaining('cannot change: it is approved') });
  });

  it('removing a listed approver during review starts a new revision, and the remaining ones decide', async () => {
    const cr = await request({ policy: 'ALL', approvers: reviewers.slice(0, 2) });
    await approve(reviewers[0]!, cr);
    await session(manager).query('UPDATE app.change_request_approvers SET deleted_at = now() WHERE change_request_id = $1 AND approver_id = $2',
      [cr.id, reviewers[1]!.id]);
    const next = { id: cr.id, revision: cr.revision + 1 };
    expect((await state(cr.id)).revision).toBe(next.revision);
    await expect(approve(reviewers[1]!, next)).rejects.toMatchObject({ code: 'PM403' });
    await approve(reviewers[0]!, next);
    expect((await state(cr.id)).status).toBe('APPROVED');
  });
});

describe('through the push path', () => {
  it('a refused decision is recorded as a rejection with its reason, and the rest of the batch applies', async () => {
    const sequential = await request({ policy: 'ALL', mode: 'SEQUENTIAL', approvers: reviewers.slice(0, 2) });
    const other = await request({ policy: 'ANY', approvers: [reviewers[1]!] });
    const device = await SyncClient.signIn('reviewer-2', t.db.appUrl, reviewers[1]!);
    clients.push(device);
    await device.pullUntilCaughtUp();
    // Signed with the key derived from the reviewer's password, as the desktop does.
    const decision = async (cr: { id: string; revision: number }) => {
      const { id, ...v } = await decisionValues(session(reviewers[1]!), reviewers[1]!, cr.id, 'APPROVED', cr.revision);
      return device.writer.create('approval', project.id, v, id).id;
    };
    const outOfTurn = await decision(sequential);
    const comment = device.writer.create('comment', project.id, { entity_type: 'CHANGE_REQUEST', entity_id: other.id, body: 'Fine by me.' }).id;
    const valid = await decision(other);
    const summary = await device.push();
    expect(summary).toEqual({ applied: 2, skipped: 0, rejected: 1 });
    const rejections = device.store.db.prepare('SELECT row_id, table_name, code, message FROM rejections').all();
    expect(rejections).toEqual([{
      row_id: outOfTurn, table_name: 'change_request_approvals', code: 'PM412',
      message: expect.stringContaining('waiting for Reviewer 1\'s decision first'),
    }]);
    const { rows } = await t.admin.query('SELECT id FROM app.change_request_approvals WHERE id = ANY($1)', [[outOfTurn, valid]]);
    expect(rows).toEqual([{ id: valid }]);
    expect((await t.admin.query('SELECT count(*)::int AS n FROM app.comments WHERE id = $1', [comment])).rows[0].n).toBe(1);
    expect((await state(other.id)).status).toBe('APPROVED');
    expect((await state(sequential.id)).status).toBe('IN_REVIEW');
    // The device learns the outcome at its next pull.
    await device.pullUntilCaughtUp();
    expect(device.store.readRow('change_requests', other.id)).toMatchObject({ status: 'APPROVED' });
    expect(device.store.readRow('change_request_approvals', outOfTurn)).toBeUndefined();
  });

  it('approvers are pushed and pulled like any project content', async () => {
    const device = await SyncClient.signIn('manager', t.db.appUrl, manager);
    clients.push(device);
    await device.pullUntilCaughtUp();
    const cr = device.writer.create('changeRequest', project.id, { title: 'Switch the logging library', approval_mode: 'SEQUENTIAL' }).id;
    const first = device.writer.create('approver', project.id, { change_request_id: cr, approver_id: reviewers[0]!.id, position: 1 }).id;
    device.writer.create('approver', project.id, { change_request_id: cr, approver_id: reviewers[1]!.id, position: 2 });
    expect(await device.push()).toEqual({ applied: 3, skipped: 0, rejected: 0 });
    const { rows } = await t.admin.query('SELECT approver_id, position FROM app.change_request_approvers WHERE change_request_id = $1 ORDER BY position', [cr]);
    expect(rows).toEqual([{ approver_id: reviewers[0]!.id, position: 1 }, { approver_id: reviewers[1]!.id, position: 2 }]);
    await device.pullUntilCaughtUp();
    expect(device.store.readRow('change_request_approvers', first)).toMatchObject({ approver_id: reviewers[0]!.id, position: 1, version: 1 });
    expect(device.store.readRow('change_requests', cr)).toMatchObject({ revision: 3 });
  });
});
