// session:* — where central is, who is signed in.
import { z } from 'zod';

export const connectionSettings = z.object({
  host: z.string().trim().min(1, 'enter the server name or address').max(255),
  port: z.number().int().min(1).max(65_535),
  database: z.string().trim().min(1, 'enter the database name').max(63),
  sslMode: z.enum(['disable', 'require', 'verify-full']),
  /** The user's explicit choice of an unencrypted connection to a server that is not this computer (connection-security.ts). */
  allowUnencrypted: z.boolean().optional(),
  /** The database role the desktop connects as (application_user unless the operator chose another). */
  user: z.string().trim().min(1).max(63),
  /** That role's password, given to users by the operator. */
  password: z.string().max(1000),
  /** Optional read-only standby (read replica) of the same database: pulls go there (docs/deployment.md). */
  readHost: z.string().trim().max(255).optional(),
  /** Its port (default: the server's). */
  readPort: z.number().int().min(1).max(65_535).optional(),
}).strict();
export type ConnectionSettings = z.infer<typeof connectionSettings>;

export const signInInput = z.object({
  connection: connectionSettings,
  organization: z.string().trim().min(1, 'enter your organization').max(100),
  email: z.string().trim().min(3, 'enter your email').max(320),
  password: z.string().min(1, 'enter your password').max(1000),
  totpCode: z.string().regex(/^\d{6}$/, 'must be the 6 digits your authenticator app shows').optional(),
}).strict();

export interface SignedInUser {
  id: string;
  fullName: string;
  email: string;
  organizationId: string;
  organizationName: string;
}

export type SessionState =
  | {
    status: 'signed-out'; mode: 'server' | 'demo'; connection: Omit<ConnectionSettings, 'password'> | null; organization: string | null;
    email: string | null; reason: string | null;
  }
  | { status: 'signed-in'; user: SignedInUser; server: string; demo: boolean };

export const sessionChannels = {
  'session:state': { input: z.undefined(), output: z.custom<SessionState>() },
  'session:signIn': { input: signInInput, output: z.custom<SessionState>() },
  'session:signOut': { input: z.undefined(), output: z.custom<SessionState>() },
} as const;
