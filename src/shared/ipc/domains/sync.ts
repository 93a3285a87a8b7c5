// sync:* — the sync status bar and the rejected-changes panel.
import { z } from 'zod';

export type SyncState = 'idle' | 'syncing' | 'offline' | 'signed-out' | 'stopped';

export interface SyncStatusView {
  state: SyncState;
  online: boolean;
  pending: number;
  rejected: number;
  /** Items not yet in the search index (for a moment after a large pull). */
  indexing: number;
  lastSyncedAt: string | null;
  lastError: string | null;
}

export interface RejectedChange {
  mutationId: number;
  table: string;
  op: string;
  rowId: string;
  /** The local change that was refused, as it was sent. */
  values: Record<string, unknown>;
  code: string;
  message: string;
  hint: string | null;
  rejectedAt: string;
}

/** Unpushed changes of a project the user lost access to: kept on the device, never dropped. */
export interface KeptAsideChange {
  mutationId: number;
  table: string;
  rowId: string;
  projectId: string | null;
  values: Record<string, unknown>;
  reason: string;
}

export interface ProblemChanges {
  rejected: RejectedChange[];
  keptAside: KeptAsideChange[];
}

export interface ProjectSummary {
  id: string;
  key: string;
  name: string;
  description: string;
}

export interface Person {
  id: string;
  fullName: string;
  email: string;
}

export const syncChannels = {
  'sync:status': { input: z.undefined(), output: z.custom<SyncStatusView>() },
  'sync:retry': { input: z.undefined(), output: z.custom<SyncStatusView>() },
  'sync:problems': { input: z.undefined(), output: z.custom<ProblemChanges>() },
  'sync:dismissRejection': { input: z.object({ mutationId: z.number().int().min(1) }).strict(), output: z.custom<ProblemChanges>() },
  'projects:list': { input: z.undefined(), output: z.custom<ProjectSummary[]>() },
  'people:list': { input: z.undefined(), output: z.custom<Person[]>() },
} as const;
