// Organization administration (migration 0009) as a signed-in org admin over application_user: each
// admin.* function's allowed path, and each refusal's SQLSTATE and message with nothing changed.
import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as admin from '../../src/main/central/admin';
import { AdminError } from '../../src/main/central/admin';
import type { AdminErrorCode } from '../../src/main/central/admin';
import { login } from '../../src/main/central/auth';
import { connectPg } from '../../src/main/central/connection';
import { useTestDatabase } from '../support/fixture';
import { sessionOn, signIn } from '../support/sessions';
import type { AppSession } from '../support/sessions';
import { SyncClient } from '../support/sync-client';
import type { Org, Project, User } from '../support/world';

const t = useTestDatabase();

let acme: Org;
let boss: User;
let bossSession: AppSession;
let manager: User;
let managerSession: AppSession;
let tester: User;
let testerSession: AppSession;
let project: Project;
let otherOrg: Org;
let stranger: User;
let strangerProject: Project;
let roles: Record<'ORG_ADMIN' | 'PROJECT_MANAGER' | 'TESTER' | 'VIEWER', string>;

const strong = () => `Blue-Kettle-${randomBytes(3).toString('hex')}`;

async function session(user: User): Promise<AppSession> {
  const s = await signIn(t.db.appUrl, user);
  t.track(s.conn);
  return s;
}

/** A user made through admin.create_user, as the factories' User. */
async function newUser(org: Org, as: AppSession, orgRoleId: string | null = null): Promise<User> {
  const email = `person-${randomBytes(3).toString('hex')}@${org.slug}.example`;
  const password = strong();
  const id = await admin.createUser(as.conn, as.token, { email, fullName: `Person ${email}`, password, orgRoleId });
  return { id, org, email, password };
}

async function attempt(user: Pick<User, 'org' | 'email' | 'password'>) {
  const conn = t.track(await connectPg(t.db.appUrl));
  return login(conn, { organization: user.org.slug, email: user.email, password: user.password });
}

async function whoAmI(s: AppSession): Promise<string | null> {
  return (await s.query<{ id: string | null }>('SELECT app.current_user_id() AS id'))[0]!.id;
}

/** Everything an administration function could touch. */
async function snapshot() {
  const q = async (sql: string) => (await t.admin.query(sql)).rows;
  return {
    users: await q('SELECT id, email, full_name, status, org_role_id, version, deleted_at FROM app.users ORDER BY id'),
    credentials: await q('SELECT user_id, password_hash, password_changed_at, failed_attempts, locked_until FROM auth.user_credentials ORDER BY user_id'),
    sessions: await q('SELECT id, revoked_at FROM auth.user_sessions ORDER BY id'),
    projects: await q('SELECT id, key, name, manager_id, version FROM app.projects ORDER BY id'),
    members: await q('SELECT id, role_id, is_active, version FROM app.project_members ORDER BY id'),
    roles: await q('SELECT id, name, description, version, deleted_at FROM app.roles ORDER BY id'),
    rolePermissions: await q('SELECT id, role_id, permission_id, deleted_at FROM app.role_permissions ORDER BY id'),
    activity: await q('SELECT count(*)::int AS n FROM app.activity_logs'),
  };
}

/** The call is refused with `code` and a message matching `message`, and changes nothing. */
async function expectRefused(call: () => Promise<unknown>, code: AdminErrorCode, message: RegExp) {
  const before = await snapshot();
  const error = await call().then(() => undefined, (e: unknown) => e);
  expect(error, `expected ${code}`).toBeInstanceOf(AdminError);
  expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
  expect(await snapshot()).toEqual(before);
  return error as AdminError;
}

async function logsOf(entityId: string) {
  const { rows } = await t.admin.query<{ action: string; entity_type: string; user_id: string; session_id: string | null; changes: Record<string, { old?: unknown; new?: unknown }> }>(
    'SELECT action, entity_type, user_id, session_id, changes FROM app.activity_logs WHERE entity_id = $1 ORDER BY created_at, id', [entityId]);
  return rows;
}

beforeAll(async () => {
  const w = t.world;
  roles = { ORG_ADMIN: await w.roleId('ORG_ADMIN'), PROJECT_MANAGER: await w.roleId('PROJECT_MANAGER'),
    TESTER: await w.roleId('TESTER'), VIEWER: await w.roleId('VIEWER') };
  acme = await w.org();
  boss = await w.user(acme, { orgRole: 'ORG_ADMIN' });
  await w.user(acme, { orgRole: 'ORG_ADMIN' });  // a second administrator, so that boss may be changed
  manager = await w.user(acme);
  tester = await w.user(acme);
  project = await w.project(acme);
  await w.member(project, manager, 'PROJECT_MANAGER');
  await w.member(project, tester, 'TESTER');
  otherOrg = await w.org();
  await w.user(otherOrg, { orgRole: 'ORG_ADMIN' });
  stranger = await w.user(otherOrg);
  strangerProject = await w.project(otherOrg);
  [bossSession, managerSession, testerSession] = [await session(boss), await session(manager), await session(tester)];
});

