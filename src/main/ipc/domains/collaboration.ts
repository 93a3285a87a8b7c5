import type { ReplicaCall } from '../replica-call';
import type { Handlers } from '../router';

type CollaborationChannel = 'search:query' | 'comments:list' | 'comments:add' | 'comments:edit' | 'comments:delete'
  | 'notifications:list' | 'notifications:markRead';

export function collaborationHandlers(replica: ReplicaCall): Pick<Handlers, CollaborationChannel> {
  return {
    'search:query': ({ text, projectId, limit }) => replica('searchAll', text, { ...(projectId ? { projectId } : {}), ...(limit ? { limit } : {}) }),
    'comments:list': ({ entityType, entityId }) => replica('commentList', entityType, entityId),
    'comments:add': (input) => replica('commentAdd', input),
    'comments:edit': ({ id, body, mentions }) => replica('commentEdit', id, body, mentions),
    'comments:delete': ({ id }) => replica('commentDelete', id),
    'notifications:list': ({ unreadOnly }) => replica('notificationList', unreadOnly ?? false),
    'notifications:markRead': ({ ids }) => replica('notificationMarkRead', ids),
  };
}
