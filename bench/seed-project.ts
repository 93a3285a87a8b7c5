// Generates a project of about 100,000 rows spread like a real one, set-based, as the admin.
import type pg from 'pg';

export const SEED_COUNTS = {
  test_cases: 15_000,
  test_executions: 30_000,
  documents: 10_000,
  document_versions: 15_000,
  change_requests: 3_000,
  change_request_approvals: 4_000,
  change_request_impacts: 3_000,
  tasks: 12_000,
  comments: 8_000,
} as const;

const WORDS = ['valve', 'pressure', 'sensor', 'calibration', 'firmware', 'login', 'report', 'audit', 'safety', 'torque', 'export',
  'dashboard', 'invoice', 'schedule', 'latency', 'backup', 'restore', 'gateway', 'thermal', 'battery', 'hazard', 'review', 'release',
  'compliance', 'network', 'database', 'encryption', 'printer', 'workflow', 'approval'];

/** A deterministic sentence of `n` words from `seed`. */
const sentence = (seed: string, n: number) =>
  `(SELECT string_agg((ARRAY['${WORDS.join("','")}'])[1 + abs(hashtext(${seed} || w::text)) % ${WORDS.length}], ' ') FROM generate_series(1, ${n}) w)`;

export async function seedProject(admin: pg.Client, org: string, project: string, user: string): Promise<number> {
  const c = SEED_COUNTS;
  await admin.query('SET session_replication_role = replica');  // bulk load: skip triggers (audit, pokes, FKs)
  const base = `'${org}'::uuid, '${project}'::uuid`;
  await admin.query(`INSERT INTO app.test_cases (id, organization_id, project_id, title, description, steps, priority, status, suite, created_by)
    SELECT gen_random_uuid(), ${base}, 'Case ' || i || ' ' || ${sentence("i::text", 4)}, ${sentence("'d' || i", 20)},
      (SELECT jsonb_agg(jsonb_build_object('action', 'Step ' || s || ' of case ' || i, 'expected_result', 'Result ' || s)) FROM generate_series(1, 5) s),
      (ARRAY['LOW','MEDIUM','HIGH','CRITICAL'])[1 + i % 4], (ARRAY['DRAFT','READY','APPROVED'])[1 + i % 3], 'Suite ' || (i % 40), '${user}'
    FROM generate_series(1, ${c.test_cases}) i`);
  await admin.query(`INSERT INTO app.test_executions (id, organization_id, project_id, test_case_id, test_case_version, status, executed_at, executed_by, actual_result)
    SELECT gen_random_uuid(), ${base}, tc.id, 1, (ARRAY['PASSED','FAILED','BLOCKED','PASSED'])[1 + i % 4], now() - (i || ' minutes')::interval, '${user}', 'Observed ' || i
    FROM generate_series(1, ${c.test_executions}) i
    JOIN LATERAL (SELECT id FROM app.test_cases WHERE project_id = '${project}' OFFSET (i % ${c.test_cases}) LIMIT 1) tc ON true`);
  await admin.query(`INSERT INTO app.documents (id, organization_id, project_id, title, content, tags, status, created_by)
    SELECT gen_random_uuid(), ${base}, 'Document ' || i || ' ' || ${sentence("'t' || i", 3)}, ${sentence("'c' || i", 120)},
      ARRAY[(ARRAY['${WORDS.join("','")}'])[1 + i % ${WORDS.length}]], (ARRAY['DRAFT','IN_REVIEW','APPROVED','PUBLISHED'])[1 + i % 4], '${user}'
    FROM generate_series(1, ${c.documents}) i`);
  await admin.query(`INSERT INTO app.document_versions (id, organization_id, project_id, document_id, version_number, title, content, created_by)
    SELECT gen_random_uuid(), ${base}, d.id, 1 + (i / ${c.documents}), d.title, left(d.content, 400), '${user}'
    FROM generate_series(0, ${c.document_versions - 1}) i
    JOIN LATERAL (SELECT id, title, content FROM app.documents WHERE project_id = '${project}' ORDER BY id OFFSET (i % ${c.documents}) LIMIT 1) d ON true`);
  await admin.query(`INSERT INTO app.change_requests (id, organization_id, project_id, number, title, description, status, priority, requested_by, created_by)
    SELECT gen_random_uuid(), ${base}, i, 'Change ' || i, ${sentence("'cr' || i", 30)},
      (ARRAY['DRAFT','SUBMITTED','IN_REVIEW','APPROVED','CLOSED'])[1 + i % 5], (ARRAY['LOW','MEDIUM','HIGH'])[1 + i % 3], '${user}', '${user}'
    FROM generate_series(1, ${c.change_requests}) i`);
  await admin.query(`INSERT INTO app.change_request_approvals (id, organization_id, project_id, change_request_id, approver_id, decision, change_request_revision, decided_at, created_by)
    SELECT gen_random_uuid(), ${base}, cr.id, '${user}', 'APPROVED', 1 + i / ${c.change_requests}, now(), '${user}'
    FROM generate_series(1, ${c.change_request_approvals}) i
    JOIN app.change_requests cr ON cr.project_id = '${project}' AND cr.number = 1 + i % ${c.change_requests}`);
  await admin.query(`INSERT INTO app.tasks (id, organization_id, project_id, title, description, status, priority, assignee_id, created_by)
    SELECT gen_random_uuid(), ${base}, 'Task ' || i || ' ' || ${sentence("'k' || i", 3)}, ${sentence("'kd' || i", 15)},
      (ARRAY['TODO','IN_PROGRESS','DONE'])[1 + i % 3], (ARRAY['LOW','MEDIUM','HIGH'])[1 + i % 3], '${user}', '${user}'
    FROM generate_series(1, ${c.tasks}) i`);
  await admin.query(`INSERT INTO app.change_request_impacts (id, organization_id, project_id, change_request_id, entity_type, entity_id, severity, created_by)
    SELECT gen_random_uuid(), ${base}, cr.id, 'TASK', t.id, 'MEDIUM', '${user}'
    FROM (SELECT id, row_number() OVER (ORDER BY id) n FROM app.tasks WHERE project_id = '${project}') t
    JOIN app.change_requests cr ON cr.project_id = '${project}' AND cr.number = t.n
    WHERE t.n <= ${c.change_request_impacts}`);
  await admin.query(`INSERT INTO app.comments (id, organization_id, project_id, entity_type, entity_id, body, created_by)
    SELECT gen_random_uuid(), ${base}, 'TASK', t.id, ${sentence("'m' || t.n", 12)}, '${user}'
    FROM (SELECT id, row_number() OVER (ORDER BY id) n FROM app.tasks WHERE project_id = '${project}') t WHERE t.n <= ${c.comments}`);
  await admin.query('SET session_replication_role = origin');
  await admin.query('ANALYZE');
  return Object.values(c).reduce((a, b) => a + b, 0);
}