describe('the password rule (auth.password_problem)', () => {
  it('wants 12 characters, not the email name, 3 of 4 kinds of characters', async () => {
    const problem = (password: string, email = 'ada@acme.example') => admin.passwordProblem(bossSession.conn, password, email);
    expect(await problem('Blue-Kettle-42')).toBeNull();
    expect(await problem('correcthorsebattery')).toMatch(/uses 1 of the 4 kinds/);
    expect(await problem('correct horse battery')).toMatch(/uses 2 of the 4 kinds/);  // a space counts as a symbol
    expect(await problem('correct horse 9')).toBeNull();  // lowercase, space, digit
    expect(await problem('Short-1')).toMatch(/too short \(7 characters\): use at least 12/);
    expect(await problem('My-Ada-Password-1')).toMatch(/contains "ada" from the email address/);
    expect(await problem('My-Jo-Password-1', 'jo@acme.example')).toBeNull();  // a 2-letter name part is not checked
    expect(await problem('')).toBe('Enter a password.');
    expect(await problem('Aa1-'.repeat(251))).toMatch(/too long/);
  });
});

describe('users', () => {
  it('creates a user who can sign in, with an organization role, audited with the admin as actor', async () => {
    const user = await newUser(acme, bossSession, roles.VIEWER);
    const { rows } = await t.admin.query('SELECT organization_id, status, org_role_id, created_by FROM app.users WHERE id = $1', [user.id]);
    expect(rows[0]).toEqual({ organization_id: acme.id, status: 'ACTIVE', org_role_id: roles.VIEWER, created_by: boss.id });
    expect(await attempt(user)).toMatchObject({ ok: true, userId: user.id });
    const [log] = await logsOf(user.id);
    expect(log).toMatchObject({ action: 'CREATE', entity_type: 'USER', user_id: boss.id });
    expect(log!.session_id).not.toBeNull();
    expect(log!.changes.email).toEqual({ new: user.email });
    expect(JSON.stringify(await logsOf(user.id))).not.toContain(user.password);
  });

  it('refuses a duplicate email (any case), a weak password, an invalid email, an unknown role', async () => {
    const taken = await newUser(acme, bossSession);
    const create = (email: string, password = strong(), orgRoleId: string | null = null) => () =>
      admin.createUser(bossSession.conn, bossSession.token, { email, fullName: 'New Person', password, orgRoleId });
    await expectRefused(create(taken.email.toUpperCase()), 'PM409', /already a user with the email .* in your organization/);
    await expectRefused(create('new@acme.example', 'short'), 'PM422', /too short/);
    await expectRefused(create('new@acme.example', 'alllowercaseletters'), 'PM422', /kinds of characters/);
    await expectRefused(create('newcomer@acme.example', 'Newcomer-2024!'), 'PM422', /contains "newcomer"/);
    await expectRefused(create('not-an-email'), 'PM422', /not a valid email address/);
    await expectRefused(create('new@acme.example', strong(), randomUUID()), 'PM404', /role does not exist in your organization/);
    const error = await expectRefused(() => admin.createUser(bossSession.conn, bossSession.token, { email: 'x@acme.example', fullName: ' ', password: strong() }),
      'PM422', /full name/);
    expect(error.reason).toBe('invalid');
  });

  it('the same email may exist in another organization', async () => {
    const user = await newUser(acme, bossSession);
    const otherAdmin = await t.world.user(otherOrg, { orgRole: 'ORG_ADMIN' });
    const s = await session(otherAdmin);
    await expect(admin.createUser(s.conn, s.token, { email: user.email, fullName: 'Namesake', password: strong() })).resolves.toMatch(/-/);
  });

  it('resetting a password ends the user\'s sessions; the old password stops working', async () => {
    const user = await newUser(acme, bossSession);
    const [first, second] = [await session(user), await session(user)];
    expect(await whoAmI(first)).toBe(user.id);
    const password = strong();
    expect(await admin.resetPassword(bossSession.conn, bossSession.token, user.id, password)).toBe(2);
    expect(await whoAmI(first)).toBeNull();
    expect(await whoAmI(second)).toBeNull();
    expect(await attempt(user)).toMatchObject({ ok: false, code: 'INVALID_CREDENTIALS' });
    expect(await attempt({ ...user, password })).toMatchObject({ ok: true });
    const { rows } = await t.admin.query(`SELECT revoked_reason FROM auth.user_sessions WHERE user_id = $1 AND revoked_at IS NOT NULL`, [user.id]);
    expect(rows.map((r) => r.revoked_reason)).toEqual(['PASSWORD_RESET', 'PASSWORD_RESET']);
    const log = (await logsOf(user.id)).find((l) => 'password_changed_at' in l.changes);
    expect(log).toMatchObject({ action: 'UPDATE', user_id: boss.id, changes: { sessions_revoked: { new: 2 } } });
    await expectRefused(() => admin.resetPassword(bossSession.conn, bossSession.token, user.id, 'password'), 'PM422', /too short/);
  });

  it('a locked user cannot sign in, and can after unlocking', async () => {
    const user = await newUser(acme, bossSession);
    const open = await session(user);
    await admin.lockUser(bossSession.conn, bossSession.token, user.id);
    expect(await whoAmI(open)).toBeNull();
    expect(await attempt(user)).toMatchObject({ ok: false, code: 'ACCOUNT_DISABLED' });
    const status = (await logsOf(user.id)).find((l) => l.action === 'UPDATE' && l.changes.status);
    expect(status).toMatchObject({ action: 'UPDATE', user_id: boss.id, changes: { status: { old: 'ACTIVE', new: 'SUSPENDED' } } });
    await admin.lockUser(bossSession.conn, bossSession.token, user.id);  // again: no change
    await expectRefused(() => admin.enableUser(bossSession.conn, bossSession.token, user.id), 'PM422', /is locked, not disabled/);
    await admin.unlockUser(bossSession.conn, bossSession.token, user.id);
    expect(await attempt(user)).toMatchObject({ ok: true });
  });

  it('unlocking also lifts the lock after failed sign-ins and clears the count', async () => {
    const user = await newUser(acme, bossSession);
    const account = async () => (await admin.listAccounts(bossSession.conn, bossSession.token)).find((a) => a.userId === user.id);
    for (let i = 0; i < 3; i++) await attempt({ ...user, password: 'Wrong-password-1' });
    expect(await account()).toMatchObject({ status: 'ACTIVE', isOrgAdmin: false, failedAttempts: 3, lockedUntil: null });
    for (let i = 0; i < 2; i++) await attempt({ ...user, password: 'Wrong-password-1' });
    expect(await attempt(user)).toMatchObject({ ok: false, code: 'ACCOUNT_LOCKED' });
    expect((await account())!.lockedUntil).toBeInstanceOf(Date);
    await admin.unlockUser(bossSession.conn, bossSession.token, user.id);
    const { rows } = await t.admin.query('SELECT failed_attempts, locked_until FROM auth.user_credentials WHERE user_id = $1', [user.id]);
    expect(rows[0]).toEqual({ failed_attempts: 0, locked_until: null });
    expect(await attempt(user)).toMatchObject({ ok: true });
    expect((await logsOf(user.id)).some((l) => l.changes.locked_until && l.user_id === boss.id)).toBe(true);
  });

  it('disables and enables an account', async () => {
    const user = await newUser(acme, bossSession);
    const open = await session(user);
    await admin.disableUser(bossSession.conn, bossSession.token, user.id);
    expect(await whoAmI(open)).toBeNull();
    expect(await attempt(user)).toMatchObject({ ok: false, code: 'ACCOUNT_DISABLED' });
    await expectRefused(() => admin.unlockUser(bossSession.conn, bossSession.token, user.id), 'PM422', /is disabled, not locked/);
    await expectRefused(() => admin.lockUser(bossSession.conn, bossSession.token, user.id), 'PM422', /is disabled, so it cannot be locked/);
    await admin.enableUser(bossSession.conn, bossSession.token, user.id);
    expect(await attempt(user)).toMatchObject({ ok: true });
  });

  it('revokes all sessions of a user', async () => {
    const user = await newUser(acme, bossSession);
    const [first, second] = [await session(user), await session(user)];
    expect(await admin.revokeSessions(bossSession.conn, bossSession.token, user.id)).toBe(2);
    expect([await whoAmI(first), await whoAmI(second)]).toEqual([null, null]);
    expect(await admin.revokeSessions(bossSession.conn, bossSession.token, user.id)).toBe(0);
    expect(await attempt(user)).toMatchObject({ ok: true });  // the account itself is fine
  });

  it('changes a user\'s organization role', async () => {
    const user = await newUser(acme, bossSession);
    await admin.setUserRole(bossSession.conn, bossSession.token, user.id, roles.ORG_ADMIN);
    const promoted = await session(user);
    expect(await admin.createUser(promoted.conn, promoted.token, { email: `hired-${randomBytes(2).toString('hex')}@acme.example`, fullName: 'Hired', password: strong() }))
      .toMatch(/-/);
    await admin.setUserRole(bossSession.conn, bossSession.token, user.id, null);
    await expectRefused(() => admin.createUser(promoted.conn, promoted.token, { email: 'late@acme.example', fullName: 'Late', password: strong() }),
      'PM403', /permission to create users/);
  });

  it('lists accounts without secrets', async () => {
    const accounts = await admin.listAccounts(bossSession.conn, bossSession.token);
    expect(accounts.find((a) => a.userId === boss.id)).toMatchObject({ isOrgAdmin: true, status: 'ACTIVE', openSessions: 1 });
    expect(JSON.stringify(accounts)).not.toMatch(/\$2[aby]\$/);
  });
});

