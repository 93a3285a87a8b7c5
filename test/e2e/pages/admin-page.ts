// Page object: the Administration screen (people, projects and members, roles).
import type { Locator, Page } from 'playwright';

export interface NewAccount {
  email: string;
  fullName: string;
  password: string;
}

export class AdminPage {
  constructor(private readonly page: Page) {}

  navEntry(): Locator {
    return this.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Administration' });
  }

  async open(): Promise<void> {
    await this.navEntry().click({ timeout: 30_000 });
    await this.page.getByTestId('admin-screen').waitFor();
  }

  async tab(name: 'People' | 'Projects' | 'Roles'): Promise<void> {
    await this.page.getByRole('tab', { name }).click({ timeout: 30_000 });
  }

  account(email: string): Locator {
    return this.page.locator(`[data-testid="account-row"][data-email="${email}"]`);
  }

  async state(email: string): Promise<string | null> {
    return this.account(email).getByTestId('account-state').textContent();
  }

  newUserDialog(): Locator {
    return this.page.getByTestId('new-user-dialog');
  }

  /** Fills and sends the new-user form; the dialog stays open when the server refuses. */
  async submitNewUser(account: NewAccount): Promise<void> {
    const dialog = this.newUserDialog();
    if (!(await dialog.isVisible())) await this.page.getByTestId('new-user').click();
    await dialog.getByLabel('Email').fill(account.email);
    await dialog.getByLabel('Full name').fill(account.fullName);
    await dialog.getByLabel('Initial password').fill(account.password);
    await dialog.getByRole('button', { name: 'Create user' }).click();
  }

  refusal(within: Locator): Locator {
    return within.getByTestId('admin-refusal');
  }

  async project(key: string): Promise<void> {
    await this.page.locator(`[data-testid="admin-project"][data-key="${key}"]`).click();
    await this.page.getByRole('region', { name: `Members of ${key}` }).waitFor();
  }

  member(email: string): Locator {
    return this.page.locator(`[data-testid="member-row"][data-email="${email}"]`);
  }

  async addMember(personText: string, roleName: string): Promise<void> {
    const form = this.page.getByTestId('add-member');
    await choose(form.getByLabel('Person'), personText);
    await choose(form.getByLabel('Project role'), roleName);
    await form.getByRole('button', { name: 'Add member' }).click();
  }

  /** Clicks an action of an account's row, e.g. "Lock", and confirms it when asked. */
  async accountAction(email: string, action: 'Lock' | 'Unlock' | 'Disable' | 'Enable' | 'End sessions', confirm?: string): Promise<void> {
    await this.account(email).getByRole('button', { name: new RegExp(`^${action} `) }).click();
    if (confirm) await this.page.getByTestId('confirm-dialog').getByRole('button', { name: confirm }).click();
  }
}

/** Selects the option whose text contains `text`. */
async function choose(select: Locator, text: string): Promise<void> {
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  if (value === null) throw new Error(`No option "${text}"`);
  await select.selectOption(value);
}
