// Tasks: create a task and a subtask, assign, move on the board, log time; central has it all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/fixture';
import { waitFor } from '../support/wait';
import type { User } from '../support/world';
import { SignInPage } from './pages/sign-in-page';
import { launchApp } from './support/app';
import type { App } from './support/app';
import { accountOf, connectionThrough, team } from './support/central';
import { screenshot } from './support/screenshots';
import { syncedUp } from './support/sync-status';

const t = useTestDatabase();

describe('tasks', () => {
  let manager: User;
  let app: App;

  beforeAll(async () => {
    const { users } = await team(t, ['PROJECT_MANAGER']);
    manager = users[0]!;
    app = await launchApp({ name: 'manager' });
    await new SignInPage(app.page).signIn(connectionThrough(t), accountOf(manager));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('plans work as tasks with subtasks, moves them on the board and logs time', async () => {
    const page = app.page;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Tasks' }).click();
    const dialog = page.getByTestId('task-dialog');
    await page.getByTestId('new-task').click();
    await dialog.getByLabel('Title').fill('Prepare release 2.1');
    await dialog.getByLabel('Assignee').selectOption({ label: 'Member 1' });
    await dialog.getByLabel('Estimate (h)').fill('8');
    await dialog.getByRole('button', { name: 'Create task' }).click();
    await page.getByTestId('new-task').click();
    await dialog.getByLabel('Title').fill('Write release notes');
    await dialog.getByLabel('Subtask of').selectOption({ label: 'Prepare release 2.1' });
    await dialog.getByRole('button', { name: 'Create task' }).click();
    await expect.poll(() => page.getByTestId('task-row').allTextContents()).toEqual([
      expect.stringContaining('Prepare release 2.1'), expect.stringContaining('Write release notes'),
    ]);

    await page.getByRole('radio', { name: 'Board' }).click();
    await page.getByLabel('Status of Prepare release 2.1').selectOption('IN_PROGRESS');
    await expect.poll(() => page.getByTestId('column-IN_PROGRESS').textContent()).toContain('Prepare release 2.1');
    await page.getByTestId('column-IN_PROGRESS').getByRole('button', { name: 'Prepare release 2.1' }).click();
    await dialog.getByLabel('Hours to log').fill('1.5');
    await dialog.getByRole('button', { name: 'Log time' }).click();
    await expect.poll(() => dialog.textContent()).toContain('Logged 1.5 h');
    await screenshot(page, 'tasks-board');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await syncedUp(page);
    const rows = await waitFor(async () => {
      const { rows: found } = await t.admin.query<{ title: string; status: string; logged_hours: string; parent: string | null; assignee_id: string | null }>(
        `SELECT t.title, t.status, t.logged_hours::text, p.title AS parent, t.assignee_id FROM app.tasks t LEFT JOIN app.tasks p ON p.id = t.parent_id
         WHERE t.created_by = $1 ORDER BY t.created_at`, [manager.id]);
      return found.length === 2 && found[0]!.logged_hours === '1.50' ? found : undefined;
    }, 'the tasks on central');
    expect(rows).toMatchObject([
      { title: 'Prepare release 2.1', status: 'IN_PROGRESS', parent: null, assignee_id: manager.id },
      { title: 'Write release notes', parent: 'Prepare release 2.1' },
    ]);
  });
});
