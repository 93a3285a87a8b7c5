// The app's sync status, read through the bridge as the status bar does.
import type { Page } from 'playwright';
import { expect } from 'vitest';
import type { SyncStatusView } from '../../../src/shared/ipc/domains/sync';
import { invoke } from './bridge';

export async function syncStatus(page: Page): Promise<SyncStatusView> {
  const envelope = await invoke(page, 'sync:status', undefined);
  if (!envelope.ok) throw new Error(`sync:status failed: ${envelope.error.message}`);
  return envelope.value;
}

/** Asks the app to sync now (the status bar's "Retry now") until nothing is left to push. */
export async function syncedUp(page: Page): Promise<void> {
  await expect.poll(async () => {
    await page.getByTestId('sync-now').click();
    return (await syncStatus(page)).pending;
  }, { timeout: 30_000, interval: 500 }).toBe(0);
}
