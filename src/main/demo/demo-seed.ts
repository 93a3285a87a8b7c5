// Fills a freshly migrated embedded central with the demo organization (demo-people.ts) and content
// (demo-content.ts), as the database owner, in one transaction.
import { randomUUID } from 'node:crypto';
import type { CentralConnection } from '../central/connection';
import { signDecision, unlockSigningKey } from '../central/signature';
import type { DecisionToSign } from '../central/signature';
import { DEMO_PROJECTS } from './demo-content';
import type { DemoProject } from './demo-content';
import { DEMO_ORGANIZATION, DEMO_USERS } from './demo-people';
import { seedTraceability } from './demo-trace';

type People = Record<'tester' | 'author' | 'manager', string>;
/** Signs a seeded decision as the manager would have on their device. */
type Signer = (decision: Omit<DecisionToSign, 'signerName' | 'epoch'>) => { signature: string; signature_epoch: number; signer_name: string };

const SIGNATURE_MEANING = {
  APPROVED: 'I approve this change for implementation.', REJECTED: 'I reject this change.', CHANGES_REQUESTED: 'Reviewed: changes are needed.',
};

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

async function insert(conn: CentralConnection, table: string, values: Record<string, unknown>): Promise<string> {
  const columns = Object.keys(values);
  const { rows } = await conn.query<{ id: string }>(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    // Objects and arrays of objects are JSON (jsonb columns); arrays of strings stay arrays (text[] columns).
    Object.values(values).map((v) => (v !== null && typeof v === 'object' && !(v instanceof Date)
      && (!Array.isArray(v) || v.some((x) => x !== null && typeof x === 'object')) ? JSON.stringify(v) : v)),
  );
  return rows[0]!.id;
}

async function roleIds(conn: CentralConnection): Promise<Record<string, string>> {
  const { rows } = await conn.query<{ id: string; name: string }>('SELECT id, name FROM app.roles WHERE is_system');
  return Object.fromEntries(rows.map((r) => [r.name, r.id]));
}

function plain(blocks: unknown[]): string {
  const walk = (node: unknown): string => {
    const n = node as { text?: string; content?: unknown[] };
    return n.text ?? (n.content ?? []).map(walk).filter(Boolean).join('\n\n');
  };
  return blocks.map(walk).join('\n\n');
}

async function seedProject(conn: CentralConnection, org: string, people: People, roles: Record<string, string>, spec: DemoProject, age: number,
  sign: Signer) {
  const project = await insert(conn, 'app.projects', {
    organization_id: org, key: spec.key, name: spec.name, description: spec.description, manager_id: people.manager, created_by: people.manager, updated_by: people.manager,
  });
  for (const user of DEMO_USERS) {
    await insert(conn, 'app.project_members', { organization_id: org, project_id: project, user_id: people[user.key], role_id: roles[user.projectRole], is_active: true });
  }
  const scoped = { organization_id: org, project_id: project };
  const documents: string[] = [];
  for (const [i, d] of spec.documents.entries()) {
    const current = d.versions.at(-1)!.blocks;
    const id = await insert(conn, 'app.documents', {
      ...scoped, title: d.title, document_type: d.type, status: d.status, tags: d.tags, is_template: d.template ?? false, owner_id: people[d.author],
      content: plain(current), content_json: { type: 'doc', content: current }, created_by: people[d.author], updated_by: people[d.author],
      created_at: daysAgo(age + 20 - i),
    });
    for (const [n, v] of d.versions.entries()) {
      await insert(conn, 'app.document_versions', {
        ...scoped, document_id: id, title: d.title, content: plain(v.blocks), content_json: { type: 'doc', content: v.blocks }, change_summary: v.summary,
        is_automatic: v.automatic ?? false, created_by: people[d.author], updated_by: people[d.author], created_at: daysAgo(age + 10 - 3 * n),
      });
    }
    documents.push(id);
  }
  const testCases: string[] = [];
  for (const c of spec.testCases) {
    const id = await insert(conn, 'app.test_cases', {
      ...scoped, title: c.title, suite: c.suite, priority: c.priority, status: c.status, automation_status: c.automation, automation_id: c.automationId ?? null,
      preconditions: c.preconditions, steps: c.steps.map(([action, expected]) => ({ action, expected_result: expected })), owner_id: people.tester,
      created_by: people.tester, updated_by: people.tester, tags: [c.suite.toLowerCase()],
    });
    for (const [n, status] of (c.results ?? []).entries()) {
      await insert(conn, 'app.test_executions', {
        ...scoped, test_case_id: id, test_case_version: 1, status, executed_at: daysAgo(6 - 2 * n), environment: 'Bench rig 2', build: `2.1.0-rc${n + 1}`,
        step_results: c.steps.map((_, step) => ({ step, status: status === 'PASSED' || step < c.steps.length - 1 ? 'PASSED' : status })),
        actual_result: status === 'PASSED' ? 'As expected.' : 'See the last step.', duration_seconds: 300 + 60 * n, created_by: people.tester,
        updated_by: people.tester, executed_by: people.tester,
      });
    }
    testCases.push(id);
  }
  await seedTraceability(spec.key, { conn, insert, scoped, people, documents, testCases });
  for (const [i, cr] of spec.changeRequests.entries()) {
    const id = await insert(conn, 'app.change_requests', {
      // A decision is taken while the request is in review; it moves on afterwards.
      ...scoped, title: cr.title, description: cr.description, justification: cr.justification, priority: cr.priority,
      status: cr.decision ? 'IN_REVIEW' : cr.status,
      approval_policy: cr.policy, requested_by: people.author, assigned_to: people.manager, due_date: daysAgo(-7 - i).slice(0, 10),
      submitted_at: cr.status === 'DRAFT' ? null : daysAgo(5), created_by: people.author, updated_by: people.author, tags: [],
    });
    for (const impact of cr.impacts) {
      await insert(conn, 'app.change_request_impacts', {
        ...scoped, change_request_id: id, entity_type: impact.kind === 'document' ? 'DOCUMENT' : 'TEST_CASE',
        entity_id: impact.kind === 'document' ? documents[impact.index] : testCases[impact.index], severity: impact.severity, description: impact.description,
        created_by: people.author, updated_by: people.author,
      });
    }
    if (cr.decision) {
      // Impacts count as changes of the request: the decision names the revision it saw.
      const { rows } = await conn.query<{ revision: number }>('SELECT revision FROM app.change_requests WHERE id = $1', [id]);
      const decision = {
        id: randomUUID(), changeRequestId: id, decision: cr.decision, revision: rows[0]!.revision, decidedAt: daysAgo(2), approverId: people.manager,
        meaning: SIGNATURE_MEANING[cr.decision],
      };
      await insert(conn, 'app.change_request_approvals', {
        ...scoped, id: decision.id, change_request_id: id, approver_id: people.manager, decision: cr.decision,
        change_request_revision: decision.revision, decided_at: decision.decidedAt, signature_meaning: decision.meaning, ...sign(decision),
        comment: cr.decision === 'APPROVED' ? 'Agreed.' : 'Not worth the risk now.', created_by: people.manager, updated_by: people.manager,
      });
      const path = { APPROVED: ['APPROVED'], REJECTED: ['REJECTED'], IMPLEMENTED: ['APPROVED', 'IMPLEMENTED'], CLOSED: ['APPROVED', 'IMPLEMENTED', 'CLOSED'] };
      for (const status of path[cr.status as keyof typeof path] ?? []) {
        await conn.query('UPDATE app.change_requests SET status = $2 WHERE id = $1 AND status <> $2', [id, status]);
      }
    }
  }
  const tasks: string[] = [];
  for (const task of spec.tasks) {
    tasks.push(await insert(conn, 'app.tasks', {
      ...scoped, title: task.title, status: task.status, task_type: task.type, assignee_id: people[task.assignee], estimate_hours: task.estimate,
      logged_hours: task.logged, parent_id: task.parent === undefined ? null : tasks[task.parent], reporter_id: people.manager,
      due_date: daysAgo(-10).slice(0, 10), created_by: people.manager, updated_by: people.manager,
    }));
  }
  if (documents[0]) {
    const comment = await insert(conn, 'app.comments', {
      ...scoped, entity_type: 'DOCUMENT', entity_id: documents[0], body: '@Tess Okafor can you check the alarm requirements against the bench results?',
      mentions: [people.tester], created_by: people.author, updated_by: people.author,
    });
    await insert(conn, 'app.comments', {
      ...scoped, entity_type: 'DOCUMENT', entity_id: documents[0], parent_id: comment, body: 'Yes — REQ-10 fails on rig 2, see the blocked execution.',
      mentions: [], created_by: people.tester, updated_by: people.tester,
    });
  }
}

