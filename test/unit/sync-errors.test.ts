import { describe, expect, it } from 'vitest';
import { isTransient } from '../../src/main/sync/sync-errors';

describe('which failures the sync retries', () => {
  it.each([
    ['57014', 'a cancelled statement (statement_timeout, the runaway watchdog)'],
    ['25P03', 'a session ended idle in a transaction'],
    ['55P03', 'lock_timeout'],
    ['57P01', 'a terminated backend'],
    ['40001', 'a serialization failure'],
    ['08006', 'a lost connection'],
  ])('%s (%s) is transient', (code) => {
    expect(isTransient(Object.assign(new Error('x'), { code }))).toBe(true);
  });

  it.each(['PM414', 'PM422', '23505', '42501'])('%s is not: it is a rejection, not retried', (code) => {
    expect(isTransient(Object.assign(new Error('refused'), { code }))).toBe(false);
  });
});
