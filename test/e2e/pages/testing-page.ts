// Page object: the test case library, a case, and the execution player.
import type { Page } from 'playwright';

export class TestingPage {
  constructor(private readonly page: Page) {}

  async openLibrary(): Promise<void> {
    await this.openRuns();
    await this.page.getByTestId('tab-cases').click();
    await this.page.getByTestId('test-cases-screen').waitFor();
  }

  async openRuns(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Test execution' }).click();
    await this.page.getByTestId('test-execution-screen').waitFor();
    await this.page.getByTestId('tab-runs').click();
  }

  runCase(title: string) {
    return this.page.locator(`[data-testid="run-case"][data-title="${title}"]`);
  }

  async openCase(title: string): Promise<void> {
    await this.page.locator(`[data-testid="test-case-row"][data-title="${title}"]`).getByRole('button', { name: title }).click();
    await this.page.getByTestId('test-case-screen').waitFor();
  }

  async execute(): Promise<void> {
    await this.page.getByTestId('execute').click();
    await this.page.getByTestId('execution-player').waitFor();
  }

  step(index: number) {
    return this.page.getByTestId('player-step').nth(index);
  }

  async result(index: number, status: 'Passed' | 'Failed' | 'Blocked' | 'Skipped', actual?: string): Promise<void> {
    await this.step(index).getByRole('button', { name: status, exact: true }).click();
    if (actual) await this.step(index).getByRole('textbox').fill(actual);
  }

  async field(label: 'Environment' | 'Build', value: string): Promise<void> {
    await this.page.getByTestId('execution-player').getByLabel(label, { exact: true }).fill(value);
  }

  async save(backTo: 'test-case-screen' | 'run-screen' = 'test-case-screen'): Promise<void> {
    await this.page.getByTestId('save-execution').click();
    await this.page.getByTestId(backTo).waitFor();
  }

  history() {
    return this.page.getByTestId('execution-row');
  }
}
