// How the sync engine tells failures apart: signed out (stop, keep the outbox), transient (retry with
// backoff), or anything else (report, retry later).

export class SignedOutError extends Error {
  override readonly name = 'SignedOutError';
  readonly code = 'SIGNED_OUT';
}

/** A read-only standby has not yet replayed what the device knows of: the pull goes to the primary. */
export class StandbyBehindError extends Error {
  override readonly name = 'StandbyBehindError';
  readonly code = 'STANDBY_BEHIND';
  constructor(readonly horizon: string, readonly needed: string) {
    super(`The read replica is behind (horizon ${horizon}, needed ${needed}).`);
  }
}

// 57014: a statement cancelled (statement_timeout, the runaway watchdog); 25P03: a session ended idle in a
// transaction (idle_in_transaction_session_timeout); 55P03: lock_timeout.
const TRANSIENT_SQLSTATE = /^(08|40|53|57|58)|^55P03$|^25P03$/;

const TRANSIENT_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND']);

export function isSignedOut(error: unknown): boolean {
  return error instanceof SignedOutError || (error as { code?: unknown })?.code === 'PM401';
}

/** Connection trouble or a retryable database condition. */
export function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NETWORK.has(code))) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /Connection terminated|connection closed|Client has encountered a connection error|not queryable|timeout/i.test(message);
}

export function describeError(error: unknown): string {
  if (isSignedOut(error)) return 'Your session has ended. Sign in again; your unsynced changes are kept.';
  if (isTransient(error)) return 'Cannot reach the ProManage server. Your changes are kept and will sync when it is back.';
  return error instanceof Error ? error.message : String(error);
}
