// The shell: the built renderer loads and talks to main through window.promanage.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchApp } from './support/app';
import type { App } from './support/app';
import { invoke, invokeUnchecked } from './support/bridge';
import { screenshot } from './support/screenshots';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('the app shell', () => {
  let app: App;

  beforeAll(async () => {
    app = await launchApp({ name: 'shell' });
  });

  it('loads the renderer, which reaches main through window.promanage', async () => {
    await app.page.locator('#root > *').first().waitFor();
    expect(await invoke(app.page, 'app:info', undefined)).toEqual({
      ok: true,
      value: { name: 'ProManage', version, platform: process.platform },
    });
    await screenshot(app.page, 'shell');
  });

  it('refuses a call whose arguments do not match the contract', async () => {
    expect(await invokeUnchecked(app.page, 'app:echo', { text: 5 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
  });

  it('refuses a channel the contract does not declare', async () => {
    expect(await invokeUnchecked(app.page, 'app:shell', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('answers again after a restart, and after a crash and a restart', async () => {
    await app.restart();
    expect(await invoke(app.page, 'app:echo', { text: 'restarted' })).toEqual({ ok: true, value: { text: 'restarted' } });
    await app.kill();
    await app.restart();
    expect(await invoke(app.page, 'app:echo', { text: 'recovered' })).toEqual({ ok: true, value: { text: 'recovered' } });
  });
});
