// The permission catalogue grouped by resource; read-only for built-in roles.
import type { AdminPermission } from '../../../shared/ipc/domains/admin';
import { titleCase } from '../lib/format';

const SCOPES: Record<string, string> = { GLOBAL: 'all projects', PROJECT: 'in the project', SELF: 'own items' };

interface Props {
  catalogue: AdminPermission[];
  chosen: Set<string>;
  readOnly?: boolean;
  onChange?(chosen: Set<string>): void;
}

export function PermissionPicker({ catalogue, chosen, readOnly, onChange }: Props) {
  const resources = [...new Set(catalogue.map((p) => p.resource))];
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    onChange?.(next);
  };
  return (
    <div className="permission-grid" data-testid="permission-picker">
      {resources.map((resource) => (
        <fieldset key={resource}>
          <legend>{titleCase(resource)}</legend>
          {catalogue.filter((p) => p.resource === resource).map((p) => (
            <label key={p.id} className="check" title={p.description}>
              <input type="checkbox" checked={chosen.has(p.id)} disabled={readOnly} data-ref={p.ref} onChange={(e) => toggle(p.id, e.target.checked)} />
              {titleCase(p.action)} <span className="muted">{SCOPES[p.scope] ?? p.scope.toLowerCase()}</span>
            </label>
          ))}
        </fieldset>
      ))}
    </div>
  );
}
