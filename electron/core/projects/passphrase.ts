/**
 * Protecting a project file with a passphrase, changing it, removing it. Not a command of the log:
 * it changes how the file is stored, not the analysis, and undoing it would need the passphrase it
 * replaced. The whole file is rewritten under the new key in one journaled transaction (see
 * `rekey` in store/sqlite.ts): a failure or a crash leaves it readable with the old one.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Project } from '../project.js';
import { passphraseOf, rekey, sqliteConnection, type SqliteDb } from '../store/sqlite.js';

/** Compares passphrases in constant time (hashing first gives equal lengths). */
function samePassphrase(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

function fileOf(project: Project): SqliteDb {
  try {
    return sqliteConnection(project.db);
  } catch {
    throw new ChorusError(
      ErrorCode.INVALID_INPUT,
      'This project is kept in a database on a server, not in a file: its protection at rest is the server\'s.',
    );
  }
}

/**
 * Sets, changes (`passphrase`) or removes (`null`) the open project's passphrase. Changing or
 * removing one asks for the current passphrase again, so that a project left open on an unlocked
 * computer cannot be stripped of its protection by whoever sits down at it.
 */
export function setProjectPassphrase(project: Project, input: { current?: string | undefined; passphrase: string | null }): { encrypted: boolean } {
  const db = fileOf(project);
  const existing = passphraseOf(db);
  if (existing !== undefined) {
    if (input.current === undefined || input.current === '') {
      throw new ChorusError(ErrorCode.PASSPHRASE_REQUIRED, 'Enter the current passphrase to change or remove it.');
    }
    if (!samePassphrase(input.current, existing)) {
      throw new ChorusError(ErrorCode.WRONG_PASSPHRASE, 'That is not the current passphrase; the project keeps the one it has.');
    }
  }
  if (input.passphrase === null && existing === undefined) return { encrypted: false };
  try {
    rekey(db, input.passphrase);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || /locked/i.test((e as Error).message)) {
      throw new ChorusError(
        ErrorCode.CONFLICT,
        'The project is open in another window or program. Close it there, then try again; nothing was changed.',
      );
    }
    throw e;
  }
  return { encrypted: passphraseOf(db) !== undefined };
}
