// demo:* — the embedded demo workspace (architecture.md §7).
import { z } from 'zod';
import type { SessionState } from './session';

export interface DemoUser {
  key: 'tester' | 'author' | 'manager';
  fullName: string;
  email: string;
  /** Shown on the demo sign-in only: the demo database lives on this computer. */
  password: string;
  role: string;
  description: string;
}

export interface DemoWorkspace {
  organization: string;
  organizationName: string;
  users: DemoUser[];
}

export const demoChannels = {
  /** Starts the embedded central database (created and seeded on first use). */
  'demo:open': { input: z.undefined(), output: z.custom<DemoWorkspace>() },
  'demo:signIn': { input: z.object({ email: z.string().max(320), password: z.string().max(1000) }).strict(), output: z.custom<SessionState>() },
} as const;
