// Search finds what was created offline; a comment's @mention notifies the mentioned person once it
// syncs, and their read mark syncs back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/fixture';
import type { TcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait';
import type { User } from '../support/world';
import { DocumentsPage } from './pages/documents-page';
import { EditorPage } from './pages/editor-page';
import { SignInPage } from './pages/sign-in-page';
import { launchApp } from './support/app';
import type { App } from './support/app';
import { accountOf, connectionThrough, startProxy, team } from './support/central';
import { screenshot } from './support/screenshots';
import { syncedUp } from './support/sync-status';

const t = useTestDatabase();

describe('search, comments and notifications', () => {
  let author: User;
  let tester: User;
  let proxy: TcpProxy;
  let authorApp: App;
  let testerApp: App;

  beforeAll(async () => {
    const { users } = await team(t, ['DOCUMENT_AUTHOR', 'TESTER']);
    [author, tester] = users as [User, User];
    proxy = await startProxy(t);
    authorApp = await launchApp({ name: 'author' });
    testerApp = await launchApp({ name: 'tester' });
    await new SignInPage(authorApp.page).signIn(connectionThrough(t, proxy), accountOf(author));
    await new SignInPage(testerApp.page).signIn(connectionThrough(t), accountOf(tester));
  });
  afterAll(async () => {
    await authorApp?.close();
    await testerApp?.close();
    await proxy?.stop();
  });

  it('finds a document written offline, and notifies the person a comment mentions', async () => {
    proxy.cut();
    const editor = new EditorPage(authorApp.page);
    await new DocumentsPage(authorApp.page).create('Calibration procedure');
    await editor.focusEnd();
    await editor.type('Zero the flow sensor before every shift.');
    await authorApp.page.getByTestId('tab-comments').click();
    const panel = authorApp.page.getByTestId('comments-panel');
    await panel.getByLabel('Mention someone').selectOption({ label: 'Member 2' });
    await panel.getByRole('textbox', { name: 'Comment' }).pressSequentially('please try this on rig 2');
    await panel.getByRole('button', { name: 'Comment', exact: true }).click();
    await expect.poll(() => panel.getByTestId('comment').first().textContent()).toContain('@Member 2 please try this on rig 2');

    await authorApp.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Search' }).click();
    await authorApp.page.getByRole('searchbox', { name: 'Search' }).fill('flow sensor');
    const hit = authorApp.page.getByTestId('search-hit').first();
    await expect.poll(() => hit.textContent(), { timeout: 20_000 }).toContain('Calibration procedure');
    expect(await hit.locator('mark').allTextContents()).toEqual(expect.arrayContaining(['flow', 'sensor']));
    await authorApp.page.getByRole('searchbox', { name: 'Search' }).fill('rig 2');
    await expect.poll(() => authorApp.page.getByTestId('search-hit').first().getAttribute('data-kind'), { timeout: 20_000 }).toBe('comments');
    await screenshot(authorApp.page, 'search');

    proxy.heal();
    await syncedUp(authorApp.page);
    await expect.poll(() => testerApp.page.getByTestId('unread-count').textContent(), { timeout: 30_000 }).toBe('1');
    await testerApp.page.getByTestId('notifications').click();
    const notification = testerApp.page.getByTestId('notification').first();
    expect(await notification.textContent()).toContain('mentioned you');
    await screenshot(testerApp.page, 'notifications');
    await notification.getByRole('button', { name: 'Open' }).click();
    await testerApp.page.getByTestId('editor-screen').waitFor();
    await expect.poll(() => new EditorPage(testerApp.page).text(), { timeout: 20_000 }).toContain('Zero the flow sensor');
    await waitFor(async () => (await t.admin.query('SELECT read_at FROM app.notifications WHERE recipient_id = $1', [tester.id])).rows[0]?.read_at, 'the read mark on central');
  });
});
