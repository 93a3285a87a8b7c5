// Administration: the database's refusals as AppErrors (code, its message and hint, the PM code as
// reason), a lost connection as SERVER_UNREACHABLE, anything else untouched; an account's state in words.
import { describe, expect, it } from 'vitest';
import { AdminError } from '../../src/main/central/admin';
import { adminAppError } from '../../src/main/ipc/domains/admin';
import { AppError } from '../../src/main/ipc/router';
import type { AdminAccount } from '../../src/shared/ipc/domains/admin';
import { accountState, stateLabel } from '../../src/renderer/src/admin/account-status';

const info = (error: unknown) => (error as AppError).info;

describe('administration errors', () => {
  it('maps each database refusal to its stable code, keeping message, hint and PM code', () => {
    const cases = { PM401: 'NOT_SIGNED_IN', PM403: 'PERMISSION_DENIED', PM404: 'NOT_FOUND', PM409: 'CONFLICT', PM422: 'INVALID_ARGUMENT' } as const;
    for (const [pm, code] of Object.entries(cases)) {
      const mapped = adminAppError(new AdminError(pm as keyof typeof cases, `Refused ${pm}.`, 'Do this instead.'));
      expect(mapped).toBeInstanceOf(AppError);
      expect(info(mapped)).toEqual({ code, message: `Refused ${pm}.`, hint: 'Do this instead.', reason: pm });
    }
    // A raw driver error with the SQLSTATE works too; no hint leaves none.
    expect(info(adminAppError(Object.assign(new Error('There is no such user in your organization.'), { code: 'PM404' }))))
      .toEqual({ code: 'NOT_FOUND', message: 'There is no such user in your organization.', reason: 'PM404' });
  });

  it('calls a connection lost mid-call SERVER_UNREACHABLE, and leaves AppErrors and other errors alone', () => {
    for (const error of [new Error('Connection terminated unexpectedly'), Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      Object.assign(new Error('terminating connection'), { code: '08006' })]) {
      expect(info(adminAppError(error))).toMatchObject({ code: 'SERVER_UNREACHABLE', message: expect.stringContaining('may or may not') });
    }
    const app = new AppError({ code: 'NOT_SIGNED_IN', message: 'Sign in first.' });
    expect(adminAppError(app)).toBe(app);
    const bug = new TypeError('x is undefined');
    expect(adminAppError(bug)).toBe(bug);
    const sqlBug = Object.assign(new Error('syntax error'), { code: '42601' });
    expect(adminAppError(sqlBug)).toBe(sqlBug);
  });
});

describe('account state', () => {
  const account = (changes: Partial<AdminAccount>): AdminAccount => ({
    userId: 'u', email: 'pat@example.com', fullName: 'Pat', status: 'ACTIVE', orgRoleId: null, isOrgAdmin: false, lastLoginAt: null,
    passwordChangedAt: null, failedAttempts: 0, lockedUntil: null, openSessions: 0, ...changes,
  });
  const now = Date.parse('2026-05-01T12:00:00Z');

  it('tells locked, locked out until a time, disabled, pending and active apart', () => {
    expect(accountState(account({}), now)).toBe('active');
    expect(accountState(account({ status: 'SUSPENDED' }), now)).toBe('locked');
    expect(accountState(account({ status: 'DEACTIVATED', lockedUntil: '2026-05-01T13:00:00Z' }), now)).toBe('disabled');
    expect(accountState(account({ status: 'PENDING' }), now)).toBe('pending');
    expect(accountState(account({ failedAttempts: 5, lockedUntil: '2026-05-01T12:15:00Z' }), now)).toBe('locked-out');
    expect(accountState(account({ failedAttempts: 5, lockedUntil: '2026-05-01T11:45:00Z' }), now)).toBe('active');
    expect(stateLabel(account({ lockedUntil: '2026-05-01T12:15:00Z' }), now)).toMatch(/^Locked out until /);
    expect(stateLabel(account({ status: 'SUSPENDED' }), now)).toBe('Locked');
  });
});
