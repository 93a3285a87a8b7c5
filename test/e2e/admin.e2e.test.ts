// Administration end to end: in the demo workspace the manager (Max, organization administrator) creates
// an account — a weak password first, refused with the database's rule — adds it to a project, locks and
// unlocks it; the tester (Tess) has no Administration. Against a server cut off, the screen says it needs
// a connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/main/demo/demo-people';
import { useTestDatabase } from '../support/fixture';
import type { TcpProxy } from '../support/tcp-proxy';
import { AdminPage } from './pages/admin-page';
import { SignInPage } from './pages/sign-in-page';
import { launchApp } from './support/app';
import type { App } from './support/app';
import { invoke } from './support/bridge';
import { accountOf, connectionThrough, startProxy } from './support/central';
import { screenshot } from './support/screenshots';

const t = useTestDatabase();
const person = (key: 'tester' | 'manager') => DEMO_USERS.find((u) => u.key === key)!;
const riley = { email: 'riley@northwind.demo', fullName: 'Riley Chen', password: 'Bench-Lamp-2026' };

describe('administration in the demo workspace', () => {
  let app: App;
  let admin: AdminPage;

  beforeAll(async () => {
    app = await launchApp({ name: 'admin-demo' });
    admin = new AdminPage(app.page);
    await app.page.getByTestId('open-demo').click();
  });
  afterAll(async () => {
    await app?.close();
  });

  async function signInAs(key: 'tester' | 'manager') {
    const card = app.page.getByTestId(`demo-user-${key}`);
    await card.waitFor({ timeout: 60_000 });
    await card.getByRole('button', { name: /Sign in as/ }).click();
    await expect.poll(() => app.page.getByTestId('signed-in-user').textContent(), { timeout: 30_000 }).toBe(person(key).fullName);
  }

  it('the manager creates a user, refused a weak password with the rule\'s message first', async () => {
    await signInAs('manager');
    await admin.open();
    await admin.account(person('tester').email).waitFor({ timeout: 30_000 });
    expect(await admin.state(person('manager').email)).toBe('Active');

    await admin.submitNewUser({ ...riley, password: 'riley-2026' });
    const dialog = admin.newUserDialog();
    await expect.poll(() => admin.refusal(dialog).textContent(), { timeout: 30_000 }).toContain('The password is too short (10 characters): use at least 12.');
    expect(await dialog.getByTestId('password-rule').textContent()).toContain('At least 12 characters');
    await screenshot(app.page, 'administration-new-user');

    await admin.submitNewUser(riley);
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    await admin.account(riley.email).waitFor({ timeout: 30_000 });
    expect(await admin.state(riley.email)).toBe('Active');
    expect(await app.page.getByTestId('admin-notice').textContent()).toContain('Riley Chen');
  });

  it('adds the new user to a project', async () => {
    await admin.tab('Projects');
    await admin.project('IPX2');
    await admin.addMember('Riley Chen', 'TESTER');
    await admin.member(riley.email).waitFor({ timeout: 30_000 });
    expect(await admin.member(riley.email).getByLabel('Project role of Riley Chen').inputValue())
      .toBe(await app.page.getByTestId('add-member').getByLabel('Project role').locator('option', { hasText: 'TESTER' }).getAttribute('value'));
    await screenshot(app.page, 'administration-projects');
  });

  it('locks and unlocks the new user', async () => {
    await admin.tab('People');
    await admin.accountAction(riley.email, 'Lock', 'Lock account');
    await expect.poll(() => admin.state(riley.email), { timeout: 30_000 }).toBe('Locked');
    await screenshot(app.page, 'administration');
    await admin.accountAction(riley.email, 'Unlock');
    await expect.poll(() => admin.state(riley.email), { timeout: 30_000 }).toBe('Active');
  });

  it('refuses to lock the last administrator, with the database\'s message', async () => {
    await admin.accountAction(person('manager').email, 'Lock', 'Lock account');
    const refusal = app.page.getByTestId('confirm-dialog').getByTestId('admin-refusal');
    await expect.poll(() => refusal.textContent(), { timeout: 30_000 }).toContain('is the last active administrator');
    await app.page.getByTestId('confirm-dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await admin.state(person('manager').email)).toBe('Active');
  });

  it('shows the roles, built-in ones read-only', async () => {
    await admin.tab('Roles');
    const row = app.page.locator('[data-testid="role-row"][data-name="TESTER"]');
    await row.getByRole('button', { name: 'View TESTER' }).click();
    const dialog = app.page.getByTestId('role-dialog');
    expect(await dialog.getByText('Built-in roles cannot be changed').count()).toBe(1);
    expect(await dialog.locator('input[type="checkbox"]:checked').count()).toBeGreaterThan(0);
    expect(await dialog.getByRole('button', { name: 'Save role' }).count()).toBe(0);
    await screenshot(app.page, 'administration-roles');
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  });

  it('the tester does not see Administration', async () => {
    await app.page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs('tester');
    const caps = await invoke(app.page, 'admin:capabilities', undefined);
    expect(caps).toMatchObject({ ok: true, value: { people: false, createProjects: false, members: false, roles: false } });
    await app.page.getByTestId('document-list').waitFor({ timeout: 30_000 });
    expect(await admin.navEntry().count()).toBe(0);
    expect(await app.page.getByTestId('admin-screen').count()).toBe(0);
  });
});

describe('administration offline', () => {
  let app: App;
  let proxy: TcpProxy;

  beforeAll(async () => {
    const org = await t.world.org();
    const boss = await t.world.user(org, { orgRole: 'ORG_ADMIN', password: 'Offline-admin-2026' });
    proxy = await startProxy(t);
    app = await launchApp({ name: 'admin-offline' });
    await new SignInPage(app.page).signIn(connectionThrough(t, proxy), accountOf(boss));
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.stop();
  });

  it('says the screen needs a connection to the server, and recovers when it is back', async () => {
    const admin = new AdminPage(app.page);
    await admin.open();
    await app.page.getByTestId('account-list').waitFor({ timeout: 30_000 });
    proxy.cut();
    await app.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Documents' }).click();
    await admin.open();
    const offline = app.page.getByTestId('admin-offline');
    await offline.waitFor({ timeout: 30_000 });
    expect(await offline.textContent()).toContain('needs a connection to the server');
    expect(await admin.navEntry().count()).toBe(1);
    await screenshot(app.page, 'administration-offline');
    proxy.heal();
    await offline.getByRole('button', { name: 'Try again' }).click();
    await app.page.getByTestId('account-list').waitFor({ timeout: 30_000 });
  });
});
