// Validates and dispatches IPC calls. No electron import: the Electron bridge and the browser host
// (tests) both route through here.
import type { Channel, ChannelInput, ChannelOutput, Envelope } from '../../shared/ipc/contract';
import { contract } from '../../shared/ipc/contract';
import type { ErrorInfo } from '../../shared/errors';

export type Handlers = { [C in Channel]: (input: ChannelInput<C>) => Promise<ChannelOutput<C>> | ChannelOutput<C> };

/** An error a handler throws on purpose, passed to the renderer as is. */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(readonly info: ErrorInfo) {
    super(info.message);
  }
}

function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(contract, value);
}

export function createRouter(handlers: Handlers) {
  return async function dispatch(channel: unknown, rawInput: unknown): Promise<Envelope<unknown>> {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `There is no IPC channel "${String(channel)}".` } };
    }
    const parsed = contract[channel].input.safeParse(rawInput);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'argument'}: ${i.message}`).join('; ');
      return { ok: false, error: { code: 'INVALID_ARGUMENT', message: `Invalid arguments for ${channel}: ${detail}` } };
    }
    try {
      const handler = handlers[channel] as (input: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.info };
      console.error(`IPC ${channel} failed`, error);
      return {
        ok: false,
        error: { code: 'INTERNAL', message: `Something went wrong in ${channel}.`, hint: 'Try again; if it keeps failing, send the log file to support.' },
      };
    }
  };
}
