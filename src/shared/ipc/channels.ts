// The two Electron IPC channels. Kept free of imports so the preload bundle stays tiny.
/** The single IPC channel the preload invokes; the contract channel travels as its first argument. */
export const INVOKE_CHANNEL = 'promanage:invoke';
/** Events main → renderer: (event name, payload). */
export const EVENT_CHANNEL = 'promanage:event';
