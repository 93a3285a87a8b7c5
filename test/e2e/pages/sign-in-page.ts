// Page object: the sign-in screen.
import type { Page } from 'playwright';
import type { ConnectionSettings } from '../../../src/shared/ipc/domains/session';

export interface Account {
  organization: string;
  email: string;
  password: string;
}

export class SignInPage {
  constructor(private readonly page: Page) {}

  get form() {
    return this.page.getByTestId('sign-in-form');
  }

  async fill(connection: ConnectionSettings, account: Account): Promise<void> {
    const form = this.form;
    await form.waitFor();
    await form.getByLabel('Host', { exact: true }).fill(connection.host);
    await form.getByLabel('Port', { exact: true }).fill(String(connection.port));
    await form.getByLabel('Database', { exact: true }).fill(connection.database);
    await form.getByLabel('Encryption').selectOption(connection.sslMode);
    const advanced = form.locator('details', { hasText: 'Connection account' });
    if (!(await advanced.evaluate((d) => (d as HTMLDetailsElement).open))) await form.getByText('Connection account').click();
    await form.getByLabel('Database user').fill(connection.user);
    await form.getByLabel('Connection password').fill(connection.password);
    await form.getByLabel('Organization').fill(account.organization);
    await form.getByLabel('Email').fill(account.email);
    await form.getByLabel('Password', { exact: true }).fill(account.password);
  }

  async submit(): Promise<void> {
    await this.form.getByRole('button', { name: 'Sign in' }).click();
  }

  async signIn(connection: ConnectionSettings, account: Account): Promise<void> {
    await this.fill(connection, account);
    await this.submit();
    await this.page.getByTestId('signed-in-user').waitFor();
  }

  error() {
    return this.page.getByTestId('sign-in-error');
  }
}