describe('refusals for callers and targets', () => {
  it('a caller without the permission is refused everywhere (PM403), one without a session too (PM401)', async () => {
    const s = testerSession;
    const target = await newUser(acme, bossSession);
    const role = await admin.createRole(bossSession.conn, bossSession.token, { name: `R_${randomBytes(3).toString('hex').toUpperCase()}`, permissions: ['COMMENT/READ/PROJECT'] });
    const calls: [() => Promise<unknown>, RegExp][] = [
      [() => admin.createUser(s.conn, s.token, { email: 'x@acme.example', fullName: 'X', password: strong() }), /create users/],
      [() => admin.resetPassword(s.conn, s.token, target.id, strong()), /reset passwords/],
      [() => admin.lockUser(s.conn, s.token, target.id), /lock accounts/],
      [() => admin.unlockUser(s.conn, s.token, target.id), /unlock accounts/],
      [() => admin.disableUser(s.conn, s.token, target.id), /disable accounts/],
      [() => admin.enableUser(s.conn, s.token, target.id), /enable accounts/],
      [() => admin.setUserRole(s.conn, s.token, target.id, roles.ORG_ADMIN), /change organization roles/],
      [() => admin.revokeSessions(s.conn, s.token, target.id), /end other people's sessions/],
      [() => admin.listAccounts(s.conn, s.token), /see the organization's accounts/],
      [() => admin.createProject(s.conn, s.token, { key: 'NOPE', name: 'Nope' }), /create projects/],
      [() => admin.addProjectMember(s.conn, s.token, project.id, target.id, roles.VIEWER), /manage the members of/],
      [() => admin.setProjectMemberRole(s.conn, s.token, project.id, manager.id, roles.VIEWER), /manage the members of/],
      [() => admin.removeProjectMember(s.conn, s.token, project.id, manager.id), /manage the members of/],
      [() => admin.createRole(s.conn, s.token, { name: 'SNEAKY', permissions: ['USER/MANAGE/GLOBAL'] }), /define roles/],
      [() => admin.updateRole(s.conn, s.token, role, { description: 'mine' }), /change roles/],
      [() => admin.deleteRole(s.conn, s.token, role), /delete roles/],
    ];
    for (const [call, message] of calls) await expectRefused(call, 'PM403', message);
    const nobody = sessionOn(s.conn, 'f'.repeat(64));
    await expectRefused(() => admin.createUser(nobody.conn, nobody.token, { email: 'x@acme.example', fullName: 'X', password: strong() }),
      'PM401', /not signed in/);
    await expectRefused(() => admin.addProjectMember(nobody.conn, nobody.token, project.id, target.id, roles.VIEWER), 'PM401', /not signed in/);
  });

  it('another organization\'s users, projects and roles are not found (PM404)', async () => {
    const s = bossSession;
    const foreignRole = (await t.world.insert('roles', { organization_id: otherOrg.id, name: 'FOREIGN_ROLE' })).id;
    const calls: (() => Promise<unknown>)[] = [
      () => admin.resetPassword(s.conn, s.token, stranger.id, strong()),
      () => admin.lockUser(s.conn, s.token, stranger.id),
      () => admin.unlockUser(s.conn, s.token, stranger.id),
      () => admin.disableUser(s.conn, s.token, stranger.id),
      () => admin.enableUser(s.conn, s.token, stranger.id),
      () => admin.setUserRole(s.conn, s.token, stranger.id, null),
      () => admin.revokeSessions(s.conn, s.token, stranger.id),
      () => admin.addProjectMember(s.conn, s.token, project.id, stranger.id, roles.VIEWER),
      () => admin.createProject(s.conn, s.token, { key: 'FOREIGN', name: 'Foreign', managerId: stranger.id }),
    ];
    for (const call of calls) await expectRefused(call, 'PM404', /no such user in your organization/);
    await expectRefused(() => admin.addProjectMember(s.conn, s.token, strangerProject.id, boss.id, roles.VIEWER), 'PM404', /no such project/);
    await expectRefused(() => admin.removeProjectMember(s.conn, s.token, strangerProject.id, stranger.id), 'PM404', /no such project/);
    await expectRefused(() => admin.createUser(s.conn, s.token, { email: 'y@acme.example', fullName: 'Y', password: strong(), orgRoleId: foreignRole }),
      'PM404', /role does not exist/);
    await expectRefused(() => admin.updateRole(s.conn, s.token, foreignRole, { description: 'x' }), 'PM404', /role does not exist/);
    await expectRefused(() => admin.deleteRole(s.conn, s.token, foreignRole), 'PM404', /role does not exist/);
  });

  it('no one hands out or uses power they do not hold', async () => {
    const helpdesk = await admin.createRole(bossSession.conn, bossSession.token, { name: 'HELPDESK', permissions: ['USER/MANAGE/GLOBAL'] });
    const agent = await newUser(acme, bossSession, helpdesk);
    const s = await session(agent);
    const plain = await admin.createUser(s.conn, s.token, { email: `plain-${randomBytes(2).toString('hex')}@acme.example`, fullName: 'Plain', password: strong() });
    await admin.lockUser(s.conn, s.token, plain);
    await expectRefused(() => admin.setUserRole(s.conn, s.token, agent.id, roles.ORG_ADMIN), 'PM403', /permissions you do not hold yourself \(.*ROLE\/MANAGE/);
    await expectRefused(() => admin.createUser(s.conn, s.token, { email: 'boss2@acme.example', fullName: 'Boss', password: strong(), orgRoleId: roles.ORG_ADMIN }),
      'PM403', /cannot give this role/);
    await expectRefused(() => admin.resetPassword(s.conn, s.token, boss.id, strong()), 'PM403', /cannot reset the password of/);
    await expectRefused(() => admin.lockUser(s.conn, s.token, boss.id), 'PM403', /cannot lock/);
    // A project manager may manage members, with the roles whose permissions they hold in the project.
    const m = managerSession;
    const newcomer = await newUser(acme, bossSession);
    await admin.addProjectMember(m.conn, m.token, project.id, newcomer.id, roles.TESTER);
    await expectRefused(() => admin.setProjectMemberRole(m.conn, m.token, project.id, newcomer.id, roles.ORG_ADMIN), 'PM403',
      /permissions you do not hold in this project/);
  });
});

describe('the last administrator', () => {
  it('cannot be locked, disabled or demoted, by themselves or anyone; a second one makes it possible', async () => {
    const org = await t.world.org();
    const only = await t.world.user(org, { orgRole: 'ORG_ADMIN' });
    const s = await session(only);
    const message = /last active administrator of the organization/;
    await expectRefused(() => admin.lockUser(s.conn, s.token, only.id), 'PM409', message);
    await expectRefused(() => admin.disableUser(s.conn, s.token, only.id), 'PM409', message);
    await expectRefused(() => admin.setUserRole(s.conn, s.token, only.id, null), 'PM409', message);
    const error = await expectRefused(() => admin.setUserRole(s.conn, s.token, only.id, roles.VIEWER), 'PM409', /must keep an administrator role/);
    expect(error.hint).toMatch(/Give another active user the ORG_ADMIN role first/);
    // A custom role with every permission of ORG_ADMIN counts as administrator; taking one away would not.
    const full = await admin.createRole(s.conn, s.token, { name: 'CHIEF', permissions: ['ORGANIZATION/MANAGE/GLOBAL'] });
    const all = (await t.admin.query<{ id: string }>(`SELECT rp.permission_id AS id FROM app.role_permissions rp JOIN app.roles r ON r.id = rp.role_id WHERE r.name = 'ORG_ADMIN' AND r.is_system`)).rows.map((r) => r.id);
    await admin.updateRole(s.conn, s.token, full, { permissions: all });
    await admin.setUserRole(s.conn, s.token, only.id, full);
    await expectRefused(() => admin.updateRole(s.conn, s.token, full, { permissions: all.slice(1) }), 'PM409', /would leave the organization without an active administrator/);
    // With a second administrator, the first may step down.
    const second = await newUser(org, s, roles.ORG_ADMIN);
    await admin.setUserRole(s.conn, s.token, only.id, roles.VIEWER);
    const s2 = await session(second);
    await expectRefused(() => admin.disableUser(s2.conn, s2.token, second.id), 'PM409', message);
    await admin.disableUser(s2.conn, s2.token, only.id);
  });

  it('two administrators demoting each other at once: one wins, the organization keeps an administrator', async () => {
    const org = await t.world.org();
    const [a, b] = [await t.world.user(org, { orgRole: 'ORG_ADMIN' }), await t.world.user(org, { orgRole: 'ORG_ADMIN' })];
    const [sa, sb] = [await session(a), await session(b)];
    await sa.conn.exec('BEGIN');
    await sa.conn.query(`SELECT set_config('app.session_token', $1, true)`, [sa.token]);
    await sa.conn.query('SELECT admin.set_user_role($1, NULL)', [b.id]);
    const other = admin.setUserRole(sb.conn, sb.token, a.id, null).then(() => 'done', (e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sa.conn.exec('COMMIT');
    expect(await other).toMatchObject({ code: 'PM403' });  // b is no longer an administrator
    const { rows } = await t.admin.query('SELECT admin.org_admin_count($1) AS n', [org.id]);
    expect(rows[0].n).toBe(1);
  });
});

describe('projects and members', () => {
  it('creates a project whose manager becomes its PROJECT_MANAGER member and can read it', async () => {
    const lead = await newUser(acme, bossSession);
    const id = await admin.createProject(bossSession.conn, bossSession.token, { key: 'web', name: 'Website', description: 'The public site', managerId: lead.id });
    const { rows } = await t.admin.query('SELECT key, name, manager_id, created_by FROM app.projects WHERE id = $1', [id]);
    expect(rows[0]).toEqual({ key: 'WEB', name: 'Website', manager_id: lead.id, created_by: boss.id });
    const { rows: members } = await t.admin.query('SELECT user_id, role_id, is_active FROM app.project_members WHERE project_id = $1', [id]);
    expect(members).toEqual([{ user_id: lead.id, role_id: roles.PROJECT_MANAGER, is_active: true }]);
    const s = await session(lead);
    expect(await s.query('SELECT key FROM app.projects WHERE id = $1', [id])).toEqual([{ key: 'WEB' }]);
    expect((await logsOf(id))[0]).toMatchObject({ action: 'CREATE', entity_type: 'PROJECT', user_id: boss.id });
  });

  it('refuses a duplicate or malformed key', async () => {
    await admin.createProject(bossSession.conn, bossSession.token, { key: 'DUP', name: 'First' });
    await expectRefused(() => admin.createProject(bossSession.conn, bossSession.token, { key: 'dup', name: 'Second' }), 'PM409', /already a project with the key DUP/);
    await expectRefused(() => admin.createProject(bossSession.conn, bossSession.token, { key: '1-bad', name: 'Bad' }), 'PM422', /cannot be a project key/);
    await expectRefused(() => admin.createProject(bossSession.conn, bossSession.token, { key: 'EMPTY', name: '  ' }), 'PM422', /project's name/);
  });

  it('adds, re-roles, removes and re-adds a member; their replica follows', async () => {
    const p = await admin.createProject(bossSession.conn, bossSession.token, { key: 'SYNC', name: 'Synced' });
    const member = await newUser(acme, bossSession);
    const client = await SyncClient.signIn('member', t.db.appUrl, member);
    try {
      const id = await admin.addProjectMember(bossSession.conn, bossSession.token, p, member.id, roles.VIEWER);
      expect((await client.pullUntilCaughtUp()).bootstrapped).toEqual([p]);
      await expectRefused(() => admin.addProjectMember(bossSession.conn, bossSession.token, p, member.id, roles.TESTER), 'PM409', /already a member of SYNC/);
      await expectRefused(() => admin.addProjectMember(bossSession.conn, bossSession.token, p, boss.id, randomUUID()), 'PM404', /role does not exist/);
      await admin.setProjectMemberRole(bossSession.conn, bossSession.token, p, member.id, roles.TESTER);
      await admin.removeProjectMember(bossSession.conn, bossSession.token, p, member.id);
      expect((await client.pullUntilCaughtUp()).purged).toEqual([p]);
      await expectRefused(() => admin.removeProjectMember(bossSession.conn, bossSession.token, p, member.id), 'PM404', /is not a member of SYNC/);
      await expectRefused(() => admin.setProjectMemberRole(bossSession.conn, bossSession.token, p, member.id, roles.VIEWER), 'PM404', /is not a member/);
      expect(await admin.addProjectMember(bossSession.conn, bossSession.token, p, member.id, roles.VIEWER)).toBe(id);
      expect((await client.pullUntilCaughtUp()).bootstrapped).toEqual([p]);
      const changes = (await logsOf(id)).map((l) => [l.action, l.user_id, Object.keys(l.changes).sort().join(',')]);
      expect(changes).toEqual([
        ['CREATE', boss.id, expect.stringContaining('role_id')],
        ['UPDATE', boss.id, 'role_id'],
        ['UPDATE', boss.id, 'is_active'],
        ['UPDATE', boss.id, 'is_active,joined_at,role_id'],
      ]);
    } finally {
      await client.close();
    }
  });

  it('removing the last manager of a project is allowed and leaves it without a manager', async () => {
    const lead = await newUser(acme, bossSession);
    const p = await admin.createProject(bossSession.conn, bossSession.token, { key: 'LONE', name: 'Lone', managerId: lead.id });
    await admin.removeProjectMember(bossSession.conn, bossSession.token, p, lead.id);
    const { rows } = await t.admin.query('SELECT manager_id FROM app.projects WHERE id = $1', [p]);
    expect(rows[0].manager_id).toBeNull();
  });
});

describe('custom roles', () => {
  it('defines a role from permission triples and ids; its members get exactly those permissions', async () => {
    const { rows: [read] } = await t.admin.query(`SELECT id FROM app.permissions WHERE resource = 'PROJECT' AND action = 'READ' AND scope = 'PROJECT'`);
    const role = await admin.createRole(bossSession.conn, bossSession.token, {
      name: 'qa_lead', description: 'Leads testing',
      permissions: [read.id, { resource: 'TEST_CASE', action: 'READ', scope: 'PROJECT' }, 'test_case/create/project'],
    });
    const { rows } = await t.admin.query(
      `SELECT r.name, r.organization_id, r.is_system, array_agg(pe.resource || '/' || pe.action) AS permissions
       FROM app.roles r JOIN app.role_permissions rp ON rp.role_id = r.id JOIN app.permissions pe ON pe.id = rp.permission_id
       WHERE r.id = $1 GROUP BY r.id`, [role]);
    expect(rows[0]).toMatchObject({ name: 'QA_LEAD', organization_id: acme.id, is_system: false });
    expect([...rows[0].permissions].sort()).toEqual(['PROJECT/READ', 'TEST_CASE/CREATE', 'TEST_CASE/READ']);
    const lead = await newUser(acme, bossSession);
    await admin.addProjectMember(bossSession.conn, bossSession.token, project.id, lead.id, role);
    const s = await session(lead);
    const [can] = await s.query<{ tc: boolean; doc: boolean }>(
      `SELECT app.has_permission($1, 'TEST_CASE', 'CREATE') AS tc, app.has_permission($1, 'DOCUMENT', 'READ') AS doc`, [project.id]);
    expect(can).toEqual({ tc: true, doc: false });
    expect((await logsOf(role))[0]).toMatchObject({ action: 'CREATE', entity_type: 'ROLE', user_id: boss.id });
  });

  it('updates a role\'s name, description and permissions', async () => {
    const role = await admin.createRole(bossSession.conn, bossSession.token, { name: 'EDITOR', permissions: ['DOCUMENT/READ/PROJECT', 'DOCUMENT/UPDATE/PROJECT'] });
    await admin.updateRole(bossSession.conn, bossSession.token, role, { name: 'COPY_EDITOR', description: 'Edits copy', permissions: ['DOCUMENT/READ/PROJECT', 'COMMENT/CREATE/PROJECT'] });
    const { rows } = await t.admin.query(
      `SELECT pe.resource || '/' || pe.action AS p, rp.deleted_at IS NOT NULL AS gone, rp.deleted_by
       FROM app.role_permissions rp JOIN app.permissions pe ON pe.id = rp.permission_id WHERE rp.role_id = $1 ORDER BY 1`, [role]);
    expect(rows).toEqual([
      { p: 'COMMENT/CREATE', gone: false, deleted_by: null },
      { p: 'DOCUMENT/READ', gone: false, deleted_by: null },
      { p: 'DOCUMENT/UPDATE', gone: true, deleted_by: boss.id },
    ]);
    const { rows: [r] } = await t.admin.query('SELECT name, description FROM app.roles WHERE id = $1', [role]);
    expect(r).toEqual({ name: 'COPY_EDITOR', description: 'Edits copy' });
    expect((await logsOf(role)).at(-1)).toMatchObject({ action: 'UPDATE', user_id: boss.id, changes: { name: { old: 'EDITOR', new: 'COPY_EDITOR' } } });
  });

  it('refuses built-in roles, unknown or malformed permissions, taken names, and deleting a role in use', async () => {
    const s = bossSession;
    await expectRefused(() => admin.updateRole(s.conn, s.token, roles.VIEWER, { description: 'mine now' }), 'PM422', /VIEWER is a built-in role and cannot be changed/);
    await expectRefused(() => admin.deleteRole(s.conn, s.token, roles.ORG_ADMIN), 'PM422', /built-in role/);
    await expectRefused(() => admin.createRole(s.conn, s.token, { name: 'VIEWER', permissions: ['COMMENT/READ/PROJECT'] }), 'PM409', /already a role named VIEWER/);
    await expectRefused(() => admin.createRole(s.conn, s.token, { name: 'NEW_ROLE', permissions: ['DOCUMENT/FLY/PROJECT'] }), 'PM404', /no permission "DOCUMENT\/FLY\/PROJECT"/);
    await expectRefused(() => admin.createRole(s.conn, s.token, { name: 'NEW_ROLE', permissions: [randomUUID()] }), 'PM404', /no permission/);
    await expectRefused(() => admin.createRole(s.conn, s.token, { name: 'NEW_ROLE', permissions: ['DOCUMENT READ'] }), 'PM422', /RESOURCE\/ACTION\/SCOPE/);
    await expectRefused(() => admin.createRole(s.conn, s.token, { name: 'NEW_ROLE', permissions: [] }), 'PM422', /at least one permission/);
    await expectRefused(() => admin.createRole(s.conn, s.token, { name: 'new role!', permissions: ['COMMENT/READ/PROJECT'] }), 'PM422', /cannot be a role name/);
    await expectRefused(() => admin.updateRole(s.conn, s.token, randomUUID(), { description: 'x' }), 'PM404', /role does not exist/);

    const role = await admin.createRole(s.conn, s.token, { name: 'AUDITOR', permissions: ['ACTIVITY_LOG/READ/PROJECT'] });
    const user = await newUser(acme, s, role);
    await expectRefused(() => admin.deleteRole(s.conn, s.token, role), 'PM409', /AUDITOR is still in use: 1 user\(s\)/);
    await admin.setUserRole(s.conn, s.token, user.id, null);
    await admin.addProjectMember(s.conn, s.token, project.id, user.id, role);
    await expectRefused(() => admin.deleteRole(s.conn, s.token, role), 'PM409', /1 project membership\(s\)/);
    await admin.removeProjectMember(s.conn, s.token, project.id, user.id);
    await admin.deleteRole(s.conn, s.token, role);
    const { rows } = await t.admin.query('SELECT (SELECT deleted_at IS NOT NULL FROM app.roles WHERE id = $1) AS role_gone, '
      + 'bool_and(deleted_at IS NOT NULL) AS permissions_gone FROM app.role_permissions WHERE role_id = $1', [role]);
    expect(rows[0]).toEqual({ role_gone: true, permissions_gone: true });
    await expectRefused(() => admin.addProjectMember(s.conn, s.token, project.id, user.id, role), 'PM404', /role does not exist/);
    await admin.createRole(s.conn, s.token, { name: 'AUDITOR', permissions: ['ACTIVITY_LOG/READ/PROJECT'] });  // the name is free again
  });
});

describe('secrets and grants', () => {
  it('application_user reads no credential and may run only the administration entry points', async () => {
    const { rows } = await t.admin.query<{ fn: string; can: boolean; definer: boolean; pinned: boolean }>(
      `SELECT p.oid::regprocedure::text AS fn, has_function_privilege('application_user', p.oid, 'EXECUTE') AS can,
              p.prosecdef AS definer, coalesce(array_to_string(p.proconfig, ',') LIKE '%search_path=pg_catalog%pg_temp%', false) AS pinned
       FROM pg_proc p WHERE p.pronamespace = 'admin'::regnamespace ORDER BY 1`);
    const callable = rows.filter((r) => r.can).map((r) => r.fn.replace(/\(.*/, ''));
    expect(callable.sort()).toEqual(['admin.add_project_member', 'admin.create_project', 'admin.create_role', 'admin.create_user',
      'admin.delete_role', 'admin.disable_user', 'admin.enable_user', 'admin.list_accounts', 'admin.lock_user', 'admin.remove_project_member',
      'admin.reset_password', 'admin.revoke_sessions', 'admin.set_project_member_role', 'admin.set_user_role', 'admin.unlock_user',
      'admin.update_role']);
    for (const r of rows) expect(r.pinned, r.fn).toBe(true);
    for (const r of rows.filter((x) => x.can)) expect(r.definer, r.fn).toBe(true);
    const { rows: [grants] } = await t.admin.query(
      `SELECT has_table_privilege('application_user', 'auth.user_credentials', 'SELECT') AS credentials,
              has_table_privilege('application_user', 'auth.user_sessions', 'SELECT') AS sessions,
              has_function_privilege('application_user', 'auth.hash_password(text)', 'EXECUTE') AS hash,
              has_function_privilege('application_user', 'admin.bootstrap_organization(text, text, text, text, text)', 'EXECUTE') AS bootstrap,
              has_function_privilege('application_user', 'auth.password_problem(text, text)', 'EXECUTE') AS rule`);
    expect(grants).toEqual({ credentials: false, sessions: false, hash: false, bootstrap: false, rule: true });
    await expect(bossSession.query('SELECT password_hash FROM auth.user_credentials')).rejects.toMatchObject({ code: '42501' });
  });
});
