import fs from 'node:fs';
import path from 'node:path';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index.js';
import { installChangeCapture } from './change-capture.js';
import { kindOfHeader, openSqlite, type SqliteDb } from './sqlite.js';

/** PRAGMA application_id of every Chorus project: 'CHOR'. */
export const APPLICATION_ID = 0x43484f52;

export interface FileOptions {
  /**
   * Path of a better-sqlite3 native addon built for the running runtime. The desktop app passes
   * its Electron-ABI build; Node (CLI, server, tests) uses the package's own.
   */
  nativeBinding?: string | undefined;
  /**
   * The passphrase of an encrypted project; creating with one encrypts the new file. Ignored when
   * opening a plain file (a CHORUS_PASSPHRASE set for other projects must not stop this one).
   */
  passphrase?: string | undefined;
}

export interface OpenedFile {
  db: SqliteDb;
  /** The schema version the file had, when it was migrated on opening. */
  migratedFrom: number | null;
  backupPath: string | null;
}

/**
 * A project's connection, set up for work. `check` runs first, on a keyed connection before
 * anything can write: switching to WAL rewrites the header of a file not yet in WAL mode, and a
 * file that is refused must keep every byte.
 */
function connect(file: string, options: FileOptions, check?: (db: SqliteDb) => void): SqliteDb {
  const db = openSqlite(file, { nativeBinding: options.nativeBinding, passphrase: options.passphrase });
  try {
    check?.(db);
    // No Save: each operation commits durably. WAL keeps readers unblocked while a write commits.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Page cache: 32 MB instead of SQLite's 2 MB. Finding rereads the same pages on every query:
    // the large benchmark study (200 groups, 5M words, 100,000 codings; a 190 MB file) has a
    // full-text index of 12 MB and coding and turn-bound indexes of under 10 MB, which now stay in
    // memory; the transcripts' text (26 MB, and 39 MB again in turns) does not need to, since
    // Project.textOf caches it. The cache fills only as pages are read, so a small project costs
    // little; one project is open per window, and the core stays well under the renderer's 300 MB.
    db.pragma('cache_size = -32768');
    // Savepoints (one per imported file, so a bad file is rolled back alone) keep their undo pages
    // in a sub-journal, by default a temporary file created and deleted per savepoint; in memory
    // it costs a few pages and no file system calls.
    db.pragma('temp_store = MEMORY');
  } catch (e) {
    // A damaged file fails here; without the close its handle (and -wal/-shm) stayed open.
    db.close();
    throw e;
  }
  return db;
}

interface Header {
  userVersion: number;
  applicationId: number;
}

/** What the first bytes say: a plain project's header, or an encrypted file (whose header is sealed). */
type Probe = { kind: 'plain'; header: Header } | { kind: 'encrypted' };

/**
 * Reads the SQLite header without opening a connection, so that a file we refuse is never
 * touched (no -wal/-shm files, no journal recovery, not a byte changed). An encrypted file's
 * header can only be read through its key.
 */
function readHeader(file: string): Probe {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ChorusError(ErrorCode.NOT_FOUND, `There is no file at ${file}.`);
  }
  if (stat.isDirectory()) throw new ChorusError(ErrorCode.NOT_A_PROJECT, `${file} is a folder, not a Chorus project.`);
  if (stat.size === 0) throw new ChorusError(ErrorCode.NOT_A_PROJECT, `${file} is empty: it is not a Chorus project.`);
  const header = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, header, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  const kind = read < 100 ? 'other' : kindOfHeader(header, stat.size);
  if (kind === 'encrypted') return { kind: 'encrypted' };
  if (kind === 'other') {
    throw new ChorusError(ErrorCode.NOT_A_PROJECT, `${path.basename(file)} is not a Chorus project (it is not a SQLite database).`);
  }
  return { kind: 'plain', header: { userVersion: header.readUInt32BE(60), applicationId: header.readUInt32BE(68) } };
}

/** The header as the connection reads it (through the key, for an encrypted file). */
function headerOf(db: SqliteDb): Header {
  return {
    userVersion: db.pragma('user_version', { simple: true }) as number,
    applicationId: db.pragma('application_id', { simple: true }) as number,
  };
}

