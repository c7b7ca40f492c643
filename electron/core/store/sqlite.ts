import Database from 'better-sqlite3-multiple-ciphers';
import type { SqlDb } from './engine.js';

/**
 * The one place Chorus opens a SQLite connection, and so the one place a passphrase becomes a key.
 *
 * The driver is better-sqlite3-multiple-ciphers: better-sqlite3's API over SQLite3 Multiple
 * Ciphers, which reads and writes plain SQLite files exactly as SQLite does and, once a key is
 * given, encrypted ones. Encrypted projects use SQLCipher 4's format (`cipher=sqlcipher`,
 * `legacy=4`: AES-256-CBC, HMAC-SHA512 per page, PBKDF2-HMAC-SHA512 with 256,000 iterations), so
 * the file also opens in other SQLCipher tools such as DB Browser for SQLite with the same
 * passphrase. A plain file gets no cipher pragma at all: it costs nothing extra.
 */
export type SqliteDb = Database.Database;

export interface SqliteOptions {
  /** A driver addon built for the running runtime (the desktop app's Electron build). */
  nativeBinding?: string | undefined;
  readonly?: boolean;
  fileMustExist?: boolean;
  /** Keys the connection: the file is (or is to become) encrypted with this passphrase. */
  passphrase?: string | undefined;
}

/**
 * The passphrase each keyed connection was opened with, for the copies that must be readable with
 * it (a co-coder's copy is tried with the project's own passphrase). Kept beside the connection,
 * not on an object that is ever serialised, so it cannot reach a log, an answer or an error.
 */
const passphrases = new WeakMap<object, string>();

/** SQLCipher 4's settings, chosen before the key: they decide how the key is derived. */
function useSqlcipherFormat(db: SqliteDb): void {
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
}

/**
 * Keys a connection. `key()` takes the bytes, so the passphrase never appears in SQL text (no
 * quoting to get wrong, nothing for an error message to echo). Nothing is read yet: a wrong key
 * shows on the first read, as SQLITE_NOTADB.
 */
function applyKey(db: SqliteDb, passphrase: string): void {
  useSqlcipherFormat(db);
  db.key(Buffer.from(passphrase, 'utf8'));
  passphrases.set(db, passphrase);
}

export function openSqlite(file: string, options: SqliteOptions = {}): SqliteDb {
  const db = new Database(file, {
    ...(options.readonly ? { readonly: true } : {}),
    ...(options.fileMustExist ? { fileMustExist: true } : {}),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  if (options.passphrase === undefined) return db;
  try {
    applyKey(db, options.passphrase);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** The passphrase a connection was keyed with; undefined for a plain file (or PostgreSQL). */
export function passphraseOf(db: SqlDb): string | undefined {
  return passphrases.get(db);
}

/**
 * Re-encrypts the whole file under a new passphrase, or decrypts it (null), or encrypts a plain
 * one. SQLite3 Multiple Ciphers rewrites every page in one journaled transaction, which it cannot
 * do in WAL mode; so the log is checkpointed into the file, the journal switched to DELETE for the
 * rewrite and back to WAL after it, also when the rewrite fails. Switching out of WAL needs the
 * only connection to the file, so a project open in another window or program refuses (BUSY).
 */
export function rekey(db: SqliteDb, passphrase: string | null): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const mode = db.pragma('journal_mode = DELETE', { simple: true }) as string;
  if (mode !== 'delete') throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
  try {
    if (passphrase === null) {
      db.rekey(Buffer.alloc(0));
      passphrases.delete(db);
    } else {
      // A plain file takes the cipher the connection is configured for; an encrypted one keeps its own.
      if (!passphrases.has(db)) useSqlcipherFormat(db);
      db.rekey(Buffer.from(passphrase, 'utf8'));
      passphrases.set(db, passphrase);
    }
  } finally {
    db.pragma('journal_mode = WAL');
  }
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** What the first bytes of a file say it is, read without opening it. */
export type FileKind = 'sqlite' | 'encrypted' | 'other';

/**
 * A plain SQLite file starts with "SQLite format 3\0". An encrypted one starts with its random salt
 * instead, and like every SQLite file it is a whole number of pages (512 to 65,536 bytes, powers of
 * two), so a file of that shape is taken for an encrypted database, to be confirmed by its key;
 * anything else (a text file, a zip) is not a database at all.
 */
export function kindOfHeader(head: Buffer, size: number): FileKind {
  if (head.length >= 16 && head.subarray(0, 16).equals(SQLITE_MAGIC)) return 'sqlite';
  if (size >= 512 && size % 512 === 0) return 'encrypted';
  return 'other';
}

/**
 * The better-sqlite3 connection behind a desktop project, for the few callers that work on the
 * file itself (benchmarks and tests that seed it directly, backups): a server project has none.
 */
export function sqliteConnection(db: SqlDb): SqliteDb {
  if (!(db instanceof Database)) throw new Error('This project is not stored in a SQLite file.');
  return db;
}
