/**
 * PostgreSQL's errors as the store knows errors: with the `code` better-sqlite3 would give for the
 * same failure (`SQLITE_CONSTRAINT_UNIQUE`, ...), so code that tells a constraint failure from
 * other errors works on both engines. PostgreSQL's message is kept, and its SQLSTATE and details
 * ride along for logs.
 */

/** The error fields libpq reports for a failed command (PQresultErrorField). */
export interface PgErrorFields {
  sqlState?: string;
  messagePrimary?: string;
  messageDetail?: string;
  messageHint?: string;
  constraintName?: string;
  tableName?: string;
  columnName?: string;
  statementPosition?: string;
}

export class PostgresError extends Error {
  /** What better-sqlite3 would call this failure (SqliteError.code). */
  readonly code: string;
  readonly sqlState: string | undefined;
  readonly detail: string | undefined;
  readonly constraint: string | undefined;
  readonly table: string | undefined;

  constructor(message: string, code: string, fields: PgErrorFields = {}) {
    super(message);
    this.name = 'PostgresError';
    this.code = code;
    this.sqlState = fields.sqlState;
    this.detail = fields.messageDetail;
    this.constraint = fields.constraintName;
    this.table = fields.tableName;
  }
}

/** SQLSTATE classes and codes → SQLite extended result codes (https://www.sqlite.org/rescode.html). */
function sqliteCode(fields: PgErrorFields): string {
  const state = fields.sqlState ?? '';
  switch (state) {
    case '23505':
      // SQLite names a primary key's failure apart; PostgreSQL's default name for it ends in _pkey.
      return /_pkey$/.test(fields.constraintName ?? '') ? 'SQLITE_CONSTRAINT_PRIMARYKEY' : 'SQLITE_CONSTRAINT_UNIQUE';
    case '23503':
      return 'SQLITE_CONSTRAINT_FOREIGNKEY';
    case '23514':
      return 'SQLITE_CONSTRAINT_CHECK';
    case '23502':
      return 'SQLITE_CONSTRAINT_NOTNULL';
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
    case '55P03': // lock_not_available
      return 'SQLITE_BUSY';
    case '57014': // query_canceled
      return 'SQLITE_INTERRUPT';
    case '53100': // disk_full
      return 'SQLITE_FULL';
    case '25006': // read_only_sql_transaction
      return 'SQLITE_READONLY';
  }
  if (state.startsWith('23')) return 'SQLITE_CONSTRAINT';
  if (state.startsWith('08')) return 'SQLITE_IOERR';
  if (state.startsWith('28')) return 'SQLITE_AUTH';
  if (state.startsWith('53')) return 'SQLITE_NOMEM';
  return 'SQLITE_ERROR';
}

/** The error of a failed command, from libpq's fields (or its message when there are none). */
export function fromResult(fields: PgErrorFields | null | undefined, fallbackMessage: string): PostgresError {
  const f = fields ?? {};
  const message = f.messagePrimary ?? (fallbackMessage.replace(/^ERROR:\s*/, '').trim() || 'PostgreSQL error');
  return new PostgresError(message, sqliteCode(f), f);
}