/**
 * The manager's decisions are signed as their device signs them: the key epoch that their first
 * sign-in would make is made now (one PBKDF2 either way), and the key derived from the demo password.
 */
async function managerSigner(conn: CentralConnection, managerId: string): Promise<Signer> {
  const manager = DEMO_USERS.find((u) => u.key === 'manager')!;
  await conn.query('SELECT auth.refresh_signature_verifier(c.user_id, $2, c.password_hash) FROM auth.user_credentials c WHERE c.user_id = $1',
    [managerId, manager.password]);
  const { rows } = await conn.query<{ epoch: number; salt: string; iterations: number; password_check: string }>(
    `SELECT epoch, encode(salt, 'hex') AS salt, iterations, encode(password_check, 'hex') AS password_check
     FROM auth.signing_keys WHERE user_id = $1 ORDER BY epoch DESC LIMIT 1`, [managerId]);
  const parameters = { epoch: rows[0]!.epoch, salt: rows[0]!.salt, iterations: rows[0]!.iterations, passwordCheck: rows[0]!.password_check };
  const key = (await unlockSigningKey(manager.password, parameters))!;
  return (decision) => ({
    signature: signDecision(key, { ...decision, signerName: manager.fullName, epoch: parameters.epoch }),
    signature_epoch: parameters.epoch, signer_name: manager.fullName,
  });
}

/** Seeds the demo organization unless it exists; true when it seeded. */
export async function seedDemo(conn: CentralConnection): Promise<boolean> {
  const existing = await conn.query('SELECT 1 FROM app.organizations WHERE slug = $1', [DEMO_ORGANIZATION.slug]);
  if (existing.rowCount > 0) return false;
  await conn.exec('BEGIN');
  try {
    const org = await insert(conn, 'app.organizations', { name: DEMO_ORGANIZATION.name, slug: DEMO_ORGANIZATION.slug });
    const roles = await roleIds(conn);
    const people = {} as People;
    for (const user of DEMO_USERS) {
      const id = randomUUID();
      await insert(conn, 'app.users', {
        id, organization_id: org, email: user.email, full_name: user.fullName, org_role_id: user.orgAdmin ? roles.ORG_ADMIN : null,
      });
      await conn.query('INSERT INTO auth.user_credentials (user_id, password_hash) VALUES ($1, auth.hash_password($2))', [id, user.password]);
      people[user.key] = id;
    }
    const sign = await managerSigner(conn, people.manager);
    for (const [i, project] of DEMO_PROJECTS.entries()) await seedProject(conn, org, people, roles, project, 30 * (DEMO_PROJECTS.length - i), sign);
    await conn.exec('COMMIT');
    return true;
  } catch (error) {
    await conn.exec('ROLLBACK');
    throw error;
  }
}