/**
 * Proves the key of a freshly keyed connection by reading page 1, the first read of the file. A
 * wrong key fails to decrypt it (SQLITE_NOTADB) before SQLite has learned anything about the
 * file, so it opens no -wal or -shm and recovers nothing: the file stays as it was.
 */
function unlock(file: string, db: SqliteDb): Header {
  try {
    return headerOf(db);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'SQLITE_NOTADB') {
      throw new ChorusError(
        ErrorCode.WRONG_PASSPHRASE,
        `That passphrase does not open ${path.basename(file)}. Check it and try again (passphrases are case-sensitive).`,
      );
    }
    throw e;
  }
}

function passphraseRequired(file: string): ChorusError {
  return new ChorusError(ErrorCode.PASSPHRASE_REQUIRED, `${path.basename(file)} is protected with a passphrase. Enter it to open the project.`);
}

/**
 * The passphrase to key a connection to `file` with, from what its first bytes say: none for a
 * plain file whatever was given, and PASSPHRASE_REQUIRED for an encrypted one without one.
 */
function keyFor(file: string, probe: Probe, options: FileOptions): FileOptions {
  if (probe.kind === 'plain') return { ...options, passphrase: undefined };
  if (options.passphrase === undefined || options.passphrase === '') throw passphraseRequired(file);
  return options;
}

function checkHeader(file: string, h: Header): void {
  if (h.applicationId !== APPLICATION_ID) {
    throw new ChorusError(
      ErrorCode.NOT_A_PROJECT,
      `${path.basename(file)} is a SQLite database but not a Chorus project.`,
    );
  }
  if (h.userVersion > LATEST_VERSION) {
    throw new ChorusError(
      ErrorCode.NEWER_VERSION,
      `${path.basename(file)} was written by a newer version of Chorus (file format ${h.userVersion}, this version reads up to ${LATEST_VERSION}). Update Chorus to open it.`,
    );
  }
}

/**
 * A read-only connection to a project file that changes nothing in it (a co-coder's copy a merge
 * reads, a file copied to the server or to PostgreSQL), after the checks `openProjectFile` makes:
 * not a Chorus project, newer than this version, encrypted without (or with a wrong) passphrase.
 * Answers its schema version too: an older file is not migrated here.
 */
export function openProjectFileReadOnly(file: string, options: FileOptions = {}): { db: SqliteDb; version: number } {
  const probe = readHeader(file);
  if (probe.kind === 'plain') checkHeader(file, probe.header);
  const keyed = keyFor(file, probe, options);
  let db: SqliteDb;
  try {
    db = openSqlite(file, { nativeBinding: keyed.nativeBinding, passphrase: keyed.passphrase, readonly: true, fileMustExist: true });
  } catch (e) {
    throw new ChorusError(ErrorCode.CORRUPT_FILE, `${path.basename(file)} could not be read: ${(e as Error).message}`);
  }
  try {
    const header = probe.kind === 'encrypted' ? unlock(file, db) : headerOf(db);
    checkHeader(file, header);
    return { db, version: header.userVersion };
  } catch (e) {
    db.close();
    if (e instanceof ChorusError) throw e;
    throw new ChorusError(ErrorCode.CORRUPT_FILE, `${path.basename(file)} could not be read: ${(e as Error).message}`);
  }
}

/** Applies every pending migration and the change-capture triggers in one transaction. */
export function migrate(db: SqliteDb): void {
  const from = db.pragma('user_version', { simple: true }) as number;
  const pending = MIGRATIONS.filter((m) => m.version > from);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql);
    installChangeCapture(db);
    db.pragma(`user_version = ${LATEST_VERSION}`);
  })();
  // A migration that freed much of the file (compact-log drops copies of whole transcripts)
  // gives the space back once, rather than leaving the file at its old size.
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  if (free * 4 > pages) db.exec('VACUUM');
}

function backupName(file: string, version: number): string {
  const dir = path.dirname(file);
  const base = path.basename(file).replace(/\.chorus$/i, '');
  for (let n = 1; ; n++) {
    const candidate = path.join(dir, `${base}.backup-v${version}${n > 1 ? `-${n}` : ''}.chorus`);
    if (!fs.existsSync(candidate)) return candidate;
  }
}

