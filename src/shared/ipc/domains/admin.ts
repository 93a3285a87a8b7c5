// admin:* — organization administration (people, projects and their members, custom roles). Online only:
// every call runs the database's admin.* functions (or reads) on central as the signed-in user, and the
// database decides; its refusals arrive with their message and hint. Inputs are bounded here, while the
// rules (password, email, key and name formats, permissions) are the database's.
import { z } from 'zod';

const id = z.uuid({ error: 'must be an id (UUID)' });
const text = (max: number) => z.string().max(max);

/** What the signed-in user may administer (their organization role, or PROJECT_MEMBER/MANAGE in a project). */
export interface AdminCapabilities {
  /** USER/MANAGE: accounts (create, password, lock, disable, organization role, sessions). */
  people: boolean;
  /** PROJECT/CREATE. */
  createProjects: boolean;
  /** PROJECT_MEMBER/MANAGE in at least one project. */
  members: boolean;
  /** ROLE/MANAGE: custom roles. */
  roles: boolean;
  /** "server" when central answered now; "device" when offline (the last answer, or the replica's roles). */
  source: 'server' | 'device';
}

export type AccountStatus = 'PENDING' | 'ACTIVE' | 'SUSPENDED' | 'DEACTIVATED';

/** An account as admin.list_accounts shows it (never a secret). Times are ISO strings. */
export interface AdminAccount {
  userId: string;
  email: string;
  fullName: string;
  status: AccountStatus;
  orgRoleId: string | null;
  isOrgAdmin: boolean;
  lastLoginAt: string | null;
  passwordChangedAt: string | null;
  failedAttempts: number;
  /** Locked after failed sign-ins until then. */
  lockedUntil: string | null;
  openSessions: number;
}

/** A person of the organization (for choosing members and managers). */
export interface AdminPerson {
  id: string;
  email: string;
  fullName: string;
  status: AccountStatus;
  orgRoleId: string | null;
}

/** A permission of the catalogue; `ref` is RESOURCE/ACTION/SCOPE. */
export interface AdminPermission {
  id: string;
  resource: string;
  action: string;
  scope: 'GLOBAL' | 'PROJECT' | 'SELF';
  description: string;
  ref: string;
}

export interface AdminRole {
  id: string;
  name: string;
  description: string;
  /** Built-in: read-only. */
  isSystem: boolean;
  /** Permission ids. */
  permissions: string[];
  /** Users who have it as organization role. */
  users: number;
  /** Active project memberships (that you can see) with this role. */
  memberships: number;
}

export interface AdminMember {
  userId: string;
  fullName: string;
  email: string;
  roleId: string;
  roleName: string;
  joinedAt: string | null;
}

export interface AdminProject {
  id: string;
  key: string;
  name: string;
  description: string;
  status: string;
  managerId: string | null;
  /** PROJECT_MEMBER/MANAGE on this project. */
  canManageMembers: boolean;
  members: AdminMember[];
}

export interface AdminOverview {
  capabilities: AdminCapabilities;
  /** With USER/MANAGE only. */
  accounts: AdminAccount[] | null;
  people: AdminPerson[];
  roles: AdminRole[];
  permissions: AdminPermission[];
  /** The projects you can see. */
  projects: AdminProject[];
}

const user = z.object({ userId: id }).strict();
const membership = z.object({ projectId: id, userId: id }).strict();
/** Permission ids or RESOURCE/ACTION/SCOPE references. */
const permissionRefs = z.array(text(200)).max(500);

export const adminChannels = {
  'admin:capabilities': { input: z.undefined(), output: z.custom<AdminCapabilities>() },
  'admin:overview': { input: z.undefined(), output: z.custom<AdminOverview>() },
  /** The database's password rule (auth.password_problem): what is wrong, or null. */
  'admin:checkPassword': { input: z.object({ password: text(2000), email: text(320) }).strict(), output: z.custom<{ problem: string | null }>() },
  'admin:createUser': {
    input: z.object({ email: text(320), fullName: text(200), password: text(2000), orgRoleId: id.nullable().optional() }).strict(),
    output: z.custom<{ id: string }>(),
  },
  'admin:resetPassword': { input: user.extend({ password: text(2000) }).strict(), output: z.custom<{ sessionsEnded: number }>() },
  'admin:lockUser': { input: user, output: z.custom<{ userId: string }>() },
  'admin:unlockUser': { input: user, output: z.custom<{ userId: string }>() },
  'admin:disableUser': { input: user, output: z.custom<{ userId: string }>() },
  'admin:enableUser': { input: user, output: z.custom<{ userId: string }>() },
  /** orgRoleId null: no organization role. */
  'admin:setUserRole': { input: user.extend({ orgRoleId: id.nullable() }).strict(), output: z.custom<{ userId: string }>() },
  'admin:revokeSessions': { input: user, output: z.custom<{ sessionsEnded: number }>() },
  'admin:createProject': {
    input: z.object({ key: text(100), name: text(500), description: text(20_001).optional(), managerId: id.nullable().optional() }).strict(),
    output: z.custom<{ id: string }>(),
  },
  'admin:addMember': { input: membership.extend({ roleId: id }).strict(), output: z.custom<{ id: string }>() },
  'admin:setMemberRole': { input: membership.extend({ roleId: id }).strict(), output: z.custom<{ projectId: string; userId: string }>() },
  'admin:removeMember': { input: membership, output: z.custom<{ projectId: string; userId: string }>() },
  'admin:createRole': {
    input: z.object({ name: text(100), description: text(1001).optional(), permissions: permissionRefs }).strict(),
    output: z.custom<{ id: string }>(),
  },
  /** What is left out stays as it is; `permissions` is the role's whole new list. */
  'admin:updateRole': {
    input: z.object({ roleId: id, name: text(100).optional(), description: text(1001).optional(), permissions: permissionRefs.optional() }).strict(),
    output: z.custom<{ id: string }>(),
  },
  'admin:deleteRole': { input: z.object({ roleId: id }).strict(), output: z.custom<{ id: string }>() },
} as const;

export type AdminChannel = keyof typeof adminChannels;
