// A manager decides offline: the unchanged request's approval is accepted and the request moves to
// Approved; the request edited meanwhile refuses the stale approval, and the manager is told and asked
// again. Someone without APPROVE cannot decide, even calling the IPC directly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/fixture';
import type { TcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait';
import type { Row, User } from '../support/world';
import { SignInPage } from './pages/sign-in-page';
import { launchApp } from './support/app';
import type { App } from './support/app';
import { invoke } from './support/bridge';
import { accountOf, connectionThrough, startProxy, team } from './support/central';
import { screenshot } from './support/screenshots';
import { syncedUp } from './support/sync-status';

const t = useTestDatabase();

describe('approvals', () => {
  let manager: User;
  let tester: User;
  let proxy: TcpProxy;
  let app: App;
  let unchanged: Row;
  let edited: Row;

  beforeAll(async () => {
    const { project, users } = await team(t, ['PROJECT_MANAGER', 'TESTER']);
    [manager, tester] = users as [User, User];
    unchanged = await t.world.changeRequest(project, { title: 'Raise the maximum rate', status: 'IN_REVIEW', priority: 'HIGH' });
    edited = await t.world.changeRequest(project, { title: 'Shorter alarm delay', status: 'IN_REVIEW', priority: 'CRITICAL' });
    proxy = await startProxy(t);
    app = await launchApp({ name: 'manager' });
    await new SignInPage(app.page).signIn(connectionThrough(t, proxy), accountOf(manager));
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.stop();
  });

  async function approve(title: string) {
    const page = app.page;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Change requests/ }).click();
    await page.locator(`[data-testid="change-request-row"][data-title="${title}"]`).getByRole('button', { name: title }).click();
    const panel = page.getByTestId('decision-panel');
    await panel.getByRole('button', { name: 'Approve…' }).click();
    await panel.getByLabel('Comment').fill('Fine by me.');
    await panel.getByLabel('Your password (electronic signature)').fill('wrong password');
    await panel.getByTestId('submit-decision').click();
    await expect.poll(() => panel.getByTestId('decision-error').textContent()).toContain('not your password');
    await panel.getByLabel('Your password (electronic signature)').fill(manager.password);
    await panel.getByTestId('submit-decision').click();
    await expect.poll(() => page.getByTestId('decision').first().textContent()).toContain('Not yet synced');
  }

  it('approves two requests offline; the one edited meanwhile is refused at sync and asked again', async () => {
    await expect.poll(() => app.page.getByTestId('inbox-count').textContent(), { timeout: 30_000 }).toBe('2');
    proxy.cut();
    await approve('Raise the maximum rate');
    await screenshot(app.page, 'change-request-decision');
    await approve('Shorter alarm delay');
    await t.admin.query(`UPDATE app.change_requests SET description = 'Detect within 20 s, not 30 s.' WHERE id = $1`, [edited.id]);

    proxy.heal();
    await syncedUp(app.page);
    await waitFor(async () => (await t.admin.query(`SELECT status FROM app.change_requests WHERE id = $1`, [unchanged.id])).rows[0]?.status === 'APPROVED',
      'the unchanged request approved on central');
    const { rows } = await t.admin.query(`SELECT count(*)::int AS n FROM app.change_request_approvals WHERE change_request_id = $1`, [edited.id]);
    expect(rows[0].n).toBe(0);

    // The manager sees which decision was refused and why, and the edited request waits for them again.
    await app.page.getByTestId('open-problems').click({ timeout: 30_000 });
    await expect.poll(() => app.page.getByTestId('rejected-change').first().textContent()).toMatch(/changed after you reviewed it|revision/i);
    await screenshot(app.page, 'approval-refused');
    await app.page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => app.page.getByTestId('change-request-status').textContent(), { timeout: 30_000 }).toBe('In review');
    await expect.poll(() => app.page.getByTestId('decision-panel').textContent()).toContain('revision 2');
    await expect.poll(() => app.page.getByTestId('inbox-count').textContent()).toBe('1');
  });

  it('shows the accepted signature\'s manifest and verifies it with the server on request', async () => {
    const page = app.page;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Change requests/ }).click();
    await page.locator('[data-testid="change-request-row"][data-title="Raise the maximum rate"]').getByRole('button', { name: 'Raise the maximum rate' }).click();
    const decision = page.getByTestId('decision').first();
    await expect.poll(() => decision.getByTestId('signature-manifest').textContent(), { timeout: 30_000 }).toContain('received by the server at');
    expect(await decision.getByTestId('signature-manifest').textContent()).toContain('I approve this change for implementation.');
    await decision.getByTestId('verify-signature').click();
    await expect.poll(() => decision.getByTestId('signature-verdict').textContent()).toMatch(/^Signature valid — Signed by .+ with the password of key epoch 1/);
    await screenshot(page, 'signature-verified');
    // The same verdict comes from the database itself, whoever asks.
    const approval = (await t.admin.query('SELECT id FROM app.change_request_approvals WHERE change_request_id = $1', [unchanged.id])).rows[0];
    expect((await t.admin.query('SELECT valid FROM app.verify_signature($1)', [approval.id])).rows).toEqual([{ valid: true }]);
  });

  it('someone without APPROVE permission cannot decide, even by calling the IPC directly', async () => {
    await app.page.getByRole('button', { name: 'Sign out' }).click();
    await new SignInPage(app.page).signIn(connectionThrough(t, proxy), accountOf(tester));
    await waitFor(async () => {
      const list = await invoke(app.page, 'changeRequests:inbox', undefined);
      const cr = await invoke(app.page, 'changeRequests:get', { id: edited.id });
      return list.ok && cr.ok;
    }, 'the tester\'s replica');
    const attempt = await invoke(app.page, 'changeRequests:decide', { id: edited.id, decision: 'APPROVED', comment: '', password: tester.password, meaning: 'Approved' });
    expect(attempt).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    await syncedUp(app.page);
    const { rows } = await t.admin.query(`SELECT count(*)::int AS n FROM app.change_request_approvals WHERE approver_id = $1`, [tester.id]);
    expect(rows[0].n).toBe(0);
  });

  it('lists the approvers a request needs, and only a listed approver is asked to decide', async () => {
    await app.page.getByRole('button', { name: 'Sign out' }).click();
    await new SignInPage(app.page).signIn(connectionThrough(t, proxy), accountOf(manager));
    const page = app.page;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Change requests/ }).click();
    await page.locator('[data-testid="change-request-row"][data-title="Shorter alarm delay"]').getByRole('button', { name: 'Shorter alarm delay' }).click();
    await expect.poll(() => page.getByTestId('decision-panel').count()).toBe(1);
    await page.getByLabel('Add an approver').selectOption({ label: 'Member 1' });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => page.getByTestId('approver').allTextContents()).toEqual([expect.stringContaining('Member 1')]);
    await syncedUp(page);
    await waitFor(async () => (await t.admin.query('SELECT 1 FROM app.change_request_approvers WHERE change_request_id = $1 AND approver_id = $2',
      [edited.id, manager.id])).rowCount === 1, 'the approver on central');
    // Listing approvers is a change reviewers judge: a new revision, and the manager is still the one to decide.
    await expect.poll(() => page.getByTestId('decision-panel').textContent(), { timeout: 30_000 }).toContain('revision 3');
  });
});