function removeQuietly(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

/**
 * Creates a new project file; refuses to replace anything that exists. With a passphrase the file
 * is encrypted from its first page on: no byte of it is ever written in the clear.
 */
export function createProjectFile(file: string, options: FileOptions = {}): SqliteDb {
  if (fs.existsSync(file)) {
    throw new ChorusError(ErrorCode.CONFLICT, `A file already exists at ${file}; choose another name.`);
  }
  if (!fs.existsSync(path.dirname(path.resolve(file)))) {
    throw new ChorusError(ErrorCode.NOT_FOUND, `The folder ${path.dirname(path.resolve(file))} does not exist.`);
  }
  if (options.passphrase === '') throw new ChorusError(ErrorCode.INVALID_INPUT, 'A passphrase cannot be empty.');
  let db: SqliteDb | undefined;
  try {
    db = connect(file, options);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(db);
    // Put the header (application_id, user_version) into the main file now. Left in the -wal,
    // openProjectFile's pre-check (which reads the main file only) refused the project while
    // another window had it open, or after a crash before the first checkpoint.
    db.pragma('wal_checkpoint(TRUNCATE)');
    return db;
  } catch (e) {
    db?.close();
    removeQuietly(file);
    if (e instanceof ChorusError) throw e;
    throw new ChorusError(ErrorCode.IO_ERROR, `Could not create ${file}: ${(e as Error).message}`);
  }
}

/**
 * Opens a project, refusing (untouched) anything that is not a Chorus project of this version or
 * older. An older file is backed up next to itself, then migrated in one transaction.
 */
export function openProjectFile(file: string, options: FileOptions = {}): OpenedFile {
  const probe = readHeader(file);
  if (probe.kind === 'plain') checkHeader(file, probe.header);
  const keyed = keyFor(file, probe, options);
  if (probe.kind === 'encrypted' && fs.existsSync(`${file}-wal`)) {
    // With a -wal beside the file (another window has it open, or a crash left it), SQLite opens
    // the log before it reads page 1, and a writable connection that is the last to close may
    // checkpoint the log into the file. Whether a wrong key could get that far is SQLite3MC's
    // internals; a read-only connection cannot write to the file or its log whatever its key, so
    // the key is proven there first (a second key derivation, paid only in this case).
    openProjectFileReadOnly(file, keyed).db.close();
  }
  let db: SqliteDb;
  try {
    // An encrypted file's header is checked once the key has opened it, before anything writes.
    db = connect(file, keyed, probe.kind === 'encrypted' ? (c) => checkHeader(file, unlock(file, c)) : undefined);
  } catch (e) {
    if (e instanceof ChorusError) throw e;
    throw new ChorusError(ErrorCode.CORRUPT_FILE, `${path.basename(file)} could not be opened: ${(e as Error).message}`);
  }
  try {
    // The header read above can be stale after a crash (the newest pages sit in the -wal); the
    // connection has recovered them now, so check again.
    const version = db.pragma('user_version', { simple: true }) as number;
    checkHeader(file, { userVersion: version, applicationId: db.pragma('application_id', { simple: true }) as number });
    // Reading the schema catches a damaged first page. A full quick_check would read the whole
    // file (most of a second per 250 MB) on every open; damage elsewhere surfaces as
    // SQLITE_CORRUPT when a page is read, and is reported as CORRUPT_FILE then.
    const tables = new Set(
      (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name),
    );
    if (version > 0 && !['project', 'documents', 'history'].every((t) => tables.has(t))) {
      throw new ChorusError(ErrorCode.CORRUPT_FILE, `${path.basename(file)} is damaged: parts of the project are missing.`);
    }
    if (version === LATEST_VERSION) return { db, migratedFrom: null, backupPath: null };
    const backupPath = backupName(file, version);
    // From a keyed connection VACUUM INTO writes the copy encrypted with the same key and cipher,
    // so the backup of an encrypted project is as protected as the project.
    db.prepare('VACUUM INTO ?').run(backupPath);
    migrate(db);
    return { db, migratedFrom: version, backupPath };
  } catch (e) {
    db.close();
    if (e instanceof ChorusError) throw e;
    throw new ChorusError(ErrorCode.CORRUPT_FILE, `${path.basename(file)} could not be read: ${(e as Error).message}`);
  }
}
