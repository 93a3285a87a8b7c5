import type { ReplicaCall } from '../replica-call';
import type { Handlers } from '../router';

type AttachmentChannel = 'attachments:add' | 'attachments:list' | 'attachments:open';

export function attachmentHandlers(replica: ReplicaCall): Pick<Handlers, AttachmentChannel> {
  return {
    'attachments:add': (input) => replica('attachmentAdd', input),
    'attachments:list': ({ entityType, entityId }) => replica('attachmentList', entityType, entityId),
    'attachments:open': ({ id }) => replica('attachmentOpen', id),
  };
}
