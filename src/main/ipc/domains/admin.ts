// admin:* — organization administration, online only: each call runs on a fresh connection to central as
// the signed-in user (DesktopSession.withCentral), where the database's admin.* functions decide. Their
// refusals (PM401…PM422) become AppErrors with the database's message and hint; after a change to
// replicated data (users, projects, members, roles) the replica syncs at once so the app shows it.
import type { AdminCapabilities, AdminChannel, AdminOverview } from '../../../shared/ipc/domains/admin';
import type { ErrorCode } from '../../../shared/errors';
import * as admin from '../../central/admin';
import { AdminError } from '../../central/admin';
import type { AdminErrorCode } from '../../central/admin';
import { adminCapabilities, adminDirectory } from '../../central/admin-reads';
import type { CentralCapabilities } from '../../central/admin-reads';
import type { CentralConnection } from '../../central/connection';
import type { DesktopSession } from '../../desktop/session';
import type { ReplicaCall } from '../replica-call';
import { AppError } from '../router';
import type { Handlers } from '../router';

const CODES: Record<AdminErrorCode, ErrorCode> = {
  PM401: 'NOT_SIGNED_IN',
  PM403: 'PERMISSION_DENIED',
  PM404: 'NOT_FOUND',
  PM409: 'CONFLICT',
  PM422: 'INVALID_ARGUMENT',
};

/** The AppError for a refusal by the database (keeping its message, hint and PM code), or a lost connection. */
export function adminAppError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const refusal = error instanceof AdminError ? error : AdminError.from(error);
  if (refusal) {
    return new AppError({ code: CODES[refusal.code], message: refusal.message, reason: refusal.code, ...(refusal.hint ? { hint: refusal.hint } : {}) });
  }
  if (connectionLost(error)) {
    return new AppError({
      code: 'SERVER_UNREACHABLE', message: 'The connection to the server was lost, so this may or may not have been done.',
      hint: 'Try again when you are online; the list shows what the server holds.',
    });
  }
  return error;
}

const NO_ADMINISTRATION = new AppError({
  code: 'PERMISSION_DENIED', message: 'You do not have permission to administer this organization or any of its projects.',
  hint: 'Ask an organization administrator (role ORG_ADMIN) if you need to.',
});

