// Test runs: a run of a suite's cases assigned to the tester, executed from the run with progress;
// JUnit XML results imported into it (matched by automation id; bad XML imports nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/fixture';
import { waitFor } from '../support/wait';
import type { User } from '../support/world';
import { SignInPage } from './pages/sign-in-page';
import { TestingPage } from './pages/testing-page';
import { launchApp } from './support/app';
import type { App } from './support/app';
import { accountOf, connectionThrough, team } from './support/central';
import { screenshot } from './support/screenshots';
import { syncedUp } from './support/sync-status';

const t = useTestDatabase();

const JUNIT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="dosing" tests="3">
  <testcase classname="dosing" name="rate" time="12.4"/>
  <testcase classname="dosing" name="limit" time="3"><failure message="stopped 0.3 mL late">AssertionError</failure></testcase>
  <testcase classname="dosing" name="bolus" time="1"/>
</testsuite></testsuites>`;

describe('test runs', () => {
  let tester: User;
  let app: App;

  beforeAll(async () => {
    const { project, users } = await team(t, ['TESTER']);
    tester = users[0]!;
    const steps = JSON.stringify([{ action: 'Run it', expected_result: 'It works' }]);
    await t.world.testCase(project, { title: 'Programmed rate is delivered', suite: 'Dosing', automation_id: 'dosing.rate', automation_status: 'AUTOMATED', steps });
    await t.world.testCase(project, { title: 'Pump stops at the volume limit', suite: 'Dosing', automation_id: 'dosing.limit', automation_status: 'AUTOMATED', steps });
    await t.world.testCase(project, { title: 'Manual priming', suite: 'Dosing', steps });
    await t.world.testCase(project, { title: 'Alarm sounds', suite: 'Alarms', steps });
    app = await launchApp({ name: 'tester' });
    await new SignInPage(app.page).signIn(connectionThrough(t), accountOf(tester));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('creates a run of a suite, executes a case from it, and imports JUnit results', async () => {
    const page = app.page;
    const testing = new TestingPage(page);
    await testing.openRuns();
    await page.getByTestId('new-run').click();
    const dialog = page.getByTestId('new-run-dialog');
    await dialog.getByLabel('Name').fill('Release 2.1 dosing');
    await dialog.getByRole('combobox', { name: 'Cases' }).selectOption({ label: 'Suite: Dosing' });
    await dialog.getByRole('listbox', { name: 'Testers' }).selectOption({ label: 'Member 1' });
    await dialog.getByRole('button', { name: 'Create run' }).click();
    await page.getByTestId('run-screen').waitFor();
    await expect.poll(() => page.getByTestId('run-case').count()).toBe(3);
    expect(await page.getByTestId('run-counts').textContent()).toBe('0 passed · 0 failed · 0 blocked · 0 skipped · 3 untested');

    await testing.runCase('Manual priming').getByRole('button', { name: 'Execute' }).click();
    await page.getByTestId('execution-player').waitFor();
    await testing.result(0, 'Passed');
    await testing.save('run-screen');
    await expect.poll(() => page.getByTestId('run-counts').textContent()).toBe('1 passed · 0 failed · 0 blocked · 0 skipped · 2 untested');

    // Bad XML: a clear error, nothing recorded.
    await page.getByTestId('junit-file').setInputFiles({ name: 'broken.xml', mimeType: 'text/xml', buffer: Buffer.from('<testsuite><testcase name="x">') });
    await expect.poll(() => page.getByTestId('junit-error').textContent()).toContain('not valid XML');
    expect(await page.getByTestId('run-counts').textContent()).toContain('2 untested');

    await page.getByTestId('junit-file').setInputFiles({ name: 'junit.xml', mimeType: 'text/xml', buffer: Buffer.from(JUNIT) });
    await expect.poll(() => page.getByTestId('junit-report').textContent()).toContain('2 results recorded');
    expect(await page.getByTestId('junit-unmatched').textContent()).toContain('dosing.bolus');
    await expect.poll(() => page.getByTestId('run-counts').textContent()).toBe('2 passed · 1 failed · 0 blocked · 0 skipped · 0 untested');
    await screenshot(page, 'test-run');

    await syncedUp(page);
    const rows = await waitFor(async () => {
      const { rows: found } = await t.admin.query<{ title: string; status: string }>(
        `SELECT c.title, e.status FROM app.test_executions e JOIN app.test_cases c ON c.id = e.test_case_id
         JOIN app.test_runs r ON r.id = e.test_run_id WHERE r.name = 'Release 2.1 dosing' ORDER BY c.title`);
      return found.length === 3 ? found : undefined;
    }, 'the run\'s executions on central');
    expect(rows).toEqual([
      { title: 'Manual priming', status: 'PASSED' },
      { title: 'Programmed rate is delivered', status: 'PASSED' },
      { title: 'Pump stops at the volume limit', status: 'FAILED' },
    ]);
  });

  it('creates a run of chosen cases, and discusses an execution', async () => {
    const page = app.page;
    const testing = new TestingPage(page);
    await testing.openRuns();
    await page.getByTestId('new-run').click();
    const dialog = page.getByTestId('new-run-dialog');
    await dialog.getByLabel('Name').fill('Alarm retest');
    await dialog.getByRole('combobox', { name: 'Cases' }).selectOption({ label: 'Cases I choose…' });
    await dialog.getByRole('group', { name: 'Choose cases' }).getByLabel(/Alarm sounds/).check();
    await dialog.getByRole('button', { name: 'Create run' }).click();
    await page.getByTestId('run-screen').waitFor();
    await expect.poll(() => page.getByTestId('run-case').allTextContents()).toEqual([expect.stringContaining('Alarm sounds')]);

    await testing.openLibrary();
    await testing.openCase('Manual priming');
    await testing.history().first().getByRole('button', { name: 'Comments' }).click();
    // The execution's own comments, inside the history table (the case's comments are further down).
    const panel = page.getByTestId('execution-history').getByTestId('comments-panel');
    await panel.getByRole('textbox', { name: 'Comment' }).fill('Primed twice: the first attempt left a bubble.');
    await panel.getByRole('button', { name: 'Comment', exact: true }).click();
    await syncedUp(page);
    await waitFor(async () => (await t.admin.query(
      `SELECT 1 FROM app.comments c JOIN app.test_executions e ON e.id = c.entity_id WHERE c.entity_type = 'TEST_EXECUTION' AND c.body LIKE 'Primed twice%'`)).rowCount === 1,
    'the execution\'s comment on central');
  });
});
