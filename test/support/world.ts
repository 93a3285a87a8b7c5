// Factories for integration tests: build organizations, users, projects and content through the
// admin connection (which the database treats as privileged), creating missing parents.
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';

export type RoleName = 'ORG_ADMIN' | 'PROJECT_MANAGER' | 'DOCUMENT_AUTHOR' | 'TESTER' | 'REVIEWER' | 'VIEWER';

export interface Org {
  id: string;
  slug: string;
}
export interface User {
  id: string;
  org: Org;
  email: string;
  password: string;
}
export interface Project {
  id: string;
  org: Org;
}
export type Row = Record<string, unknown> & { id: string };

const tag = () => randomBytes(3).toString('hex');

export class World {
  constructor(private readonly admin: pg.Client) {}

  async insert(table: string, values: Record<string, unknown>): Promise<Row> {
    const columns = Object.keys(values);
    const sql = `INSERT INTO app.${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`;
    const { rows } = await this.admin.query<Row>(sql, Object.values(values));
    return rows[0]!;
  }

  async roleId(name: RoleName): Promise<string> {
    const { rows } = await this.admin.query<{ id: string }>('SELECT id FROM app.roles WHERE name = $1 AND is_system', [name]);
    return rows[0]!.id;
  }

  async org(slug = `org-${tag()}`): Promise<Org> {
    const row = await this.insert('organizations', { name: `Org ${slug}`, slug });
    return { id: row.id, slug };
  }

  async user(org: Org, options: { orgRole?: RoleName; password?: string; email?: string; totpSecret?: string } = {}): Promise<User> {
    const email = options.email ?? `user-${tag()}@${org.slug}.example`;
    const password = options.password ?? `pw-${tag()}-${tag()}`;
    const row = await this.insert('users', {
      organization_id: org.id,
      email,
      full_name: `User ${email}`,
      org_role_id: options.orgRole ? await this.roleId(options.orgRole) : null,
      two_factor_enabled: options.totpSecret !== undefined,
    });
    await this.admin.query(
      'INSERT INTO auth.user_credentials (user_id, password_hash, totp_secret) VALUES ($1, auth.hash_password($2), $3)',
      [row.id, password, options.totpSecret ?? null],
    );
    return { id: row.id, org, email, password };
  }

  async project(org: Org, key = `P${tag().toUpperCase().replace(/[^A-Z0-9]/g, 'X')}`.slice(0, 8)): Promise<Project> {
    const row = await this.insert('projects', { organization_id: org.id, key: /^[A-Z]/.test(key) ? key : `P${key}`, name: `Project ${key}` });
    return { id: row.id, org };
  }

  async member(project: Project, user: User, role: RoleName, isActive = true): Promise<Row> {
    return this.insert('project_members', {
      organization_id: project.org.id,
      project_id: project.id,
      user_id: user.id,
      role_id: await this.roleId(role),
      is_active: isActive,
    });
  }

  private scoped(project: Project, values: Record<string, unknown>) {
    return { id: randomUUID(), organization_id: project.org.id, project_id: project.id, ...values };
  }

  document(project: Project, values: Record<string, unknown> = {}) {
    return this.insert('documents', this.scoped(project, { title: `Document ${tag()}`, content: 'Body text', ...values }));
  }

  testCase(project: Project, values: Record<string, unknown> = {}) {
    return this.insert('test_cases', this.scoped(project, {
      title: `Test case ${tag()}`,
      steps: JSON.stringify([{ action: 'Open the app', expected_result: 'It opens' }]),
      ...values,
    }));
  }

  async testExecution(project: Project, values: Record<string, unknown> = {}) {
    const testCaseId = (values.test_case_id as string | undefined) ?? (await this.testCase(project)).id;
    return this.insert('test_executions', this.scoped(project, {
      test_case_id: testCaseId, test_case_version: 1, status: 'PASSED', executed_at: new Date(), ...values,
    }));
  }

  changeRequest(project: Project, values: Record<string, unknown> = {}) {
    return this.insert('change_requests', this.scoped(project, { title: `Change ${tag()}`, ...values }));
  }

  task(project: Project, values: Record<string, unknown> = {}) {
    return this.insert('tasks', this.scoped(project, { title: `Task ${tag()}`, ...values }));
  }

  async comment(project: Project, values: Record<string, unknown> = {}) {
    const entityId = (values.entity_id as string | undefined) ?? (await this.task(project)).id;
    return this.insert('comments', this.scoped(project, { entity_type: 'TASK', entity_id: entityId, body: 'A comment', ...values }));
  }
}
