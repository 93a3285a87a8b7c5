// Calls window.promanage from the page, as the renderer does.
import type { Page } from 'playwright';
import type { Channel, ChannelInput, ChannelOutput, Envelope } from '../../../src/shared/ipc/contract';

export function invoke<C extends Channel>(page: Page, channel: C, input: ChannelInput<C>): Promise<Envelope<ChannelOutput<C>>> {
  return invokeUnchecked(page, channel, input) as Promise<Envelope<ChannelOutput<C>>>;
}

/** Any channel name and argument, as a buggy or hostile renderer could send. */
export function invokeUnchecked(page: Page, channel: string, input: unknown): Promise<Envelope<unknown>> {
  return page.evaluate(([c, i]) => window.promanage.invoke(c as Channel, i as never), [channel, input] as const);
}
