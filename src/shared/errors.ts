// Errors that cross a boundary (IPC, sync) carry a stable code and a message a person can act on.

export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNKNOWN_CHANNEL',
  'NOT_SIGNED_IN',
  'PERMISSION_DENIED',
  'NOT_FOUND',
  'CONFLICT_DELETED',
  'INVALID_STATE',
  'REVISION_CHANGED',
  'NOT_IN_REVIEW',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** What the person can do about it, when there is something to say. */
  hint?: string;
}

/** SQLSTATEs raised by the central database's app.fail(), mapped to error codes. */
export const DATABASE_ERROR_CODES: Readonly<Record<string, ErrorCode>> = {
  PM401: 'NOT_SIGNED_IN',
  PM403: 'PERMISSION_DENIED',
  PM404: 'NOT_FOUND',
  PM409: 'CONFLICT_DELETED',
  PM410: 'REVISION_CHANGED',
  PM411: 'NOT_IN_REVIEW',
  PM422: 'INVALID_STATE',
  '42501': 'PERMISSION_DENIED',
};
