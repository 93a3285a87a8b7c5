import type { ReplicaCall } from '../replica-call';
import { AppError } from '../router';
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
    'changeRequests:addApprover': async ({ changeRequestId, approverId, position }) => {
      const cr = await replica('crGet', changeRequestId);
      if (cr.approvers.some((a) => a.approverId === approverId)) {
        throw new AppError({ code: 'INVALID_ARGUMENT', message: 'This person is already an approver of this change request.' });
      }
      return replica('create', 'approver', cr.projectId, { change_request_id: cr.id, approver_id: approverId, position });
    },
    'changeRequests:removeApprover': async ({ id }) => {
      await replica('remove', 'approver', id);
      return { id };
    },
  };
}
