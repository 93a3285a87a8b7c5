// Exports and imports through the browser host, offline (the TCP proxy to central cut): a document's
// PDF and the case library's XLSX are made and downloaded, a CSV of cases is previewed, a bad row
// refused, then imported; on reconnecting, central holds the imported cases.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExcelJs } from '../../src/main/exports/xlsx';
import { pdfText, renderFirstPage } from '../support/export-fixtures';
import { useTestDatabase } from '../support/fixture';
import type { TcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait';
import type { Project, User } from '../support/world';
import { DocumentsPage } from './pages/documents-page';
import { SignInPage } from './pages/sign-in-page';
import { TestingPage } from './pages/testing-page';
import { launchApp } from './support/app';
import type { App } from './support/app';
import { accountOf, connectionThrough, startProxy, team } from './support/central';
import { screenshot } from './support/screenshots';
import { syncedUp, syncStatus } from './support/sync-status';

const t = useTestDatabase();

describe('exports and imports offline', () => {
  let lead: User;
  let project: Project;
  let proxy: TcpProxy;
  let app: App;

  beforeAll(async () => {
    ({ project, users: [lead] } = await team(t, ['PROJECT_MANAGER']) as { project: Project; users: [User] });
    await t.world.document(project, {
      title: 'Infusion pump requirements', document_type: 'REQUIREMENT', content: 'Flow accuracy',
      content_json: JSON.stringify({ type: 'doc', content: [
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Flow accuracy' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'The pump shall deliver the programmed rate within 5 %.' }] },
      ] }),
    });
    await t.world.testCase(project, { title: 'Programmed rate is delivered', suite: 'Dosing', priority: 'HIGH' });
    proxy = await startProxy(t);
    app = await launchApp({ name: 'exporter' });
    await new SignInPage(app.page).signIn(connectionThrough(t, proxy), accountOf(lead));
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.stop();
  });

  it('exports a document as PDF and the case library as XLSX offline, imports cases from CSV, and the import syncs on reconnect', async () => {
    const documents = new DocumentsPage(app.page);
    await documents.open();
    await documents.row('Infusion pump requirements').waitFor({ timeout: 30_000 });
    const testing = new TestingPage(app.page);
    await testing.openLibrary();
    await app.page.locator('[data-testid="test-case-row"]').first().waitFor({ timeout: 30_000 });

    proxy.cut();
    await expect.poll(async () => (await syncStatus(app.page)).state, { timeout: 20_000 }).toBe('offline');

    // PDF of the document, made from the replica and saved as a download.
    await documents.open();
    await documents.openDocument('Infusion pump requirements');
    const [pdfDownload] = await Promise.all([app.page.waitForEvent('download'), app.page.getByTestId('export-document-pdf').click()]);
    expect(pdfDownload.suggestedFilename()).toBe('Infusion pump requirements.pdf');
    const pdf = readFileSync((await pdfDownload.path())!);
    const text = pdfText(pdf);
    expect(text).toContain('Infusion pump requirements');
    expect(text).toContain('The pump shall deliver the programmed rate within 5 %.');
    expect(text).toContain('Page 1 of 1');
    renderFirstPage(pdf, 'export-document-pdf-offline');
    await expect.poll(() => app.page.getByTestId('export-document-pdf-done').textContent()).toBe('Exported Infusion pump requirements.pdf');
    await screenshot(app.page, 'document-export');

    // XLSX of the case library.
    await testing.openLibrary();
    const [xlsxDownload] = await Promise.all([app.page.waitForEvent('download'), app.page.getByTestId('export-cases-xlsx').click()]);
    expect(xlsxDownload.suggestedFilename()).toMatch(/ - test cases\.xlsx$/);
    const { Workbook } = await loadExcelJs();
    const workbook = new Workbook();
    await workbook.xlsx.load(readFileSync((await xlsxDownload.path())!) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Test cases')!;
    expect((sheet.getRow(2).values as unknown[]).slice(1, 4)).toEqual(['Programmed rate is delivered', 'Dosing', 'HIGH']);

    // Import from CSV: the preview refuses a bad row, and nothing is imported until the file is right.
    await app.page.getByTestId('import-cases').click();
    const dialog = app.page.getByTestId('case-import-dialog');
    const header = 'Title,Section,Priority,Steps,Expected per step';
    const good = 'Occlusion alarm,Alarms,Critical,"1. Clamp the line\n2. Wait","1. -\n2. Alarm within 30 s"';
    await dialog.getByTestId('case-import-file').setInputFiles({ name: 'cases.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${good}\nBattery alarm,Alarms,Soon,1. Unplug,`) });
    await expect.poll(() => dialog.getByTestId('case-import-refused').textContent()).toContain('Row 3: Priority "Soon" is not one of LOW, MEDIUM, HIGH, CRITICAL');
    expect(await dialog.getByTestId('case-import-submit').isDisabled()).toBe(true);
    await screenshot(app.page, 'case-import-refused');
    await dialog.getByTestId('case-import-file').setInputFiles({ name: 'cases.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${good}\nBattery alarm,Alarms,Low,1. Unplug,`) });
    await expect.poll(() => dialog.getByTestId('case-import-submit').textContent()).toBe('Import 2 test cases');
    await expect.poll(() => dialog.getByTestId('case-import-sample').locator('tbody tr').count()).toBe(2);
    await dialog.getByTestId('case-import-submit').click();
    await expect.poll(() => dialog.getByTestId('case-import-done').textContent()).toContain('Imported 2 test cases');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => app.page.locator('[data-testid="test-case-row"]').count()).toBe(3);

    proxy.heal();
    await syncedUp(app.page);
    const imported = await waitFor(async () => {
      const { rows } = await t.admin.query<{ title: string; priority: string; steps: { action: string; expected_result: string }[] }>(
        `SELECT title, priority, steps FROM app.test_cases WHERE project_id = $1 AND suite = 'Alarms' ORDER BY title`, [project.id]);
      return rows.length === 2 ? rows : undefined;
    }, 'the imported cases on central', 60_000);
    expect(imported).toEqual([
      { title: 'Battery alarm', priority: 'LOW', steps: [{ action: 'Unplug', expected_result: '' }] },
      { title: 'Occlusion alarm', priority: 'CRITICAL', steps: [{ action: 'Clamp the line', expected_result: '-' }, { action: 'Wait', expected_result: 'Alarm within 30 s' }] },
    ]);
  });
});
