// Page object: the traceability screen (coverage matrix, suspect links, baselines).
import type { Page } from 'playwright';

export class TraceabilityPage {
  constructor(private readonly page: Page) {}

  async open(tab: 'matrix' | 'suspect' | 'baselines' = 'matrix'): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Traceability/ }).click();
    await this.page.getByTestId('traceability-screen').waitFor();
    await this.page.getByTestId(`trace-tab-${tab}`).click();
  }

  /** The suspect-link count in the navigation (0 when none is shown). */
  async suspectCount(): Promise<number> {
    const badge = this.page.getByTestId('suspect-count');
    return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
  }

  row(title: string) {
    return this.page.getByTestId('matrix-row').filter({ has: this.page.getByRole('button', { name: title, exact: true }) });
  }

  async review(note: string): Promise<void> {
    await this.page.getByTestId('suspect-link').first().getByTestId('review-link').click();
    await this.page.getByTestId('review-note').fill(note);
    await this.page.getByTestId('confirm-review').click();
    await this.page.getByTestId('review-dialog').waitFor({ state: 'detached' });
  }

  async takeBaseline(name: string): Promise<void> {
    await this.page.getByTestId('new-baseline').click();
    await this.page.getByTestId('baseline-name').fill(name);
    await this.page.getByTestId('create-baseline').click();
    await this.page.getByTestId('new-baseline-dialog').waitFor({ state: 'detached' });
  }

  baselineRow(name: string) {
    return this.page.getByTestId('baseline-row').filter({ hasText: name });
  }
}
