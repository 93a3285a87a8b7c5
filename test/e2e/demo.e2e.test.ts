// The demo workspace end to end: from a fresh data folder to each role's view, with one action per role,
// through the embedded central and the same sync engine as a server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/main/demo/demo-people';
import { DocumentsPage } from './pages/documents-page';
import { EditorPage } from './pages/editor-page';
import { launchApp } from './support/app';
import type { App } from './support/app';
import { screenshot } from './support/screenshots';
import { syncedUp } from './support/sync-status';

const person = (key: 'tester' | 'author' | 'manager') => DEMO_USERS.find((u) => u.key === key)!;

describe('demo workspace', () => {
  let app: App;

  beforeAll(async () => {
    app = await launchApp({ name: 'demo' });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function signInAs(key: 'tester' | 'author' | 'manager') {
    const card = app.page.getByTestId(`demo-user-${key}`);
    await card.waitFor({ timeout: 60_000 });
    await card.getByRole('button', { name: /Sign in as/ }).click();
    await expect.poll(() => app.page.getByTestId('signed-in-user').textContent(), { timeout: 30_000 }).toBe(person(key).fullName);
    await app.page.getByTestId('document-list').waitFor({ timeout: 30_000 });
  }

  async function signOut() {
    await app.page.getByRole('button', { name: 'Sign out' }).click();
    await app.page.getByTestId('demo-panel').waitFor();
  }

  it('offers the demo on a fresh install and shows each demo user with their password', async () => {
    await app.page.getByTestId('open-demo').click();
    await app.page.getByTestId('demo-user-manager').waitFor({ timeout: 60_000 });
    for (const user of DEMO_USERS) expect(await app.page.getByTestId(`demo-user-${user.key}`).textContent()).toContain(user.password);
    await screenshot(app.page, 'demo-sign-in');
  });

  it('the author edits the requirements and saves a version', async () => {
    await signInAs('author');
    const documents = new DocumentsPage(app.page);
    const editor = new EditorPage(app.page);
    await documents.openDocument('Software Requirements Specification');
    await expect.poll(() => editor.text()).toContain('REQ-20');
    await editor.focusEnd();
    await editor.press('Enter');
    await editor.type('REQ-21 The pump logs every alarm with its time.');
    await editor.saveVersion('Alarm logging');
    await editor.showHistory();
    await editor.version(4).waitFor({ timeout: 30_000 });
    await screenshot(app.page, 'demo-author');
    await editor.back();
    // The replica host derives the row's text from the edits a moment later; then it is pushed.
    const { invoke } = await import('./support/bridge');
    await expect.poll(async () => {
      const list = await invoke(app.page, 'documents:list', { projectId: (await app.page.getByTestId('project-picker').inputValue()), text: 'REQ-21' });
      return list.ok ? list.value.length : -1;
    }, { timeout: 30_000 }).toBe(1);
    await syncedUp(app.page);
    await signOut();
  });

  it('the tester finds the author\'s new requirement from the local search', async () => {
    await signInAs('tester');
    await app.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Search' }).click();
    await app.page.getByRole('searchbox', { name: 'Search' }).fill('alarm time');
    const hit = app.page.getByRole('button', { name: 'Software Requirements Specification' });
    await hit.waitFor({ timeout: 30_000 });
    await hit.click();
    await expect.poll(() => new EditorPage(app.page).text(), { timeout: 30_000 }).toContain('REQ-21');
    await screenshot(app.page, 'demo-tester');
    await new EditorPage(app.page).back();
  });

  it('a change the database refuses is shown with its reason and content, and can be dismissed', async () => {
    // Testers read documents but may not write them: the app lets the tester try (it is offline-first),
    // central refuses at sync, and the app says so.
    await new DocumentsPage(app.page).create('Tester notes');
    await new EditorPage(app.page).back();
    await app.page.getByTestId('sync-now').click();
    await app.page.getByTestId('open-problems').click({ timeout: 30_000 });
    const rejected = app.page.getByTestId('rejected-change');
    await expect.poll(() => rejected.first().textContent()).toContain('Tester notes');
    expect(await rejected.first().textContent()).toMatch(/permission|not allowed|may not|cannot/i);
    await screenshot(app.page, 'rejected-changes');
    await rejected.first().getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => rejected.count()).toBe(0);
    await app.page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => new DocumentsPage(app.page).row('Tester notes').count()).toBe(0);
    await signOut();
  });

  it('the manager puts the risk file into review', async () => {
    await signInAs('manager');
    await new DocumentsPage(app.page).openDocument('Risk Management File');
    await app.page.getByTestId('document-status').selectOption('IN_REVIEW');
    await new EditorPage(app.page).back();
    await expect.poll(() => new DocumentsPage(app.page).row('Risk Management File').textContent()).toContain('In review');
    await syncedUp(app.page);
    await screenshot(app.page, 'demo-manager');
    // Readable in the dark theme and at 150 % scale.
    await app.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(app.page, 'documents-dark');
    await app.page.emulateMedia({ colorScheme: 'light' });
    const zoomed = await app.page.context().browser()!.newContext({ deviceScaleFactor: 1.5, viewport: { width: 853, height: 533 } });
    const page = await zoomed.newPage();
    await page.goto(app.page.url());
    await page.getByTestId('document-list').waitFor({ timeout: 30_000 });
    await screenshot(page, 'documents-150-percent');
    await zoomed.close();
  });
});
