import type { Handlers } from '../router';

export interface AppIdentity {
  name: string;
  version: string;
  platform: string;
}

export function appHandlers(identity: AppIdentity): Pick<Handlers, 'app:info' | 'app:echo'> {
  return {
    'app:info': () => identity,
    'app:echo': ({ text }) => ({ text }),
  };
}
