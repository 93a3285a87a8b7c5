import type { ReplicaCall } from '../replica-call';
import type { Handlers } from '../router';

type DocumentChannel = Extract<keyof Handlers, `documents:${string}`>;

export function documentHandlers(replica: ReplicaCall): Pick<Handlers, DocumentChannel> {
  return {
    'documents:list': (filter) => replica('documentList', filter),
    'documents:get': ({ id }) => replica('documentGet', id),
    'documents:create': (input) => replica('documentCreate', input),
    'documents:update': ({ id, changes }) => replica('documentUpdate', id, changes),
    'documents:delete': ({ id }) => replica('documentDelete', id),
    'documents:content': ({ id, stateVector }) => replica('documentContent', id, stateVector),
    'documents:edit': ({ id, update }) => replica('documentEdit', id, update),
    'documents:versions': ({ documentId }) => replica('documentVersions', documentId),
    'documents:version': ({ id }) => replica('documentVersion', id),
    'documents:saveVersion': (input) => replica('documentSaveVersion', input),
    'documents:relations': ({ documentId }) => replica('documentRelations', documentId),
    'documents:linkTargets': ({ documentId, text }) => replica('documentLinkTargets', documentId, text),
    'documents:relate': (input) => replica('documentRelate', input),
    'documents:unrelate': ({ documentId, relationId }) => replica('documentUnrelate', documentId, relationId),
  };
}
