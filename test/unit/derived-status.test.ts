import { describe, expect, it } from 'vitest';
import { derivedStatus } from '../../src/shared/ipc/domains/testing';
import type { StepStatus } from '../../src/shared/ipc/domains/testing';

const steps = (...statuses: StepStatus[]) => statuses.map((status) => ({ status }));

describe('the overall status of an execution, from its steps', () => {
  it('any failed step fails it, even with a blocked one', () => {
    expect(derivedStatus(steps('PASSED', 'BLOCKED', 'FAILED'))).toBe('FAILED');
  });
  it('any blocked step (and none failed) blocks it', () => {
    expect(derivedStatus(steps('PASSED', 'BLOCKED', 'UNTESTED'))).toBe('BLOCKED');
  });
  it('all passed (skipped steps aside) passes it', () => {
    expect(derivedStatus(steps('PASSED', 'SKIPPED', 'PASSED'))).toBe('PASSED');
    expect(derivedStatus(steps('SKIPPED', 'SKIPPED'))).toBe('SKIPPED');
  });
  it('leaves it open while a step has no result', () => {
    expect(derivedStatus(steps('PASSED', 'UNTESTED'))).toBeNull();
    expect(derivedStatus([])).toBeNull();
  });
});
