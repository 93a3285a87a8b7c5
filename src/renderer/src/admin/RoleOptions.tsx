// <option>s for the roles, built-in first, each with what it is for (unless brief).
import type { AdminRole } from '../../../shared/ipc/domains/admin';

export function RoleOptions({ roles, brief }: { roles: AdminRole[]; brief?: boolean }) {
  return (
    <>
      {roles.map((r) => (
        <option key={r.id} value={r.id}>{r.name}{r.isSystem ? '' : ' (custom)'}{r.description && !brief ? ` — ${r.description}` : ''}</option>
      ))}
    </>
  );
}
