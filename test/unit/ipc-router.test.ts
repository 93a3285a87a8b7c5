import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DesktopSession } from '../../src/main/desktop/session';
import { SettingsFile } from '../../src/main/desktop/settings';
import { createHandlers as createAllHandlers } from '../../src/main/ipc/handlers';
import { AppError, createRouter } from '../../src/main/ipc/router';

const identity = { name: 'ProManage', version: '1.2.3', platform: 'linux' };
const dataDir = mkdtempSync(join(tmpdir(), 'ipc-router-'));
let secret: string | undefined;
const session = new DesktopSession(dataDir, new SettingsFile(dataDir), {
  read: () => secret, write: (s) => { secret = s; }, clear: () => { secret = undefined; },
}, { url: 'unused.js' }, { session: () => undefined, status: () => undefined, changed: () => undefined });
const createHandlers = (id: typeof identity) => createAllHandlers(id, session);

describe('IPC router', () => {
  const dispatch = createRouter(createHandlers(identity));

  it('dispatches a valid call', async () => {
    expect(await dispatch('app:info', undefined)).toEqual({ ok: true, value: identity });
    expect(await dispatch('app:echo', { text: 'hi' })).toEqual({ ok: true, value: { text: 'hi' } });
  });

  it('refuses an unknown channel, including inherited object keys', async () => {
    for (const channel of ['app:nope', 'constructor', '__proto__', 42]) {
      expect(await dispatch(channel, undefined)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
  });

  it('refuses bad arguments with a message naming the field, without calling the handler', async () => {
    let called = false;
    const guarded = createRouter({ ...createHandlers(identity), 'app:echo': () => { called = true; return { text: '' }; } });
    const result = await guarded('app:echo', { text: 5 });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('text') } });
    expect(await guarded('app:echo', { text: 'x', extra: true })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await guarded('app:echo', { text: 'x'.repeat(10_001) })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(called).toBe(false);
  });

  it('passes AppErrors through and hides unexpected errors behind INTERNAL', async () => {
    const failing = createRouter({
      ...createHandlers(identity),
      'app:info': () => { throw new AppError({ code: 'NOT_SIGNED_IN', message: 'Sign in first.' }); },
      'app:echo': () => { throw new Error('secret stack detail'); },
    });
    expect(await failing('app:info', undefined)).toEqual({ ok: false, error: { code: 'NOT_SIGNED_IN', message: 'Sign in first.' } });
    const internal = await failing('app:echo', { text: 'x' });
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(internal)).not.toContain('secret stack detail');
  });
});
