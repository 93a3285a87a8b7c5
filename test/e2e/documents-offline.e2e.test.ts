// Offline authoring: edits made without a connection survive a crash and a restart and reach central
// and other authors afterwards; two authors' offline edits of one document merge without loss.
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
import { accountOf, centralText, connectionThrough, startProxy, team } from './support/central';
import { screenshot } from './support/screenshots';
import { syncedUp, syncStatus } from './support/sync-status';

const t = useTestDatabase();

describe('offline document authoring', () => {
  let ann: User;
  let bob: User;
  let annProxy: TcpProxy;
  let bobProxy: TcpProxy;
  let annApp: App;
  let bobApp: App;
  let projectId: string;

  async function documentId(title: string): Promise<string> {
    return waitFor(async () => (await t.admin.query<{ id: string }>('SELECT id FROM app.documents WHERE title = $1 AND project_id = $2', [title, projectId])).rows[0]?.id,
      `${title} on central`);
  }

  beforeAll(async () => {
    const { project, users } = await team(t, ['DOCUMENT_AUTHOR', 'DOCUMENT_AUTHOR']);
    [ann, bob] = users as [User, User];
    projectId = project.id;
    annProxy = await startProxy(t);
    bobProxy = await startProxy(t);
    annApp = await launchApp({ name: 'ann' });
    bobApp = await launchApp({ name: 'bob' });
    await new SignInPage(annApp.page).signIn(connectionThrough(t, annProxy), accountOf(ann));
    await new SignInPage(bobApp.page).signIn(connectionThrough(t, bobProxy), accountOf(bob));
  });
  afterAll(async () => {
    await annApp?.close();
    await bobApp?.close();
    await annProxy?.stop();
    await bobProxy?.stop();
  });

  it('keeps an edit made offline through a crash and a restart, then delivers it to central and another author', async () => {
    const editor = new EditorPage(annApp.page);
    await new DocumentsPage(annApp.page).create('Field notes');
    await editor.focusEnd();
    await editor.type('Written online.');
    const id = await documentId('Field notes');
    await syncedUp(annApp.page);

    annProxy.cut();
    await editor.focusEnd();
    await editor.press('Enter');
    await editor.type('Typed on the plane.');
    // The edit is acknowledged (in the replica's outbox) and the app notices it is offline …
    await expect.poll(async () => (await syncStatus(annApp.page)).state, { timeout: 20_000 }).toBe('offline');
    expect((await syncStatus(annApp.page)).pending).toBeGreaterThan(0);
    await expect.poll(() => annApp.page.getByTestId('sync-state').textContent()).toBe('Offline');
    await screenshot(annApp.page, 'offline');
    // … and then the app is killed, still offline, and started again.
    await annApp.kill();
    await annApp.restart();
    await annApp.page.getByTestId('signed-in-user').waitFor();
    await new DocumentsPage(annApp.page).openDocument('Field notes');
    await expect.poll(() => editor.text()).toContain('Typed on the plane.');
    expect(await editor.text()).toContain('Written online.');
    expect((await centralText(t, id)).merged).not.toContain('Typed on the plane.');

    annProxy.heal();
    await syncedUp(annApp.page);
    await waitFor(async () => {
      const text = await centralText(t, id);
      return text.merged.includes('Typed on the plane.') && text.row.includes('Typed on the plane.');
    }, 'the offline edit on central (Yjs log and row text)');

    const bobsEditor = new EditorPage(bobApp.page);
    await new DocumentsPage(bobApp.page).row('Field notes').waitFor();
    await new DocumentsPage(bobApp.page).openDocument('Field notes');
    await expect.poll(() => bobsEditor.text()).toContain('Typed on the plane.');
    await bobsEditor.back();
  });

  it('merges two authors\' offline edits of the same document, in different paragraphs and in the same one', async () => {
    const annEditor = new EditorPage(annApp.page);
    const bobEditor = new EditorPage(bobApp.page);
    await new DocumentsPage(annApp.page).open();
    await new DocumentsPage(annApp.page).create('Shared procedure');
    await annEditor.focusEnd();
    await annEditor.type('Alpha step.');
    await annEditor.press('Enter');
    await annEditor.type('Beta step.');
    const id = await documentId('Shared procedure');
    await syncedUp(annApp.page);
    await new DocumentsPage(bobApp.page).row('Shared procedure').waitFor({ timeout: 30_000 });
    await new DocumentsPage(bobApp.page).openDocument('Shared procedure');
    await expect.poll(() => bobEditor.text()).toContain('Beta step.');

    annProxy.cut();
    bobProxy.cut();
    await annEditor.appendToParagraph(0, ' Ann edits alpha.');
    await bobEditor.appendToParagraph(1, ' Bob edits beta.');
    await bobEditor.appendToParagraph(0, ' Bob also edits alpha.');
    await annEditor.saveVersion('Ann, offline');
    await bobEditor.saveVersion('Bob, offline');
    await expect.poll(async () => (await syncStatus(bobApp.page)).state, { timeout: 20_000 }).toBe('offline');

    annProxy.heal();
    bobProxy.heal();
    await syncedUp(annApp.page);
    await syncedUp(bobApp.page);
    await syncedUp(annApp.page);
    const additions = ['Ann edits alpha.', 'Bob edits beta.', 'Bob also edits alpha.', 'Alpha step.', 'Beta step.'];
    for (const editor of [annEditor, bobEditor]) {
      await expect.poll(() => editor.text(), { timeout: 30_000 }).toSatisfy((text: string) => additions.every((a) => text.includes(a)));
    }
    await waitFor(async () => {
      const text = await centralText(t, id);
      return additions.every((a) => text.merged.includes(a) && text.row.includes(a));
    }, 'both authors\' text on central');

    await annEditor.showHistory();
    await expect.poll(() => annApp.page.getByTestId('version-author').allTextContents(), { timeout: 30_000 })
      .toEqual(expect.arrayContaining(['Author 1', 'Author 2']));
    await screenshot(annApp.page, 'merged-history');
  });
});
