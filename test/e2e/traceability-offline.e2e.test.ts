// A tester works on traceability offline: the coverage matrix (a requirement with no test case, a
// failed case, a suspect link), marks the suspect link reviewed and takes a baseline with no
// connection; on reconnect central holds both, and a second client (an author's) sees them.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExcelJs } from '../../src/main/exports/xlsx';
import { useTestDatabase } from '../support/fixture';
import type { TcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait';
import type { Row, User } from '../support/world';
import { SignInPage } from './pages/sign-in-page';
import { TraceabilityPage } from './pages/traceability-page';
import { launchApp } from './support/app';
import type { App } from './support/app';
import { accountOf, connectionThrough, startProxy, team } from './support/central';
import { screenshot } from './support/screenshots';
import { syncedUp, syncStatus } from './support/sync-status';

const t = useTestDatabase();

describe('traceability offline', () => {
  let tester: User;
  let author: User;
  let proxy: TcpProxy;
  let app: App;
  let rateLink: Row;

  beforeAll(async () => {
    const { project, users } = await team(t, ['TESTER', 'DOCUMENT_AUTHOR']);
    [tester, author] = users as [User, User];
    const scoped = { organization_id: project.org.id, project_id: project.id };
    const rate = await t.world.document(project, { title: 'REQ-1 Infusion rate accuracy', document_type: 'REQUIREMENT', tags: ['safety'] });
    const alarm = await t.world.document(project, { title: 'REQ-2 Occlusion alarm', document_type: 'REQUIREMENT' });
    await t.world.document(project, { title: 'REQ-3 Battery life', document_type: 'REQUIREMENT' });
    const rateCase = await t.world.testCase(project, { title: 'Programmed rate is delivered', suite: 'Dosing' });
    const alarmCase = await t.world.testCase(project, { title: 'Alarm within 30 s', suite: 'Alarms' });
    rateLink = await t.world.insert('document_relations', { ...scoped, source_document_id: rate.id, target_test_case_id: rateCase.id, relation_type: 'VERIFIED_BY' });
    await t.world.insert('document_relations', { ...scoped, source_document_id: alarm.id, target_test_case_id: alarmCase.id, relation_type: 'VERIFIED_BY' });
    await t.world.testExecution(project, { test_case_id: alarmCase.id, status: 'FAILED', executed_by: tester.id });
    // The requirement gets a new version after it was linked: its link becomes suspect.
    await t.world.insert('document_versions', { ...scoped, document_id: rate.id, title: String(rate.title), content: 'Rate within ± 5 %' });
    proxy = await startProxy(t);
    app = await launchApp({ name: 'tester' });
    await new SignInPage(app.page).signIn(connectionThrough(t, proxy), accountOf(tester));
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.stop();
  });

  it('reviews a suspect link and takes a baseline offline; both reach central and a second client', async () => {
    const trace = new TraceabilityPage(app.page);
    await trace.open('matrix');
    await trace.row('REQ-3 Battery life').waitFor({ timeout: 30_000 });
    expect(await trace.row('REQ-3 Battery life').getByTestId('uncovered').count()).toBe(1);
    expect(await trace.row('REQ-2 Occlusion alarm').getByTestId('matrix-cell').getAttribute('data-result')).toBe('FAILED');
    expect(await trace.row('REQ-1 Infusion rate accuracy').getByTestId('matrix-cell').getAttribute('data-suspect')).toBe('true');
    await expect.poll(() => trace.suspectCount()).toBe(1);
    await screenshot(app.page, 'coverage-matrix');

    proxy.cut();
    await trace.open('suspect');
    await trace.review('Rate tolerance unchanged for this case');
    await expect.poll(() => trace.suspectCount()).toBe(0);
    await trace.open('baselines');
    await trace.takeBaseline('Release 1.0');
    await trace.baselineRow('Release 1.0').waitFor();
    expect(await trace.baselineRow('Release 1.0').textContent()).toContain('not synced');
    await screenshot(app.page, 'baselines-offline');
    await expect.poll(async () => (await syncStatus(app.page)).state, { timeout: 20_000 }).toBe('offline');

    // Still offline: the matrix as XLSX, read back cell by cell.
    await trace.open('matrix');
    const [download] = await Promise.all([app.page.waitForEvent('download'), app.page.getByTestId('export-matrix-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/ - coverage matrix\.xlsx$/);
    const { Workbook } = await loadExcelJs();
    const workbook = new Workbook();
    await workbook.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const coverage = workbook.getWorksheet('Coverage')!;
    const rows = Array.from({ length: coverage.rowCount - 1 }, (_, i) => (coverage.getRow(i + 2).values as unknown[]).slice(1, 7));
    expect(rows).toEqual(expect.arrayContaining([
      ['REQ-1 Infusion rate accuracy', 'REQUIREMENT', 'DRAFT', 'Programmed rate is delivered', 'Dosing', 'NOT RUN'],
      ['REQ-2 Occlusion alarm', 'REQUIREMENT', 'DRAFT', 'Alarm within 30 s', 'Alarms', 'FAILED'],
      ['REQ-3 Battery life', 'REQUIREMENT', 'DRAFT', '(no linked test case)', undefined, 'NOT COVERED'],
    ]));

    proxy.heal();
    await syncedUp(app.page);
    const link = await waitFor(async () => {
      const { rows } = await t.admin.query<{ suspect: boolean; reviewed_by: string; review_note: string }>(
        'SELECT suspect, reviewed_by, review_note FROM app.document_relations WHERE id = $1', [rateLink.id]);
      return rows[0]?.suspect === false ? rows[0] : undefined;
    }, 'the review applied on central');
    expect(link).toEqual({ suspect: false, reviewed_by: tester.id, review_note: 'Rate tolerance unchanged for this case' });
    const baseline = await waitFor(async () => {
      const { rows } = await t.admin.query<{ name: string; item_count: number; items_received: number }>(
        `SELECT name, item_count, items_received FROM app.baselines WHERE created_by = $1`, [tester.id]);
      return rows[0]?.items_received === rows[0]?.item_count ? rows[0] : undefined;
    }, 'the baseline and all its items on central');
    expect(baseline).toEqual({ name: 'Release 1.0', item_count: 5, items_received: 5 });

    const second = await launchApp({ name: 'author' });
    await new SignInPage(second.page).signIn(connectionThrough(t), accountOf(author));
    const other = new TraceabilityPage(second.page);
    await other.open('baselines');
    await other.baselineRow('Release 1.0').waitFor({ timeout: 30_000 });
    expect(await other.baselineRow('Release 1.0').textContent()).not.toContain('not synced');
    await second.page.getByTestId('compare-from').selectOption({ label: 'Release 1.0' });
    await second.page.getByTestId('compare-baselines').click();
    await expect.poll(() => second.page.getByTestId('comparison-counts').textContent()).toContain('0 changed, 0 added, 0 removed, 5 unchanged');
    await other.open('matrix');
    await other.row('REQ-1 Infusion rate accuracy').waitFor();
    expect(await other.row('REQ-1 Infusion rate accuracy').getByTestId('matrix-cell').getAttribute('data-suspect')).toBe('false');
    expect(await other.suspectCount()).toBe(0);
    await screenshot(second.page, 'baseline-compare');
    await second.close();
  });
});
