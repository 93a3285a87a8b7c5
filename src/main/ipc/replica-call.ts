// Calls the signed-in user's replica host from an IPC handler; the replica's own refusals (bad input,
// unknown ids, deleted items) reach the renderer as they are, with their stable code.
import type { ErrorCode } from '../../shared/errors';
import type { DesktopSession } from '../desktop/session';
import { ReplicaHostError } from '../replica-host/replica-host';
import type { ReplicaApi, ReplicaMethod } from '../replica-host/replica-service';
import { AppError } from './router';

const PASSED_THROUGH = new Set<string>(['INVALID_ARGUMENT', 'NOT_FOUND', 'CONFLICT_DELETED']);

export type ReplicaCall = <M extends ReplicaMethod>(method: M, ...args: Parameters<ReplicaApi[M]>) => Promise<Awaited<ReturnType<ReplicaApi[M]>>>;

export function replicaCaller(session: DesktopSession): ReplicaCall {
  return async function call<M extends ReplicaMethod>(method: M, ...args: Parameters<ReplicaApi[M]>): Promise<Awaited<ReturnType<ReplicaApi[M]>>> {
    try {
      return (await session.replica().call(method, ...args)) as Awaited<ReturnType<ReplicaApi[M]>>;
    } catch (error) {
      if (error instanceof ReplicaHostError && error.code && PASSED_THROUGH.has(error.code)) {
        throw new AppError({ code: error.code as ErrorCode, message: error.message });
      }
      throw error;
    }
  };
}
