// Turns an error raised by central PostgreSQL into an ErrorInfo a person can act on.
import type { ErrorInfo } from '../../shared/errors';
import { DATABASE_ERROR_CODES } from '../../shared/errors';

interface PgLikeError {
  code?: unknown;
  message?: unknown;
  hint?: unknown;
}

export function databaseErrorInfo(error: unknown): ErrorInfo | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, hint } = error as PgLikeError;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  const mapped = DATABASE_ERROR_CODES[code];
  if (!mapped) return undefined;
  return typeof hint === 'string' && hint !== '' ? { code: mapped, message, hint } : { code: mapped, message };
}
