// The handler objects, one per domain, that implement the IPC contract.
import type { Handlers } from './router';

export interface AppIdentity {
  name: string;
  version: string;
  platform: string;
}

export function createHandlers(identity: AppIdentity): Handlers {
  return {
    'app:info': () => identity,
    'app:echo': ({ text }) => ({ text }),
  };
}
