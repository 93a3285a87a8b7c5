// A document author signs in, writes formatted text, saves a version, edits, compares and restores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/fixture';
import { waitFor } from '../support/wait';
import type { User } from '../support/world';
import { DocumentsPage } from './pages/documents-page';
import { EditorPage } from './pages/editor-page';
import { SignInPage } from './pages/sign-in-page';
import { launchApp } from './support/app';
import type { App } from './support/app';
import { accountOf, centralText, connectionThrough, team } from './support/central';
import { screenshot } from './support/screenshots';

const t = useTestDatabase();

describe('document authoring', () => {
  let app: App;
  let author: User;
  let projectId: string;

  beforeAll(async () => {
    const { project, users } = await team(t, ['DOCUMENT_AUTHOR']);
    author = users[0]!;
    projectId = project.id;
    await t.world.testCase(project, { title: 'Release checklist is complete' });
    app = await launchApp({ name: 'author' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('tells the user what went wrong when sign-in fails, then signs in', async () => {
    const signIn = new SignInPage(app.page);
    await signIn.fill(connectionThrough(t), { ...accountOf(author), password: 'not-my-password' });
    await screenshot(app.page, 'sign-in');
    await signIn.submit();
    await expect.poll(() => signIn.error().textContent()).toContain('Wrong email or password');

    // A server on the network without TLS: the risk is shown beside an explicit choice, and without it the sign-in is refused.
    await signIn.fill({ ...connectionThrough(t), host: 'db.example.com' }, accountOf(author));
    await expect.poll(() => signIn.form.getByTestId('unencrypted-warning').textContent()).toContain('anyone on the network');
    expect(await signIn.form.getByLabel('Allow an unencrypted connection to db.example.com').isChecked()).toBe(false);
    await signIn.submit();
    await expect.poll(() => signIn.error().textContent()).toContain('the connection is not encrypted');

    await signIn.fill({ ...connectionThrough(t), port: 1 }, accountOf(author));
    expect(await signIn.form.getByTestId('unencrypted-warning').count()).toBe(0);  // this computer: no TLS needed
    await signIn.submit();
    await expect.poll(() => signIn.error().textContent()).toContain('Cannot reach the server');

    await signIn.signIn(connectionThrough(t), accountOf(author));
    await app.page.getByTestId('documents-screen').waitFor();
    await expect.poll(() => app.page.getByTestId('sync-state').textContent()).toBe('Online');
  });

  it('writes formatted text, saves a version, compares it with later edits and restores it', async () => {
    const documents = new DocumentsPage(app.page);
    const editor = new EditorPage(app.page);
    await documents.create('Release plan');

    await editor.focusEnd();
    await editor.tool('Heading 1').click();
    await editor.type('Release 2.0');
    await editor.press('Enter');
    await editor.type('The release ships ');
    await editor.tool('Bold').click();
    await editor.type('offline sync');
    await editor.tool('Bold').click();
    await editor.type(' for testers.');
    await editor.press('Enter');
    await editor.tool('Bulleted list').click();
    await editor.type('Documents');
    await editor.press('Enter');
    await editor.type('Test runs');
    await expect.poll(() => editor.content.locator('h1').textContent()).toBe('Release 2.0');
    expect(await editor.content.locator('strong').textContent()).toBe('offline sync');
    expect(await editor.content.locator('ul li').allTextContents()).toEqual(['Documents', 'Test runs']);

    await editor.saveVersion('First draft');
    await editor.showHistory();
    await editor.version(1).waitFor();
    expect(await editor.version(1).textContent()).toContain('First draft');
    await screenshot(app.page, 'editor');

    await editor.focusEnd();
    await editor.press('Enter');
    await editor.press('Enter');
    await editor.type('Added after the first draft.');
    await editor.compare(1, 'current');
    const diff = app.page.getByTestId('diff');
    await expect.poll(() => diff.locator('ins').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Added after the first draft.')]));
    expect(await diff.locator('del').count()).toBe(0);
    await screenshot(app.page, 'compare');
    await editor.closeDialog();

    await editor.restore(1);
    await expect.poll(() => editor.content.textContent()).not.toContain('Added after the first draft.');
    expect(await editor.content.locator('h1').textContent()).toBe('Release 2.0');
    await editor.version(2).waitFor();
    expect(await editor.version(2).textContent()).toContain('Restored version 1');
    expect(await editor.versions().count()).toBeGreaterThanOrEqual(2);
    await screenshot(app.page, 'history');

    // Central has the restored content, both versions, and the row's text for search.
    const { rows } = await t.admin.query<{ id: string }>(`SELECT id FROM app.documents WHERE title = 'Release plan' AND project_id = $1`, [projectId]);
    const id = rows[0]!.id;
    await waitFor(async () => {
      const text = await centralText(t, id);
      return text.merged.includes('offline sync') && !text.merged.includes('Added after') && text.row === text.merged;
    }, 'the restored text on central');
    const versions = await t.admin.query(`SELECT version_number, change_summary FROM app.document_versions WHERE document_id = $1 ORDER BY 1`, [id]);
    expect(versions.rows.map((v) => v.change_summary)).toEqual(['First draft', 'Restored version 1']);

    // The author signs version 1 with the password (a typo is refused at once), and verifies it with the server.
    const dialog = await editor.signVersion(1, 'Authored', 'not my password');
    await expect.poll(() => dialog.getByTestId('sign-version-error').textContent()).toContain('not your password');
    await dialog.getByLabel('Your password (electronic signature)').fill(author.password);
    await dialog.getByTestId('submit-signature').click();
    await dialog.waitFor({ state: 'detached' });
    const signature = editor.version(1).getByTestId('version-signature');
    await expect.poll(() => signature.textContent(), { timeout: 30_000 }).toContain('received by the server at');
    expect(await signature.textContent()).toContain('Authored by');
    await signature.getByTestId('verify-signature').click();
    await expect.poll(() => signature.getByTestId('signature-verdict').textContent()).toMatch(/^Signature valid/);
    await screenshot(app.page, 'version-signed');
  });

  it('links the document to a test case and lists it in the documents list', async () => {
    const editor = new EditorPage(app.page);
    await app.page.getByTestId('tab-links').click();
    await app.page.getByTestId('link-search').fill('Release check');
    await app.page.getByRole('listbox', { name: 'Link targets' }).getByRole('button', { name: /Release checklist/ }).click();
    await app.page.getByTestId('add-link').click();
    await expect.poll(() => app.page.getByTestId('relation-item').allTextContents()).toEqual([expect.stringContaining('Release checklist is complete')]);
    await screenshot(app.page, 'links');
    await editor.back();
    await new DocumentsPage(app.page).row('Release plan').waitFor();
    await screenshot(app.page, 'documents');
  });
});
