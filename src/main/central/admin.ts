// Organization administration through the database's admin.* functions (migration 0009), for the
// Administration screen. Each call runs in its own transaction as the session's user; the database checks
// the permission, and a refusal changes nothing and arrives as an AdminError (its SQLSTATE, a message for
// people and a hint).
import { inSession } from './auth';
import type { CentralConnection } from './connection';

export type AdminErrorCode = 'PM401' | 'PM403' | 'PM404' | 'PM409' | 'PM422';

const REASONS: Record<AdminErrorCode, string> = {
  PM401: 'not signed in',
  PM403: 'permission denied',
  PM404: 'not found',
  PM409: 'conflict',
  PM422: 'invalid',
};

export class AdminError extends Error {
  override readonly name = 'AdminError';
  constructor(
    readonly code: AdminErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }

  get reason(): string {
    return REASONS[this.code];
  }

  /** The AdminError for a database refusal (SQLSTATE PM401…PM422), or undefined for any other error. */
  static from(error: unknown): AdminError | undefined {
    const { code, message, hint } = (error ?? {}) as { code?: unknown; message?: unknown; hint?: unknown };
    if (typeof code !== 'string' || !(code in REASONS)) return undefined;
    return new AdminError(code as AdminErrorCode, String(message), typeof hint === 'string' && hint !== '' ? hint : undefined);
  }
}

/** A permission of the catalogue: its id, or resource × action × scope. */
export type PermissionRef = string | { resource: string; action: string; scope: 'GLOBAL' | 'PROJECT' | 'SELF' };

export interface NewUser {
  email: string;
  fullName: string;
  password: string;
  orgRoleId?: string | null;
}

export interface NewProject {
  key: string;
  name: string;
  description?: string;
  managerId?: string | null;
}

export interface NewRole {
  name: string;
  description?: string;
  permissions: PermissionRef[];
}

export interface RoleChanges {
  name?: string;
  description?: string;
  /** The role's whole new permission list. */
  permissions?: PermissionRef[];
}

export interface Account {
  userId: string;
  email: string;
  fullName: string;
  status: 'PENDING' | 'ACTIVE' | 'SUSPENDED' | 'DEACTIVATED';
  orgRoleId: string | null;
  isOrgAdmin: boolean;
  lastLoginAt: Date | null;
  passwordChangedAt: Date | null;
  failedAttempts: number;
  lockedUntil: Date | null;
  openSessions: number;
}

interface AccountRow {
  user_id: string;
  email: string;
  full_name: string;
  status: Account['status'];
  org_role_id: string | null;
  is_org_admin: boolean;
  last_login_at: Date | null;
  password_changed_at: Date | null;
  failed_attempts: number;
  locked_until: Date | null;
  open_sessions: number;
}

/** One admin.* call as the session's user; its single value (the first column of the first row). */
async function call<T>(conn: CentralConnection, token: string, sql: string, params: unknown[]): Promise<T> {
  try {
    return await inSession(conn, token, async () => {
      const { rows } = await conn.query<{ result: T }>(sql, params);
      return rows[0]!.result;
    });
  } catch (error) {
    throw AdminError.from(error) ?? error;
  }
}

function permissionRefs(refs: PermissionRef[]): string[] {
  return refs.map((ref) => (typeof ref === 'string' ? ref : `${ref.resource}/${ref.action}/${ref.scope}`));
}

/** What is wrong with a password for the account `email` (the database's rule), or null when it is fine. */
export function passwordProblem(conn: CentralConnection, password: string, email: string): Promise<string | null> {
  return conn.query<{ problem: string | null }>('SELECT auth.password_problem($1, $2) AS problem', [password, email])
    .then(({ rows }) => rows[0]?.problem ?? null);
}

// Users (USER/MANAGE)

/** Creates an active user with an initial password; returns the user id. */
export function createUser(conn: CentralConnection, token: string, user: NewUser): Promise<string> {
  return call(conn, token, 'SELECT admin.create_user($1, $2, $3, $4) AS result',
    [user.email, user.fullName, user.password, user.orgRoleId ?? null]);
}

/** Sets a new password and ends the user's sessions; returns how many sessions ended. */
export function resetPassword(conn: CentralConnection, token: string, userId: string, password: string): Promise<number> {
  return call(conn, token, 'SELECT admin.reset_password($1, $2) AS result', [userId, password]);
}

