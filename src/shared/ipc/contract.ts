// The one IPC contract: every channel's argument schema (validated in main before anything runs)
// and result type. The renderer's API type is derived from it.
import { z } from 'zod';
import type { ErrorInfo } from '../errors';

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
});

export const contract = {
  'app:info': { input: z.undefined(), output: appInfoSchema },
  'app:echo': { input: z.object({ text: z.string().max(10_000) }).strict(), output: z.object({ text: z.string() }) },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

/** What crosses the bridge: never a thrown error, always an envelope. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** Events main → renderer. */
export interface EventMap {
  'app:ready': { at: string };
}
export type EventName = keyof EventMap;

/** The object the preload exposes as window.promanage. */
export interface PromanageBridge {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Envelope<ChannelOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}
