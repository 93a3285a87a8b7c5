import type { ReplicaCall } from '../replica-call';
import type { Handlers } from '../router';

type RunChannel = Extract<keyof Handlers, `runs:${string}`>;

export function runHandlers(replica: ReplicaCall): Pick<Handlers, RunChannel> {
  return {
    'runs:list': ({ projectId }) => replica('runList', projectId),
    'runs:get': ({ id }) => replica('runGet', id),
    'runs:create': (input) => replica('runCreate', input),
    'runs:update': ({ id, changes }) => replica('runUpdate', id, changes),
    'runs:assignCase': ({ runCaseId, assignedTo }) => replica('runAssignCase', runCaseId, assignedTo),
    'runs:importJunit': ({ id, xml }) => replica('runImportJunit', id, xml),
  };
}
