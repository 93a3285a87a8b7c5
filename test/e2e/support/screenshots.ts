// Screenshots of screens, for people to look at: test-results/screenshots/<screen>.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { RESULTS_DIR } from './paths';

export async function screenshot(page: Page, screen: string): Promise<string> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(screen)) throw new Error(`Screen names are lower-case words with dashes, not "${screen}".`);
  const dir = join(RESULTS_DIR, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${screen}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
