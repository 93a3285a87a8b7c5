// An account's state in words, and which actions apply to it.
import type { AdminAccount } from '../../../shared/ipc/domains/admin';
import { formatDateTime } from '../lib/format';

export type AccountState = 'active' | 'locked' | 'locked-out' | 'disabled' | 'pending';

/** Locked by an administrator, locked out after failed sign-ins (until a time), disabled, pending or active. */
export function accountState(account: AdminAccount, now = Date.now()): AccountState {
  if (account.status === 'SUSPENDED') return 'locked';
  if (account.status === 'DEACTIVATED') return 'disabled';
  if (account.lockedUntil && new Date(account.lockedUntil).getTime() > now) return 'locked-out';
  return account.status === 'PENDING' ? 'pending' : 'active';
}

export function stateLabel(account: AdminAccount, now = Date.now()): string {
  switch (accountState(account, now)) {
    case 'locked': return 'Locked';
    case 'locked-out': return `Locked out until ${formatDateTime(account.lockedUntil)}`;
    case 'disabled': return 'Disabled';
    case 'pending': return 'Pending';
    default: return 'Active';
  }
}
