// The one IPC contract: every channel's argument schema (validated in main before anything runs)
// and result type, gathered from the per-domain files. The renderer's API type is derived from it.
import { z } from 'zod';
import type { ErrorInfo } from '../errors';
import { activityChannels } from './domains/activity';
import { attachmentChannels } from './domains/attachments';
import { adminChannels } from './domains/admin';
import { changeRequestChannels } from './domains/change-requests';
import { collaborationChannels } from './domains/collaboration';
import { demoChannels } from './domains/demo';
import { documentChannels } from './domains/documents';
import { sessionChannels } from './domains/session';
import { signatureChannels } from './domains/signatures';
import type { SessionState } from './domains/session';
import { syncChannels } from './domains/sync';
import { taskChannels } from './domains/tasks';
import { testingChannels } from './domains/testing';
import { runChannels } from './domains/runs';
import { exportChannels } from './domains/exports';
import { traceChannels } from './domains/trace';
import type { SyncStatusView } from './domains/sync';
import type { ExportProgress } from './domains/exports';

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
});

const appChannels = {
  'app:info': { input: z.undefined(), output: appInfoSchema },
  'app:echo': { input: z.object({ text: z.string().max(10_000) }).strict(), output: z.object({ text: z.string() }) },
} as const;

export const contract = { ...appChannels, ...sessionChannels, ...demoChannels, ...syncChannels, ...documentChannels, ...testingChannels, ...collaborationChannels, ...taskChannels, ...activityChannels, ...changeRequestChannels, ...attachmentChannels, ...adminChannels, ...runChannels, ...signatureChannels, ...exportChannels, ...traceChannels } as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

/** What crosses the bridge: never a thrown error, always an envelope. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** Commands the application menu sends to the window. */
export type MenuCommand = 'new-document' | 'save-version' | 'search' | 'sync-now' | 'sign-out';

/** Events main → renderer. */
export interface EventMap {
  'app:ready': { at: string };
  'session:changed': SessionState;
  'sync:status': SyncStatusView;
  /** Which replicated tables changed (local write or pull): stores refetch what depends on them. */
  'replica:changed': { tables: string[] };
  /** A long export or import in the replica host: how far it has got. */
  'export:progress': ExportProgress;
  'menu:command': { command: MenuCommand };
}
export type EventName = keyof EventMap;

/** The object the preload exposes as window.promanage. */
export interface PromanageBridge {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Envelope<ChannelOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}
