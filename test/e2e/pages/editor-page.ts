// Page object: the document editor, its version history and links.
import type { Page } from 'playwright';

export class EditorPage {
  constructor(private readonly page: Page) {}

  get content() {
    return this.page.getByTestId('editor-content');
  }

  tool(name: string) {
    return this.page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name, exact: true });
  }

  /** Puts the caret at the end of the document. */
  async focusEnd(): Promise<void> {
    await this.content.click();
    await this.page.keyboard.press('Control+End');
  }

  /** Types at the end of the n-th paragraph (0-based). */
  async appendToParagraph(index: number, text: string): Promise<void> {
    await this.content.locator('p').nth(index).click();
    await this.page.keyboard.press('End');
    await this.page.keyboard.type(text);
  }

  async text(): Promise<string> {
    return (await this.content.textContent()) ?? '';
  }

  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
  }

  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  async saveVersion(summary: string): Promise<void> {
    await this.page.getByTestId('save-version').click();
    const dialog = this.page.getByTestId('save-version-dialog');
    await dialog.getByLabel('What changed?').fill(summary);
    await dialog.getByRole('button', { name: 'Save version' }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  async showHistory(): Promise<void> {
    await this.page.getByTestId('tab-history').click();
  }

  versions() {
    return this.page.getByTestId('version-item');
  }

  version(number: number) {
    return this.page.locator(`[data-testid="version-item"][data-number="${number}"]`);
  }

  /** Signs version `number` with a meaning and the password, in the History panel's dialog. */
  async signVersion(number: number, meaning: 'Authored' | 'Reviewed' | 'Approved', password: string) {
    await this.version(number).getByRole('button', { name: 'Sign…' }).click();
    const dialog = this.page.getByTestId('sign-version-dialog');
    await dialog.getByLabel('Meaning').selectOption({ label: meaning });
    await dialog.getByLabel('Your password (electronic signature)').fill(password);
    await dialog.getByTestId('submit-signature').click();
    return dialog;
  }

  async compare(first: number | 'current', second: number | 'current'): Promise<void> {
    for (const side of [first, second]) {
      const item = side === 'current' ? this.page.getByTestId('version-current') : this.version(side);
      await item.getByRole('checkbox').check();
    }
    await this.page.getByTestId('compare-selected').click();
    await this.page.getByTestId('compare-view').waitFor();
  }

  async closeDialog(): Promise<void> {
    await this.page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).first().click();
  }

  async restore(number: number): Promise<void> {
    await this.version(number).getByRole('button', { name: 'Open' }).click();
    await this.page.getByTestId('version-viewer').waitFor();
    await this.page.getByTestId('restore-version').click();
    await this.page.getByTestId('version-viewer').waitFor({ state: 'detached' });
  }

  async back(): Promise<void> {
    await this.page.getByRole('button', { name: '← Documents' }).click();
    await this.page.getByTestId('documents-screen').waitFor();
  }
}
