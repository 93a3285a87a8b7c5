// Calls main through window.promanage and turns error envelopes into thrown IpcError values.
import type { Channel, ChannelInput, ChannelOutput, EventMap, EventName } from '../../../shared/ipc/contract';
import type { ErrorInfo } from '../../../shared/errors';

export class IpcError extends Error {
  override readonly name = 'IpcError';
  constructor(readonly info: ErrorInfo) {
    super(info.message);
  }
}

export async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const envelope = await window.promanage.invoke(channel, input);
  if (!envelope.ok) throw new IpcError(envelope.error);
  return envelope.value;
}

export function onEvent<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
  return window.promanage.on(event, listener);
}

/** What to show a person for a failed call: the message and, when there is one, what to do. */
export function describe(error: unknown): string {
  if (error instanceof IpcError) return error.info.hint ? `${error.info.message} ${error.info.hint}` : error.info.message;
  return error instanceof Error ? error.message : String(error);
}
