// Errors that cross a boundary (IPC, sync) carry a stable code and a message a person can act on.

export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNKNOWN_CHANNEL',
  'NOT_SIGNED_IN',
  'PERMISSION_DENIED',
  'NOT_FOUND',
  'CONFLICT_DELETED',
  'INVALID_STATE',
  /** A duplicate, something still in use, or the organization's last administrator (the database's PM409). */
  'CONFLICT',
  'REVISION_CHANGED',
  'NOT_IN_REVIEW',
  'SERVER_UNREACHABLE',
  'SIGN_IN_FAILED',
  'HOST_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** What the person can do about it, when there is something to say. */
  hint?: string;
  /** A finer machine-readable cause within the code (e.g. SIGN_IN_FAILED → ACCOUNT_LOCKED). */
  reason?: string;
}
