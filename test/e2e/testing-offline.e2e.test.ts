// A tester executes test cases offline — step results, evidence (a file chosen and a screenshot pasted),
// a defect, a timer — quits, restarts, reconnects: central holds every execution and the evidence with
// matching checksums; one made against a case edited meanwhile is kept and flagged.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/fixture';
import { png } from '../support/png';
import type { TcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait';
import type { Row, User } from '../support/world';
import { SignInPage } from './pages/sign-in-page';
import { TestingPage } from './pages/testing-page';
import { launchApp } from './support/app';
import type { App } from './support/app';
import { accountOf, connectionThrough, startProxy, team } from './support/central';
import { screenshot } from './support/screenshots';
import { syncedUp, syncStatus } from './support/sync-status';

const t = useTestDatabase();
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const SCREENSHOT = png(640, 400);
const PASTED = png(32, 24);

describe('offline test execution', () => {
  let tester: User;
  let manager: User;
  let proxy: TcpProxy;
  let app: App;
  let dosing: Row;
  let alarm: Row;
  let run: Row;

  beforeAll(async () => {
    const { project, users } = await team(t, ['TESTER', 'PROJECT_MANAGER']);
    [tester, manager] = users as [User, User];
    const steps = (...pairs: [string, string][]) => JSON.stringify(pairs.map(([action, expected]) => ({ action, expected_result: expected })));
    dosing = await t.world.testCase(project, { title: 'Programmed rate is delivered', suite: 'Dosing', priority: 'HIGH',
      steps: steps(['Program 100 mL/h', 'Display shows 100 mL/h'], ['Weigh the delivered volume', '16.7 mL ± 5 %']) });
    alarm = await t.world.testCase(project, { title: 'Occlusion alarm', suite: 'Alarms',
      steps: steps(['Clamp the line', 'Alarm within 30 s']) });
    // A run of both cases, planned by the manager and assigned to the tester.
    run = await t.world.insert('test_runs', { organization_id: project.org.id, project_id: project.id, name: 'Nightly 2.1', created_by: manager.id });
    for (const [position, testCase] of [dosing, alarm].entries()) {
      await t.world.insert('test_run_cases', { organization_id: project.org.id, project_id: project.id, test_run_id: run.id, test_case_id: testCase.id,
        assigned_to: tester.id, position });
    }
    proxy = await startProxy(t);
    app = await launchApp({ name: 'tester' });
    await new SignInPage(app.page).signIn(connectionThrough(t, proxy), accountOf(tester));
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.stop();
  });

  it('executes two cases offline with evidence, survives a restart, and delivers both executions, the evidence and the defect', async () => {
    const testing = new TestingPage(app.page);
    await testing.openLibrary();
    await app.page.locator('[data-testid="test-case-row"]').nth(1).waitFor({ timeout: 30_000 });
    await screenshot(app.page, 'test-cases');

    proxy.cut();
    const executeInRun = async (title: string) => {
      await testing.openRuns();
      await app.page.locator('[data-testid="run-row"][data-name="Nightly 2.1"]').getByRole('button', { name: 'Nightly 2.1' }).click();
      await testing.runCase(title).getByRole('button', { name: 'Execute' }).click();
      await app.page.getByTestId('execution-player').waitFor();
    };
    await executeInRun('Programmed rate is delivered');
    await testing.field('Environment', 'Bench rig 2');
    await testing.field('Build', '2.1.0-rc3');
    await testing.result(0, 'Passed');
    await testing.result(1, 'Failed', '15.1 mL delivered');
    // Evidence on the failed step, offline: a file chosen, and a screenshot pasted into the actual result.
    await testing.step(1).getByLabel('Attach evidence to step 2').setInputFiles({ name: 'pump-display.png', mimeType: 'image/png', buffer: SCREENSHOT });
    await expect.poll(() => testing.step(1).getByTestId('evidence-item').count()).toBe(1);
    await testing.step(1).getByRole('textbox').evaluate((box, bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, [...PASTED]);
    await expect.poll(() => testing.step(1).getByTestId('evidence-item').count()).toBe(2);
    expect(await testing.step(1).getByTestId('evidence-item').first().textContent()).toContain('waiting to upload');
    expect(await app.page.getByTestId('derived-status').textContent()).toContain('Failed');
    await testing.step(1).getByRole('button', { name: 'Create defect…' }).click();
    await app.page.getByTestId('defect-dialog').getByRole('button', { name: 'Create defect' }).click();
    await screenshot(app.page, 'execution-player');
    await testing.save('run-screen');
    await expect.poll(() => app.page.getByTestId('run-counts').textContent()).toBe('0 passed · 1 failed · 0 blocked · 0 skipped · 1 untested');

    // Meanwhile the alarm case is edited on the server (version 2); the tester still has version 1.
    await t.admin.query(`UPDATE app.test_cases SET steps = $2 WHERE id = $1`,
      [alarm.id, JSON.stringify([{ action: 'Clamp the line downstream', expected_result: 'Alarm within 20 s' }])]);
    await executeInRun('Occlusion alarm');
    await testing.result(0, 'Passed');
    await testing.save('run-screen');
    await expect.poll(() => app.page.getByTestId('run-counts').textContent()).toBe('1 passed · 1 failed · 0 blocked · 0 skipped · 0 untested');
    await screenshot(app.page, 'test-run-offline');
    await expect.poll(async () => (await syncStatus(app.page)).state, { timeout: 20_000 }).toBe('offline');

    await app.kill();
    await app.restart();
    await new TestingPage(app.page).openLibrary();
    await new TestingPage(app.page).openCase('Programmed rate is delivered');
    await expect.poll(() => new TestingPage(app.page).history().count()).toBe(1);
    expect(await new TestingPage(app.page).history().first().textContent()).toContain('Unsynced');

    proxy.heal();
    await syncedUp(app.page);
    const executions = await waitFor(async () => {
      const { rows } = await t.admin.query<{ test_case_id: string; status: string; test_case_version: number; executed_against_stale_version: boolean; environment: string; duration_seconds: number | null }>(
        'SELECT test_case_id, status, test_case_version, executed_against_stale_version, environment, duration_seconds FROM app.test_executions WHERE executed_by = $1 AND test_run_id = $2',
        [tester.id, run.id]);
      return rows.length === 2 ? rows : undefined;
    }, 'both executions of the run on central');
    // The run's planner is told about the failure.
    const told = await t.admin.query('SELECT title FROM app.notifications WHERE recipient_id = $1 AND type = $2', [manager.id, 'EXECUTION_FAILED']);
    expect(told.rows).toEqual([{ title: 'Failed in Nightly 2.1: Programmed rate is delivered' }]);
    const byCase = new Map(executions.map((e) => [e.test_case_id, e]));
    expect(byCase.get(dosing.id)).toMatchObject({ status: 'FAILED', environment: 'Bench rig 2', executed_against_stale_version: false });
    expect(byCase.get(alarm.id)).toMatchObject({ status: 'PASSED', test_case_version: 1, executed_against_stale_version: true });
    // The evidence reached central complete, with the checksum of the very bytes attached.
    const evidence = await waitFor(async () => {
      const { rows } = await t.admin.query<{ id: string; file_name: string; mime_type: string; file_size: string; checksum_sha256: string; stored: boolean; entity_id: string; content: Buffer }>(
        `SELECT a.id, a.file_name, a.mime_type, a.file_size, a.checksum_sha256, a.stored, a.entity_id,
                (SELECT string_agg(data, ''::bytea ORDER BY chunk_index) FROM app.attachment_chunks WHERE attachment_id = a.id) AS content
           FROM app.attachments a WHERE a.created_by = $1 ORDER BY a.created_at, a.id`, [tester.id]);
      return rows.length === 2 && rows.every((r) => r.stored) ? rows : undefined;
    }, 'both evidence files stored on central');
    expect(evidence.map((e) => e.checksum_sha256).sort()).toEqual([sha256(SCREENSHOT), sha256(PASTED)].sort());
    for (const file of evidence) expect(sha256(file.content)).toBe(file.checksum_sha256);
    expect(evidence.find((e) => e.checksum_sha256 === sha256(SCREENSHOT))).toMatchObject({ file_name: 'pump-display.png', mime_type: 'image/png', file_size: String(SCREENSHOT.length) });
    const failed = await t.admin.query<{ id: string; step_results: { step: number; evidence?: string[] }[] }>(
      'SELECT id, step_results FROM app.test_executions WHERE test_case_id = $1', [dosing.id]);
    expect(evidence.every((e) => e.entity_id === failed.rows[0]!.id)).toBe(true);
    expect(failed.rows[0]!.step_results[1]!.evidence?.sort()).toEqual(evidence.map((e) => e.id).sort());
    const defects = await t.admin.query(`SELECT title, task_type FROM app.tasks WHERE created_by = $1`, [tester.id]);
    expect(defects.rows).toEqual([{ title: 'Programmed rate is delivered: step 2 fails', task_type: 'BUG' }]);

    // The flagged execution is kept and shown as such.
    await new TestingPage(app.page).openLibrary();
    await new TestingPage(app.page).openCase('Occlusion alarm');
    await expect.poll(() => app.page.getByTestId('execution-version').first().textContent(), { timeout: 30_000 })
      .toBe('Executed against version 1, current is 2');
    await screenshot(app.page, 'execution-history');

    // A second client (the manager's) sees both executions and the evidence.
    const second = await launchApp({ name: 'manager' });
    await new SignInPage(second.page).signIn(connectionThrough(t), accountOf(manager));
    const other = new TestingPage(second.page);
    await other.openLibrary();
    await other.openCase('Programmed rate is delivered');
    await expect.poll(() => other.history().first().textContent(), { timeout: 30_000 }).toContain('Failed');
    expect(await other.history().first().textContent()).toContain('Member 1');
    await other.openLibrary();
    await other.openCase('Occlusion alarm');
    await expect.poll(() => second.page.getByTestId('execution-version').first().textContent(), { timeout: 30_000 })
      .toBe('Executed against version 1, current is 2');
    await second.close();
  });
});
