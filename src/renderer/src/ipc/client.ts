// Calls main through window.promanage and turns error envelopes into thrown IpcError values.
import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/ipc/contract';
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
