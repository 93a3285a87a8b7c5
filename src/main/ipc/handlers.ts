// The handler objects, one per domain, that implement the IPC contract.
import type { DemoCentral } from '../demo/demo-central';
import type { DesktopSession } from '../desktop/session';
import { demoHandlers } from './domains/demo';
import { appHandlers } from './domains/app';
import type { AppIdentity } from './domains/app';
import { documentHandlers } from './domains/documents';
import { sessionHandlers } from './domains/session';
import { syncHandlers } from './domains/sync';
import { testingHandlers } from './domains/testing';
import { runHandlers } from './domains/runs';
import { collaborationHandlers } from './domains/collaboration';
import { taskHandlers } from './domains/tasks';
import { activityHandlers } from './domains/activity';
import { adminHandlers } from './domains/admin';
import { changeRequestHandlers } from './domains/change-requests';
import { decisionHandlers } from './domains/decisions';
import { signatureHandlers } from './domains/signatures';
import { attachmentHandlers } from './domains/attachments';
import { exportHandlers } from './domains/exports';
import { traceHandlers } from './domains/trace';
import { replicaCaller } from './replica-call';
import type { Handlers } from './router';

export type { AppIdentity };

export function createHandlers(identity: AppIdentity, session: DesktopSession, openDemo: () => Promise<DemoCentral> = () => Promise.reject(new Error('no demo'))): Handlers {
  const replica = replicaCaller(session);
  return {
    ...appHandlers(identity),
    ...sessionHandlers(session),
    ...demoHandlers(session, openDemo),
    ...syncHandlers(replica),
    ...documentHandlers(replica),
    ...testingHandlers(replica),
    ...runHandlers(replica),
    ...collaborationHandlers(replica),
    ...taskHandlers(replica),
    ...activityHandlers(session),
    ...adminHandlers(session, replica),
    ...changeRequestHandlers(replica),
    ...attachmentHandlers(replica),
    ...exportHandlers(replica),
    ...decisionHandlers(session, replica),
    ...signatureHandlers(session, replica),
    ...traceHandlers(replica),
  };
}