export function adminHandlers(session: DesktopSession, replica: ReplicaCall): Pick<Handlers, AdminChannel> {
  /** The last capabilities central gave each user on this run: the answer while offline. */
  const known = new Map<string, CentralCapabilities>();

  async function central<T>(work: (conn: CentralConnection, token: string) => Promise<T>): Promise<T> {
    try {
      return await session.withCentral(work);
    } catch (error) {
      throw adminAppError(error);
    }
  }

  /** A change to replicated data: pull it now rather than at the next poke or poll. */
  async function change<T>(work: (conn: CentralConnection, token: string) => Promise<T>): Promise<T> {
    const result = await central(work);
    void replica('syncNow').catch(() => undefined);
    return result;
  }

  function signedInUser(): string | undefined {
    const state = session.state();
    return state.status === 'signed-in' ? state.user.id : undefined;
  }

  /** Offline and nothing known from central: an organization administrator or project manager by the replica's roles. */
  async function fromReplica(): Promise<CentralCapabilities> {
    const none = { people: false, createProjects: false, members: false, roles: false };
    const me = await replica('me');
    if (!me) return none;
    const roleName = async (roleId: unknown) => {
      const role = typeof roleId === 'string' ? await replica('row', 'roles', roleId) : undefined;
      return role && role.is_system && !role.deleted_at ? String(role.name) : undefined;
    };
    const user = await replica('row', 'users', me.userId);
    if ((await roleName(user?.org_role_id)) === 'ORG_ADMIN') return { people: true, createProjects: true, members: true, roles: true };
    for (const projectId of await replica('projects')) {
      const mine = (await replica('rows', 'project_members', projectId))
        .filter((m) => m.user_id === me.userId && m.is_active && !m.deleted_at);
      for (const m of mine) if ((await roleName(m.role_id)) === 'PROJECT_MANAGER') return { ...none, members: true };
    }
    return none;
  }

  async function capabilities(): Promise<AdminCapabilities> {
    const userId = signedInUser();
    try {
      const caps = await central((conn, token) => adminCapabilities(conn, token));
      if (userId) known.set(userId, caps);
      return { ...caps, source: 'server' };
    } catch (error) {
      if (!(error instanceof AppError) || error.info.code !== 'SERVER_UNREACHABLE') throw error;
      const caps = (userId && known.get(userId)) || await fromReplica();
      return { ...caps, source: 'device' };
    }
  }

  return {
    'admin:capabilities': capabilities,
    'admin:overview': () => central(async (conn, token): Promise<AdminOverview> => {
      const caps = await adminCapabilities(conn, token);
      const userId = signedInUser();
      if (userId) known.set(userId, caps);
      if (!caps.people && !caps.createProjects && !caps.members && !caps.roles) throw NO_ADMINISTRATION;
      const directory = await adminDirectory(conn, token);
      const accounts = caps.people
        ? (await admin.listAccounts(conn, token)).map((a) => ({
          ...a, lastLoginAt: iso(a.lastLoginAt), passwordChangedAt: iso(a.passwordChangedAt), lockedUntil: iso(a.lockedUntil),
        }))
        : null;
      return { capabilities: { ...caps, source: 'server' }, accounts, ...directory };
    }),
    'admin:checkPassword': ({ password, email }) =>
      central(async (conn) => ({ problem: await admin.passwordProblem(conn, password, email) })),

    'admin:createUser': async ({ email, fullName, password, orgRoleId }) =>
      ({ id: await change((conn, token) => admin.createUser(conn, token, { email, fullName, password, orgRoleId: orgRoleId ?? null })) }),
    'admin:resetPassword': async ({ userId, password }) =>
      ({ sessionsEnded: await central((conn, token) => admin.resetPassword(conn, token, userId, password)) }),
    'admin:lockUser': async ({ userId }) => {
      await change((conn, token) => admin.lockUser(conn, token, userId));
      return { userId };
    },
    'admin:unlockUser': async ({ userId }) => {
      await change((conn, token) => admin.unlockUser(conn, token, userId));
      return { userId };
    },
    'admin:disableUser': async ({ userId }) => {
      await change((conn, token) => admin.disableUser(conn, token, userId));
      return { userId };
    },
    'admin:enableUser': async ({ userId }) => {
      await change((conn, token) => admin.enableUser(conn, token, userId));
      return { userId };
    },
    'admin:setUserRole': async ({ userId, orgRoleId }) => {
      await change((conn, token) => admin.setUserRole(conn, token, userId, orgRoleId));
      return { userId };
    },
    'admin:revokeSessions': async ({ userId }) =>
      ({ sessionsEnded: await central((conn, token) => admin.revokeSessions(conn, token, userId)) }),

    'admin:createProject': async ({ key, name, description, managerId }) =>
      ({ id: await change((conn, token) => admin.createProject(conn, token, { key, name, description: description ?? '', managerId: managerId ?? null })) }),
    'admin:addMember': async ({ projectId, userId, roleId }) =>
      ({ id: await change((conn, token) => admin.addProjectMember(conn, token, projectId, userId, roleId)) }),
    'admin:setMemberRole': async ({ projectId, userId, roleId }) => {
      await change((conn, token) => admin.setProjectMemberRole(conn, token, projectId, userId, roleId));
      return { projectId, userId };
    },
    'admin:removeMember': async ({ projectId, userId }) => {
      await change((conn, token) => admin.removeProjectMember(conn, token, projectId, userId));
      return { projectId, userId };
    },

    'admin:createRole': async ({ name, description, permissions }) =>
      ({ id: await change((conn, token) => admin.createRole(conn, token, { name, description: description ?? '', permissions })) }),
    'admin:updateRole': async ({ roleId, name, description, permissions }) => {
      await change((conn, token) => admin.updateRole(conn, token, roleId, {
        ...(name !== undefined ? { name } : {}), ...(description !== undefined ? { description } : {}), ...(permissions ? { permissions } : {}),
      }));
      return { id: roleId };
    },
    'admin:deleteRole': async ({ roleId }) => {
      await change((conn, token) => admin.deleteRole(conn, token, roleId));
      return { id: roleId };
    },
  };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND']);

/** The connection to central broke during the call (not a refusal: the database may have acted). */
function connectionLost(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (code.startsWith('08') || NETWORK_CODES.has(code))) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /Connection terminated|connection closed|Client has encountered a connection error|not queryable/i.test(message);
}

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
