// A new password for someone (the organization's rule); their sessions end.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { AdminAccount } from '../../../shared/ipc/domains/admin';
import { Dialog } from '../common/Dialog';
import { describe } from '../ipc/client';
import { useAdmin } from './admin-store';
import { PasswordField } from './PasswordField';

export function ResetPasswordDialog({ account, onClose }: { account: AdminAccount; onClose(): void }) {
  const act = useAdmin((s) => s.act);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await act('admin:resetPassword', { userId: account.userId, password }, `Set a new password for ${account.fullName}; their sessions ended.`);
      onClose();
    } catch (e) {
      setError(describe(e));
    }
  }

  return (
    <Dialog title={`Reset the password of ${account.fullName}`} onClose={onClose} testId="reset-password-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <p>{account.fullName} is signed out everywhere ({account.openSessions} open session{account.openSessions === 1 ? '' : 's'}) and signs in with the new password.</p>
        <PasswordField label="New password" value={password} email={account.email} onChange={setPassword} />
        {error && <p role="alert" className="error" data-testid="admin-refusal">{error}</p>}
        <div className="actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary">Set password</button>
        </div>
      </form>
    </Dialog>
  );
}
