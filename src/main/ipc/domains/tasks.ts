import type { ReplicaCall } from '../replica-call';
import type { Handlers } from '../router';

export function taskHandlers(replica: ReplicaCall): Pick<Handlers, 'tasks:list' | 'tasks:create' | 'tasks:update' | 'tasks:logTime'> {
  return {
    'tasks:list': (filter) => replica('taskList', filter),
    'tasks:create': ({ projectId, title, parentId, ...changes }) => replica('taskCreate', projectId, title, parentId, changes),
    'tasks:update': ({ id, changes }) => replica('taskUpdate', id, changes),
    'tasks:logTime': ({ id, hours }) => replica('taskLogTime', id, hours),
  };
}
