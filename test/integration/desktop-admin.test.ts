// Administration through the desktop core's IPC handlers (admin:*), against a real PostgreSQL: an org
// admin's allowed paths, each database refusal under its stable code with the database's message, a
// non-admin refused, offline refused as SERVER_UNREACHABLE, and changes synced to the replica at once.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desktop } from '../../src/main/desktop/desktop';
import type { AdminCapabilities, AdminOverview } from '../../src/shared/ipc/domains/admin';
import type { Person, ProjectSummary } from '../../src/shared/ipc/domains/sync';
import { useTestDatabase } from '../support/fixture';
import { connectionFor, ok, openTestDesktop } from '../support/desktop';
import { TcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait';
import type { Org, Project, User } from '../support/world';

const t = useTestDatabase();
const opened: Desktop[] = [];
let proxy: TcpProxy;
let org: Org;
let boss: User;
let tester: User;
let project: Project;
let admin: Awaited<ReturnType<typeof openTestDesktop>>;
let testerDesktop: Desktop;
let roles: Record<string, string>;

const strong = () => `Blue-Kettle-${randomBytes(3).toString('hex')}`;
const email = () => `person-${randomBytes(3).toString('hex')}@${org.slug}.example`;

/** The envelope of a call that must be refused: its error. */
async function refused(desktop: Desktop, channel: string, input?: unknown) {
  const envelope = await desktop.dispatch(channel, input);
  if (envelope.ok) throw new Error(`${channel} was not refused: ${JSON.stringify(envelope.value)}`);
  return envelope.error;
}

async function signIn(user: User, through?: TcpProxy) {
  const desktop = await openTestDesktop();
  opened.push(desktop);
  const url = through ? through.url(t.db.appUrl) : t.db.appUrl;
  await ok(desktop, 'session:signIn', { connection: connectionFor(url), organization: org.slug, email: user.email, password: user.password });
  return desktop;
}

const overview = () => ok<AdminOverview>(admin, 'admin:overview');
const account = async (userId: string) => (await overview()).accounts!.find((a) => a.userId === userId)!;

beforeAll(async () => {
  proxy = await new TcpProxy(Number(new URL(t.db.appUrl).port || 5432)).start();
  org = await t.world.org();
  boss = await t.world.user(org, { orgRole: 'ORG_ADMIN' });
  tester = await t.world.user(org);
  project = await t.world.project(org);
  await t.world.member(project, tester, 'TESTER');
  roles = Object.fromEntries((await t.admin.query<{ name: string; id: string }>('SELECT name, id FROM app.roles WHERE is_system')).rows.map((r) => [r.name, r.id]));
  admin = await signIn(boss, proxy);
  testerDesktop = await signIn(tester);
});

afterAll(async () => {
  await Promise.allSettled(opened.map((d) => d.close()));
  await proxy?.stop();
});

describe('desktop administration', () => {
  it('tells each user which administration areas they may use', async () => {
    expect(await ok<AdminCapabilities>(admin, 'admin:capabilities')).toEqual({ people: true, createProjects: true, members: true, roles: true, source: 'server' });
    expect(await ok<AdminCapabilities>(testerDesktop, 'admin:capabilities')).toEqual({ people: false, createProjects: false, members: false, roles: false, source: 'server' });
  });

  it('gives an administrator the accounts, roles with permissions, the catalogue and the projects with members', async () => {
    const view = await overview();
    expect(view.accounts!.find((a) => a.userId === tester.id)).toMatchObject({ email: tester.email, status: 'ACTIVE', failedAttempts: 0, isOrgAdmin: false });
    expect(view.accounts!.find((a) => a.userId === boss.id)).toMatchObject({ isOrgAdmin: true, openSessions: 1 });
    const orgAdmin = view.roles.find((r) => r.name === 'ORG_ADMIN')!;
    expect(orgAdmin).toMatchObject({ isSystem: true, users: 1 });
    expect(orgAdmin.permissions.length).toBe(view.permissions.filter((p) => p.scope === 'GLOBAL').length);
    expect(view.permissions.map((p) => p.ref)).toContain('USER/MANAGE/GLOBAL');
    expect(view.projects.find((p) => p.id === project.id)).toMatchObject({
      canManageMembers: true, members: [{ userId: tester.id, roleName: 'TESTER', email: tester.email }],
    });
    expect(view.people.map((p) => p.id)).toEqual(expect.arrayContaining([boss.id, tester.id]));
  });

  it('refuses a non-administrator with the database\'s message, and anything to an invalid argument', async () => {
    expect(await refused(testerDesktop, 'admin:overview')).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(await refused(testerDesktop, 'admin:createUser', { email: email(), fullName: 'Nobody', password: strong() })).toMatchObject({
      code: 'PERMISSION_DENIED', reason: 'PM403', message: 'You do not have permission to create users.', hint: expect.stringContaining('ORG_ADMIN'),
    });
    expect(await refused(testerDesktop, 'admin:lockUser', { userId: boss.id })).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(await refused(testerDesktop, 'admin:createRole', { name: 'SNEAKY', permissions: ['USER/MANAGE/GLOBAL'] })).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(await refused(admin, 'admin:lockUser', { userId: 'not-an-id' })).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('userId') });
    expect((await account(boss.id)).status).toBe('ACTIVE');
  });

  it('creates a user under the database\'s password rule, and the replica has them at once', async () => {
    const address = email();
    expect(await ok(admin, 'admin:checkPassword', { password: 'short', email: address })).toEqual({ problem: expect.stringContaining('too short') });
    expect(await ok(admin, 'admin:checkPassword', { password: strong(), email: address })).toEqual({ problem: null });
    expect(await refused(admin, 'admin:createUser', { email: address, fullName: 'Pat Weak', password: 'short' })).toMatchObject({
      code: 'INVALID_ARGUMENT', reason: 'PM422', message: expect.stringContaining('too short'), hint: expect.stringContaining('12 characters'),
    });
    expect(await refused(admin, 'admin:createUser', { email: 'not an email', fullName: 'Pat', password: strong() })).toMatchObject({
      code: 'INVALID_ARGUMENT', message: expect.stringContaining('not a valid email'),
    });
    expect((await overview()).accounts!.some((a) => a.email === address)).toBe(false);

    const { id } = await ok<{ id: string }>(admin, 'admin:createUser', { email: address, fullName: 'Pat Newcomer', password: strong(), orgRoleId: null });
    expect(await account(id)).toMatchObject({ email: address, fullName: 'Pat Newcomer', status: 'ACTIVE' });
    await waitFor(async () => (await ok<Person[]>(admin, 'people:list')).some((p) => p.id === id), 'the new user in the replica');
    expect(await refused(admin, 'admin:createUser', { email: address.toUpperCase(), fullName: 'Pat Again', password: strong() })).toMatchObject({
      code: 'CONFLICT', reason: 'PM409', message: expect.stringContaining('already a user'),
    });
  });

  it('locks, unlocks, disables and enables accounts, refusing the wrong step and the last administrator', async () => {
    const { id } = await ok<{ id: string }>(admin, 'admin:createUser', { email: email(), fullName: 'Lee Locked', password: strong() });
    await ok(admin, 'admin:lockUser', { userId: id });
    expect((await account(id)).status).toBe('SUSPENDED');
    expect(await refused(admin, 'admin:enableUser', { userId: id })).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('locked, not disabled') });
    await ok(admin, 'admin:unlockUser', { userId: id });
    expect((await account(id)).status).toBe('ACTIVE');
    await ok(admin, 'admin:disableUser', { userId: id });
    expect((await account(id)).status).toBe('DEACTIVATED');
    expect(await refused(admin, 'admin:unlockUser', { userId: id })).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('disabled, not locked') });
    await ok(admin, 'admin:enableUser', { userId: id });
    expect((await account(id)).status).toBe('ACTIVE');

    expect(await refused(admin, 'admin:lockUser', { userId: crypto.randomUUID() })).toMatchObject({ code: 'NOT_FOUND', reason: 'PM404', message: expect.stringContaining('no such user') });
    expect(await refused(admin, 'admin:lockUser', { userId: boss.id })).toMatchObject({
      code: 'CONFLICT', message: expect.stringContaining('last active administrator'), hint: expect.stringContaining('ORG_ADMIN'),
    });
    expect(await refused(admin, 'admin:setUserRole', { userId: boss.id, orgRoleId: null })).toMatchObject({ code: 'CONFLICT' });
    expect((await account(boss.id)).status).toBe('ACTIVE');
  });

  it('resets passwords, changes organization roles and ends sessions', async () => {
    expect(await refused(admin, 'admin:resetPassword', { userId: tester.id, password: 'abc' })).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('too short') });
    await ok(admin, 'admin:setUserRole', { userId: tester.id, orgRoleId: roles.VIEWER });
    expect((await account(tester.id)).orgRoleId).toBe(roles.VIEWER);
    await ok(admin, 'admin:setUserRole', { userId: tester.id, orgRoleId: null });
    expect(await refused(admin, 'admin:setUserRole', { userId: tester.id, orgRoleId: crypto.randomUUID() })).toMatchObject({ code: 'NOT_FOUND' });

    const other = await signIn(tester);
    expect((await account(tester.id)).openSessions).toBe(2);
    expect(await ok(admin, 'admin:revokeSessions', { userId: tester.id })).toEqual({ sessionsEnded: 2 });
    expect((await account(tester.id)).openSessions).toBe(0);
    const password = strong();
    expect(await ok(admin, 'admin:resetPassword', { userId: tester.id, password })).toEqual({ sessionsEnded: 0 });
    tester.password = password;
    await other.close();
    testerDesktop = await signIn(tester);
  });

  it('creates projects and manages their members; the manager\'s replica gets the project at once', async () => {
    const key = `AD${randomBytes(2).toString('hex').toUpperCase()}`.replace(/[^A-Z0-9]/g, 'X');
    expect(await refused(admin, 'admin:createProject', { key: '1-bad', name: 'Bad key' })).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('cannot be a project key') });
    const { id: projectId } = await ok<{ id: string }>(admin, 'admin:createProject', { key, name: 'Admin project', managerId: boss.id });
    await waitFor(async () => (await ok<ProjectSummary[]>(admin, 'projects:list')).some((p) => p.id === projectId), 'the new project in the manager\'s replica');
    expect(await refused(admin, 'admin:createProject', { key: key.toLowerCase(), name: 'Twice' })).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`key ${key}`) });

    await ok(admin, 'admin:addMember', { projectId, userId: tester.id, roleId: roles.TESTER });
    expect(await refused(admin, 'admin:addMember', { projectId, userId: tester.id, roleId: roles.TESTER })).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already a member') });
    await waitFor(async () => (await ok<ProjectSummary[]>(testerDesktop, 'projects:list')).some((p) => p.id === projectId), 'the project in the new member\'s replica');
    await ok(admin, 'admin:setMemberRole', { projectId, userId: tester.id, roleId: roles.VIEWER });
    const members = (await overview()).projects.find((p) => p.id === projectId)!.members;
    expect(members.map((m) => [m.userId, m.roleName])).toEqual(expect.arrayContaining([[boss.id, 'PROJECT_MANAGER'], [tester.id, 'VIEWER']]));
    await ok(admin, 'admin:removeMember', { projectId, userId: tester.id });
    expect(await refused(admin, 'admin:removeMember', { projectId, userId: tester.id })).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('not a member') });
    expect(await refused(admin, 'admin:addMember', { projectId: crypto.randomUUID(), userId: tester.id, roleId: roles.TESTER })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refused(testerDesktop, 'admin:addMember', { projectId: project.id, userId: boss.id, roleId: roles.VIEWER })).toMatchObject({ code: 'PERMISSION_DENIED' });
  });

  it('defines, changes and deletes custom roles; built-in roles never change', async () => {
    const name = `QA_LEAD_${randomBytes(2).toString('hex').toUpperCase()}`;
    expect(await refused(admin, 'admin:createRole', { name, permissions: ['NOTHING/READ/PROJECT'] })).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no permission') });
    expect(await refused(admin, 'admin:createRole', { name, permissions: [] })).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('at least one permission') });
    const { id } = await ok<{ id: string }>(admin, 'admin:createRole', { name, description: 'Leads testing', permissions: ['TEST_CASE/READ/PROJECT'] });
    expect(await refused(admin, 'admin:createRole', { name, permissions: ['TEST_CASE/READ/PROJECT'] })).toMatchObject({ code: 'CONFLICT' });
    const read = (await overview()).permissions.filter((p) => p.resource === 'TEST_CASE' && p.scope === 'PROJECT').map((p) => p.id);
    await ok(admin, 'admin:updateRole', { roleId: id, permissions: read });
    expect((await overview()).roles.find((r) => r.id === id)).toMatchObject({ name, isSystem: false, description: 'Leads testing' });
    expect((await overview()).roles.find((r) => r.id === id)!.permissions.sort()).toEqual(read.sort());
    expect(await refused(admin, 'admin:updateRole', { roleId: roles.TESTER, description: 'Mine now' })).toMatchObject({
      code: 'INVALID_ARGUMENT', message: expect.stringContaining('built-in role'),
    });

    await ok(admin, 'admin:setUserRole', { userId: tester.id, orgRoleId: id });
    expect(await refused(admin, 'admin:deleteRole', { roleId: id })).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('still in use') });
    await ok(admin, 'admin:setUserRole', { userId: tester.id, orgRoleId: null });
    await ok(admin, 'admin:deleteRole', { roleId: id });
    expect((await overview()).roles.some((r) => r.id === id)).toBe(false);
  });

  it('offline, refuses with SERVER_UNREACHABLE and still knows who may administer', async () => {
    proxy.cut();
    try {
      expect(await refused(admin, 'admin:overview')).toMatchObject({ code: 'SERVER_UNREACHABLE', message: expect.stringContaining('connection to the server') });
      expect(await refused(admin, 'admin:lockUser', { userId: tester.id })).toMatchObject({ code: 'SERVER_UNREACHABLE' });
      expect(await ok<AdminCapabilities>(admin, 'admin:capabilities')).toEqual({ people: true, createProjects: true, members: true, roles: true, source: 'device' });

      // After a restart offline nothing is remembered: the replica's roles tell an organization administrator.
      await admin.close();
      const again = await openTestDesktop({ dataDir: admin.dataDir, secrets: admin.secrets });
      opened.push(again);
      expect(await ok<AdminCapabilities>(again, 'admin:capabilities')).toEqual({ people: true, createProjects: true, members: true, roles: true, source: 'device' });
      expect(await refused(again, 'admin:createUser', { email: email(), fullName: 'Offline', password: strong() })).toMatchObject({ code: 'SERVER_UNREACHABLE' });
      admin = again;
    } finally {
      proxy.heal();
    }
    expect((await overview()).accounts!.length).toBeGreaterThan(2);
  });

  it('a session ended on the server gives NOT_SIGNED_IN', async () => {
    await t.admin.query('UPDATE auth.user_sessions SET revoked_at = now() WHERE user_id = $1', [boss.id]);
    expect(await refused(admin, 'admin:createUser', { email: email(), fullName: 'Too late', password: strong() })).toMatchObject({ code: 'NOT_SIGNED_IN' });
  });
});
