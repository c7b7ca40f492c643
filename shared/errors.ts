/**
 * The one error type of Chorus. Every front door reports failures with these codes: the IPC door
 * rejects with them, the HTTP door answers 4xx with them as JSON, the CLI prints the message and
 * exits 2. Codes are stable (tests and other tools match on them); messages are for researchers.
 */
export const ErrorCode = {
  INVALID_INPUT: 'INVALID_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  NO_PROJECT: 'NO_PROJECT',
  /** A call from somewhere Chorus does not answer (another frame, another origin), or beyond the caller's role. */
  FORBIDDEN: 'FORBIDDEN',
  /** The team server: no signed-in session, or a wrong login or password. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  UNSUPPORTED_FORMAT: 'UNSUPPORTED_FORMAT',
  CORRUPT_FILE: 'CORRUPT_FILE',
  NOT_A_PROJECT: 'NOT_A_PROJECT',
  TOO_LARGE: 'TOO_LARGE',
  NEWER_VERSION: 'NEWER_VERSION',
  /** The project file is encrypted and no passphrase was given: ask for one. */
  PASSPHRASE_REQUIRED: 'PASSPHRASE_REQUIRED',
  /** The passphrase given does not open the encrypted project file (which was left untouched). */
  WRONG_PASSPHRASE: 'WRONG_PASSPHRASE',
  NOTHING_TO_UNDO: 'NOTHING_TO_UNDO',
  NOTHING_TO_REDO: 'NOTHING_TO_REDO',
  CANCELLED: 'CANCELLED',
  IO_ERROR: 'IO_ERROR',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

export class ChorusError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ChorusError';
    this.code = code;
  }

  toJSON(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

/** The envelope every call returns across a process boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export function isErrorInfo(value: unknown): value is ErrorInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string';
}
