// One renderer's WebSocket: its calls go to desktop.dispatch, the desktop's events come back.
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { Desktop } from '../desktop/desktop';
import type { HostMessage } from './protocol';

const invokeMessage = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.unknown(),
  input: z.unknown().optional(),
}).strict();

export type BridgedDesktop = Pick<Desktop, 'dispatch' | 'onEvent'>;

/** Close code for a frame that is not a bridge message (the shim never sends one). */
const POLICY_VIOLATION = 1008;

export function serveBridge(socket: WebSocket, desktop: BridgedDesktop): void {
  const send = (message: HostMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const unsubscribe = desktop.onEvent((event, payload) => send({ type: 'event', event, payload } as HostMessage));
  socket.on('close', unsubscribe);
  socket.on('error', (error) => console.error('browser host: bridge socket failed', error));
  socket.on('message', (data, isBinary) => {
    const message = isBinary ? undefined : invokeMessage.safeParse(parseJson(data.toString()));
    if (!message?.success) {
      console.error('browser host: closed a bridge socket that sent a frame that is not an invoke message');
      socket.close(POLICY_VIOLATION, 'Not a bridge message');
      return;
    }
    const { id, channel, input } = message.data;
    void dispatch(desktop, channel, input).then((envelope) => send({ type: 'result', id, envelope }));
  });
  // What Electron's main sends once the window has loaded.
  send({ type: 'event', event: 'app:ready', payload: { at: new Date().toISOString() } });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function dispatch(desktop: BridgedDesktop, channel: unknown, input: unknown) {
  try {
    return await desktop.dispatch(channel, input);
  } catch (error) {
    // The router turns handler failures into envelopes; this is a failure of the dispatch itself.
    console.error(`browser host: dispatch of ${String(channel)} threw`, error);
    return {
      ok: false as const,
      error: { code: 'INTERNAL' as const, message: `Something went wrong in ${String(channel)}.`, hint: 'See the browser host log.' },
    };
  }
}
