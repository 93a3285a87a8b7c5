// What an administrator can do to one account; destructive steps ask first.
import { useState } from 'react';
import type { AdminAccount, AdminRole } from '../../../shared/ipc/domains/admin';
import { describe } from '../ipc/client';
import { accountState } from './account-status';
import { useAdmin } from './admin-store';
import { ConfirmDialog } from './ConfirmDialog';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { UserRoleDialog } from './UserRoleDialog';

type Open = 'password' | 'role' | 'lock' | 'disable' | 'sessions' | null;

export function AccountActions({ account, roles, onRefused }: { account: AdminAccount; roles: AdminRole[]; onRefused(message: string | null): void }) {
  const act = useAdmin((s) => s.act);
  const [open, setOpen] = useState<Open>(null);
  const state = accountState(account);
  const name = account.fullName;
  const close = () => setOpen(null);
  const direct = (run: () => Promise<unknown>) => {
    onRefused(null);
    void run().catch((e: unknown) => onRefused(describe(e)));
  };

  return (
    <div className="row-actions">
      <button type="button" aria-label={`Reset password of ${name}`} onClick={() => setOpen('password')}>Reset password</button>
      {state === 'locked' || state === 'locked-out' ? (
        <button type="button" aria-label={`Unlock ${name}`}
          onClick={() => direct(() => act('admin:unlockUser', { userId: account.userId }, `Unlocked ${name}.`))}>Unlock</button>
      ) : state !== 'disabled' && (
        <button type="button" aria-label={`Lock ${name}`} onClick={() => setOpen('lock')}>Lock</button>
      )}
      {state === 'disabled' || state === 'pending' ? (
        <button type="button" aria-label={`Enable ${name}`}
          onClick={() => direct(() => act('admin:enableUser', { userId: account.userId }, `Enabled ${name}.`))}>Enable</button>
      ) : (
        <button type="button" aria-label={`Disable ${name}`} onClick={() => setOpen('disable')}>Disable</button>
      )}
      <button type="button" aria-label={`Change the organization role of ${name}`} onClick={() => setOpen('role')}>Role…</button>
      <button type="button" aria-label={`End the sessions of ${name}`} disabled={account.openSessions === 0} onClick={() => setOpen('sessions')}>End sessions</button>

      {open === 'password' && <ResetPasswordDialog account={account} onClose={close} />}
      {open === 'role' && <UserRoleDialog account={account} roles={roles} onClose={close} />}
      {open === 'lock' && (
        <ConfirmDialog title={`Lock ${name}?`} confirm="Lock account" onClose={close}
          onConfirm={() => act('admin:lockUser', { userId: account.userId }, `Locked ${name}.`)}>
          <p>{name} cannot sign in until the account is unlocked, and their open sessions end now. Their work on their devices is kept.</p>
        </ConfirmDialog>
      )}
      {open === 'disable' && (
        <ConfirmDialog title={`Disable ${name}?`} confirm="Disable account" onClose={close}
          onConfirm={() => act('admin:disableUser', { userId: account.userId }, `Disabled ${name}.`)}>
          <p>Disable an account when the person has left: they cannot sign in, and their open sessions end now. You can enable it again later.</p>
        </ConfirmDialog>
      )}
      {open === 'sessions' && (
        <ConfirmDialog title={`End the sessions of ${name}?`} confirm="End sessions" onClose={close}
          onConfirm={() => act('admin:revokeSessions', { userId: account.userId }, `Ended the sessions of ${name}.`)}>
          <p>Every device where {name} is signed in ({account.openSessions}) must sign in again — for a lost laptop or a suspected leak. Unsynced work stays on those devices.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
