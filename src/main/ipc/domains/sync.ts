import type { ProblemChanges } from '../../../shared/ipc/domains/sync';
import type { ReplicaCall } from '../replica-call';
import type { Handlers } from '../router';

type SyncChannels = 'sync:status' | 'sync:retry' | 'sync:problems' | 'sync:dismissRejection' | 'projects:list' | 'people:list';

export function syncHandlers(replica: ReplicaCall): Pick<Handlers, SyncChannels> {
  const problems = async (): Promise<ProblemChanges> => ({ rejected: await replica('rejections'), keptAside: await replica('keptAside') });
  return {
    'sync:status': () => replica('status'),
    'sync:retry': async () => {
      await replica('syncNow');
      return replica('status');
    },
    'sync:problems': problems,
    'sync:dismissRejection': async ({ mutationId }) => {
      await replica('dismissRejection', mutationId);
      return problems();
    },
    'projects:list': () => replica('projectSummaries'),
    'people:list': () => replica('people'),
  };
}
