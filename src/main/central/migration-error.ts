export type MigrationErrorCode =
  | 'MIGRATION_FILE_NAME'
  | 'MIGRATION_MISSING_DOWN'
  | 'MIGRATION_CHECKSUM_MISMATCH'
  | 'MIGRATIONS_DIVERGED'
  | 'DATABASE_NEWER_THAN_CODE'
  | 'MIGRATION_FAILED';

/** A migration problem with a stable code and a message that says what to do. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