export function lockUser(conn: CentralConnection, token: string, userId: string): Promise<void> {
  return call(conn, token, 'SELECT admin.lock_user($1) AS result', [userId]);
}

/** Lifts a lock by an administrator and the lock after failed sign-ins. */
export function unlockUser(conn: CentralConnection, token: string, userId: string): Promise<void> {
  return call(conn, token, 'SELECT admin.unlock_user($1) AS result', [userId]);
}

export function disableUser(conn: CentralConnection, token: string, userId: string): Promise<void> {
  return call(conn, token, 'SELECT admin.disable_user($1) AS result', [userId]);
}

export function enableUser(conn: CentralConnection, token: string, userId: string): Promise<void> {
  return call(conn, token, 'SELECT admin.enable_user($1) AS result', [userId]);
}

/** Gives a user another organization role (null: none). */
export function setUserRole(conn: CentralConnection, token: string, userId: string, orgRoleId: string | null): Promise<void> {
  return call(conn, token, 'SELECT admin.set_user_role($1, $2) AS result', [userId, orgRoleId]);
}

/** Ends every session of a user; returns how many ended. */
export function revokeSessions(conn: CentralConnection, token: string, userId: string): Promise<number> {
  return call(conn, token, 'SELECT admin.revoke_sessions($1) AS result', [userId]);
}

export async function listAccounts(conn: CentralConnection, token: string): Promise<Account[]> {
  try {
    const rows = await inSession(conn, token, async () => (await conn.query<AccountRow>('SELECT * FROM admin.list_accounts()')).rows,
      { readOnly: true });
    return rows.map((r) => ({
      userId: r.user_id, email: r.email, fullName: r.full_name, status: r.status, orgRoleId: r.org_role_id,
      isOrgAdmin: r.is_org_admin, lastLoginAt: r.last_login_at, passwordChangedAt: r.password_changed_at,
      failedAttempts: r.failed_attempts, lockedUntil: r.locked_until, openSessions: r.open_sessions,
    }));
  } catch (error) {
    throw AdminError.from(error) ?? error;
  }
}

// Projects (PROJECT/CREATE) and members (PROJECT_MEMBER/MANAGE on the project)

/** Creates a project (its manager, if any, becomes a PROJECT_MANAGER member); returns the project id. */
export function createProject(conn: CentralConnection, token: string, project: NewProject): Promise<string> {
  return call(conn, token, 'SELECT admin.create_project($1, $2, $3, $4) AS result',
    [project.key, project.name, project.description ?? '', project.managerId ?? null]);
}

/** Adds a member (or re-activates a removed one); returns the membership id. */
export function addProjectMember(conn: CentralConnection, token: string, projectId: string, userId: string, roleId: string): Promise<string> {
  return call(conn, token, 'SELECT admin.add_project_member($1, $2, $3) AS result', [projectId, userId, roleId]);
}

export function setProjectMemberRole(conn: CentralConnection, token: string, projectId: string, userId: string, roleId: string): Promise<void> {
  return call(conn, token, 'SELECT admin.set_project_member_role($1, $2, $3) AS result', [projectId, userId, roleId]);
}

/** Makes the membership inactive; the member's replica drops the project on its next pull. */
export function removeProjectMember(conn: CentralConnection, token: string, projectId: string, userId: string): Promise<void> {
  return call(conn, token, 'SELECT admin.remove_project_member($1, $2) AS result', [projectId, userId]);
}

// Custom roles (ROLE/MANAGE)

/** Defines a custom role; returns its id. */
export function createRole(conn: CentralConnection, token: string, role: NewRole): Promise<string> {
  return call(conn, token, 'SELECT admin.create_role($1, $2, $3) AS result',
    [role.name, role.description ?? '', permissionRefs(role.permissions)]);
}

/** Changes a custom role; what `changes` leaves out stays as it is. */
export function updateRole(conn: CentralConnection, token: string, roleId: string, changes: RoleChanges): Promise<void> {
  return call(conn, token, 'SELECT admin.update_role($1, $2, $3, $4) AS result', [
    roleId, changes.name ?? null, changes.description ?? null, changes.permissions ? permissionRefs(changes.permissions) : null,
  ]);
}

/** Deletes a custom role that nobody has. */
export function deleteRole(conn: CentralConnection, token: string, roleId: string): Promise<void> {
  return call(conn, token, 'SELECT admin.delete_role($1) AS result', [roleId]);
}
