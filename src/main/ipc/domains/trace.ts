import type { ReplicaCall } from '../replica-call';
import type { Handlers } from '../router';

type TraceChannel = Extract<keyof Handlers, `trace:${string}` | `baselines:${string}`>;

export function traceHandlers(replica: ReplicaCall): Pick<Handlers, TraceChannel> {
  return {
    'trace:matrix': (filter) => replica('traceMatrix', filter),
    'trace:filterOptions': ({ projectId }) => replica('traceFilterOptions', projectId),
    'trace:suspectLinks': ({ projectId, itemId }) => replica('suspectLinks', projectId, itemId),
    'trace:suspectCount': async ({ projectId }) => ({ count: await replica('suspectCount', projectId) }),
    'trace:review': ({ relationId, note }) => replica('reviewLink', relationId, note ?? ''),
    'baselines:list': ({ projectId }) => replica('baselineList', projectId),
    'baselines:create': (input) => replica('baselineCreate', input),
    'baselines:items': ({ id }) => replica('baselineItems', id),
    'baselines:compare': ({ fromId, toId }) => replica('baselineCompare', fromId, toId),
    'baselines:rename': ({ id, changes }) => replica('baselineRename', id, changes),
    'baselines:canManage': async () => ({ allowed: await replica('baselineCanManage') }),
    'baselines:delete': async ({ id }) => {
      await replica('baselineDelete', id);
      return { id };
    },
  };
}
