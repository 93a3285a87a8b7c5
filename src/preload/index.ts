// The preload exposes window.promanage and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/ipc/channels';
import type { EventMap, EventName, PromanageBridge } from '../shared/ipc/contract';

const bridge: PromanageBridge = {
  invoke: (channel, input) => ipcRenderer.invoke(INVOKE_CHANNEL, channel, input),
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
    const wrapped = (_: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload as EventMap[E]);
    };
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('promanage', bridge);
