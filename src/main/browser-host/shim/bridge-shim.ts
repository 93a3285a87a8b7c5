// window.promanage in a plain browser: the preload's bridge (src/preload/index.ts) over the browser
// host's WebSocket. Served as /promanage-bridge.js and run before the app's module script. A classic
// script with no imports (its types are import() types): the host only strips the types.
//
// Calls made while the socket is connecting wait for it. When the socket drops (the host stopped or
// restarted), every unanswered call resolves to a HOST_UNAVAILABLE envelope, calls made while it is
// down fail at once, and the shim reconnects by itself.
(() => {
  type Envelope = import('../../../shared/ipc/contract').Envelope<unknown>;
  type Bridge = import('../../../shared/ipc/contract').PromanageBridge;
  type InvokeMessage = import('../protocol').InvokeMessage;
  type HostMessage = import('../protocol').HostMessage;

  const BRIDGE_URL = `ws://${location.host}/promanage-bridge`;
  const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000];

  const unanswered = new Map<number, (envelope: Envelope) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let socket: WebSocket | undefined;
  let waitingToSend: string[] = [];
  let nextId = 1;
  let failedAttempts = 0;

  const hostUnavailable = (): Envelope => ({
    ok: false,
    error: {
      code: 'HOST_UNAVAILABLE',
      message: 'The ProManage host is not running: it stopped or is restarting.',
      hint: 'Wait a moment and try again; reload the page once the host runs again.',
    },
  });

  function connect(): void {
    const current = new WebSocket(BRIDGE_URL);
    socket = current;
    current.addEventListener('open', () => {
      failedAttempts = 0;
      for (const message of waitingToSend) current.send(message);
      waitingToSend = [];
    });
    current.addEventListener('message', (event) => receive(JSON.parse(String(event.data)) as HostMessage));
    current.addEventListener('close', () => {
      socket = undefined;
      waitingToSend = [];
      for (const resolve of unanswered.values()) resolve(hostUnavailable());
      unanswered.clear();
      const delay = RECONNECT_DELAYS_MS[Math.min(failedAttempts, RECONNECT_DELAYS_MS.length - 1)];
      failedAttempts += 1;
      setTimeout(connect, delay);
    });
  }

  function receive(message: HostMessage): void {
    if (message.type === 'result') {
      unanswered.get(message.id)?.(message.envelope);
      unanswered.delete(message.id);
      return;
    }
    for (const listener of listeners.get(message.event) ?? []) {
      try {
        listener(message.payload);
      } catch (error) {
        reportError(error);
      }
    }
  }

  function invoke(channel: unknown, input: unknown): Promise<Envelope> {
    const current = socket;
    if (!current) return Promise.resolve(hostUnavailable());
    const id = nextId++;
    const message: InvokeMessage = { type: 'invoke', id, channel, input };
    const text = JSON.stringify(message);
    return new Promise((resolve) => {
      unanswered.set(id, resolve);
      if (current.readyState === WebSocket.OPEN) current.send(text);
      else waitingToSend.push(text);
    });
  }

  const bridge: Bridge = {
    invoke: invoke as Bridge['invoke'],
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      // One entry per subscription, as Electron's ipcRenderer.on gives.
      const wrapped = (payload: unknown) => listener(payload as Parameters<typeof listener>[0]);
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
  };

  Object.defineProperty(window, 'promanage', { value: Object.freeze(bridge), enumerable: true });
  connect();
})();
