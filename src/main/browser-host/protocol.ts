// What travels on the browser host's WebSocket: JSON text frames, renderer → host calls and host →
// renderer results and events. The same envelopes as Electron's IPC; values are JSON (the contract
// carries dates as strings and binary data as base64).
import type { Envelope, EventMap, EventName } from '../../shared/ipc/contract';

/** The WebSocket endpoint; the shim (shim/bridge-shim.ts) spells it out too, as it imports nothing. */
export const BRIDGE_PATH = '/promanage-bridge';
/** The same-origin script that defines window.promanage. */
export const BRIDGE_SCRIPT_PATH = '/promanage-bridge.js';

export interface InvokeMessage {
  type: 'invoke';
  id: number;
  channel: unknown;
  /** Absent when the call's input is undefined (JSON has no undefined). */
  input?: unknown;
}

export type ResultMessage = { type: 'result'; id: number; envelope: Envelope<unknown> };
export type EventMessage = { [E in EventName]: { type: 'event'; event: E; payload: EventMap[E] } }[EventName];
export type HostMessage = ResultMessage | EventMessage;
