import type { ReplicaCall } from '../replica-call';
import type { Handlers } from '../router';

type CrChannel = Exclude<Extract<keyof Handlers, `changeRequests:${string}`>, 'changeRequests:decide'>;

export function changeRequestHandlers(replica: ReplicaCall): Pick<Handlers, CrChannel> {
  return {
    'changeRequests:list': (filter) => replica('crList', filter),
    'changeRequests:inbox': () => replica('crInbox'),
    'changeRequests:get': ({ id }) => replica('crGet', id),
    'changeRequests:create': ({ projectId, title, ...changes }) => replica('crCreate', projectId, title, changes),
    'changeRequests:update': ({ id, changes }) => replica('crUpdate', id, changes),
    'changeRequests:addImpact': (input) => replica('crAddImpact', input),
    'changeRequests:removeImpact': ({ id }) => replica('crRemoveImpact', id),
  };
}
