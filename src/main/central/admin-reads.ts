// What the Administration screen reads from central as the signed-in user, beside admin.list_accounts:
// their administration permissions, the organization's people, roles with their permissions, the
// permission catalogue, and the projects they can see with their active members. Plain reads under RLS
// (the replica holds only the user's own projects, and not the catalogue), in one read-only transaction.
import type { AdminCapabilities, AdminMember, AdminPermission, AdminPerson, AdminProject, AdminRole } from '../../shared/ipc/domains/admin';
import { AdminError } from './admin';
import { inSession } from './auth';
import type { CentralConnection } from './connection';

export type CentralCapabilities = Omit<AdminCapabilities, 'source'>;

export interface AdminDirectory {
  people: AdminPerson[];
  roles: AdminRole[];
  permissions: AdminPermission[];
  projects: AdminProject[];
}

const NOT_SIGNED_IN = () => new AdminError('PM401', 'You are not signed in, or your session has ended.', 'Sign in again.');

async function read<T>(conn: CentralConnection, token: string, work: () => Promise<T>): Promise<T> {
  try {
    return await inSession(conn, token, work, { readOnly: true });
  } catch (error) {
    throw AdminError.from(error) ?? error;
  }
}

/** Which administration areas the session's user may use, as the database's permission functions say. */
export function adminCapabilities(conn: CentralConnection, token: string): Promise<CentralCapabilities> {
  return read(conn, token, async () => {
    const { rows } = await conn.query<{ user_id: string | null; people: boolean; create_projects: boolean; members: boolean; roles: boolean }>(`
      SELECT (SELECT user_id FROM app.current_session()) AS user_id,
             app.has_org_permission('USER', 'MANAGE') AS people,
             app.has_org_permission('PROJECT', 'CREATE') AS create_projects,
             cardinality(app.permitted_projects('PROJECT_MEMBER', 'MANAGE')) > 0 AS members,
             app.has_org_permission('ROLE', 'MANAGE') AS roles`);
    const row = rows[0];
    if (!row?.user_id) throw NOT_SIGNED_IN();
    return { people: row.people, createProjects: row.create_projects, members: row.members, roles: row.roles };
  });
}

function iso(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : new Date(value).toISOString();
}

interface RoleRow { id: string; name: string; description: string | null; is_system: boolean; permissions: string[]; users: number; memberships: number }
interface ProjectRow { id: string; key: string; name: string; description: string | null; status: string; manager_id: string | null; can_manage: boolean }
interface MemberRow { project_id: string; user_id: string; role_id: string; joined_at: Date | string | null }

/** The organization's people, roles, permission catalogue and visible projects with their active members. */
export function adminDirectory(conn: CentralConnection, token: string): Promise<AdminDirectory> {
  return read(conn, token, async () => {
    const me = await conn.query<{ user_id: string | null }>('SELECT user_id FROM app.current_session()');
    if (!me.rows[0]?.user_id) throw NOT_SIGNED_IN();
    const people = (await conn.query<{ id: string; email: string; full_name: string | null; status: AdminPerson['status']; org_role_id: string | null }>(
      `SELECT id, email, full_name, status, org_role_id FROM app.users WHERE deleted_at IS NULL ORDER BY lower(coalesce(full_name, email)), id`)).rows
      .map((r) => ({ id: r.id, email: r.email, fullName: r.full_name ?? r.email, status: r.status, orgRoleId: r.org_role_id }));
    const roles = (await conn.query<RoleRow>(`
      SELECT r.id, r.name, r.description, r.is_system,
             coalesce((SELECT jsonb_agg(rp.permission_id) FROM app.role_permissions rp WHERE rp.role_id = r.id AND rp.deleted_at IS NULL), '[]'::jsonb) AS permissions,
             (SELECT count(*)::int FROM app.users u WHERE u.org_role_id = r.id AND u.deleted_at IS NULL) AS users,
             (SELECT count(*)::int FROM app.project_members m WHERE m.role_id = r.id AND m.is_active AND m.deleted_at IS NULL) AS memberships
      FROM app.roles r WHERE r.deleted_at IS NULL ORDER BY r.is_system DESC, r.name`)).rows
      .map((r) => ({ id: r.id, name: r.name, description: r.description ?? '', isSystem: r.is_system, permissions: r.permissions, users: r.users, memberships: r.memberships }));
    const permissions = (await conn.query<Omit<AdminPermission, 'ref'>>(
      `SELECT id, resource, action, scope, coalesce(description, '') AS description FROM app.permissions ORDER BY resource, action, scope`)).rows
      .map((p) => ({ ...p, ref: `${p.resource}/${p.action}/${p.scope}` }));
    const projects = (await conn.query<ProjectRow>(`
      WITH managed AS (SELECT app.permitted_projects('PROJECT_MEMBER', 'MANAGE') AS ids)
      SELECT p.id, p.key, p.name, p.description, p.status, p.manager_id, p.id = ANY (managed.ids) AS can_manage
      FROM app.projects p CROSS JOIN managed WHERE p.deleted_at IS NULL ORDER BY p.key`)).rows;
    const members = (await conn.query<MemberRow>(
      `SELECT project_id, user_id, role_id, joined_at FROM app.project_members WHERE is_active AND deleted_at IS NULL`)).rows;

    const person = new Map(people.map((p) => [p.id, p]));
    const role = new Map(roles.map((r) => [r.id, r]));
    const byProject = new Map<string, AdminMember[]>();
    for (const m of members) {
      const who = person.get(m.user_id);
      const list = byProject.get(m.project_id) ?? [];
      list.push({
        userId: m.user_id, fullName: who?.fullName ?? 'Unknown person', email: who?.email ?? '', roleId: m.role_id,
        roleName: role.get(m.role_id)?.name ?? 'Unknown role', joinedAt: iso(m.joined_at),
      });
      byProject.set(m.project_id, list);
    }
    return {
      people, roles, permissions,
      projects: projects.map((p) => ({
        id: p.id, key: p.key, name: p.name, description: p.description ?? '', status: p.status, managerId: p.manager_id, canManageMembers: p.can_manage,
        members: (byProject.get(p.id) ?? []).sort((a, b) => a.fullName.localeCompare(b.fullName)),
      })),
    };
  });
}
