// <option>s for the roles, built-in first, each with what it is for.
import type { AdminRole } from '../../../shared/ipc/domains/admin';

export function RoleOptions({ roles }: { roles: AdminRole[] }) {
  return (
    <>
      {roles.map((r) => (
        <option key={r.id} value={r.id}>{r.name}{r.isSystem ? '' : ' (custom)'}{r.description ? ` — ${r.description}` : ''}</option>
      ))}
    </>
  );
}
