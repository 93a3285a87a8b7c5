// Page object: the documents list and the new-document dialog.
import type { Page } from 'playwright';

export class DocumentsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Documents' }).click();
    await this.page.getByTestId('documents-screen').waitFor();
  }

  async create(title: string): Promise<void> {
    await this.page.getByTestId('new-document').click();
    const dialog = this.page.getByTestId('new-document-dialog');
    await dialog.getByLabel('Title').fill(title);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await this.page.getByTestId('editor-screen').waitFor();
  }

  row(title: string) {
    return this.page.locator(`[data-testid="document-row"][data-title="${title}"]`);
  }

  async openDocument(title: string): Promise<void> {
    await this.row(title).getByRole('button', { name: title }).click();
    await this.page.getByTestId('editor-screen').waitFor();
  }
}
