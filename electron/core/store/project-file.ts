import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index.js';
import { installChangeCapture } from './change-capture.js';

/** PRAGMA application_id of every Chorus project: 'CHOR'. */
export const APPLICATION_ID = 0x43484f52;
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export interface FileOptions {
  /**
   * Path of a better-sqlite3 native addon built for the running runtime. The desktop app passes
   * its Electron-ABI build; Node (CLI, server, tests) uses the package's own.
   */
  nativeBinding?: string;
}

export interface OpenedFile {
  db: Database.Database;
  /** The schema version the file had, when it was migrated on opening. */
  migratedFrom: number | null;
  backupPath: string | null;
}

function connect(file: string, options: FileOptions): Database.Database {
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
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

/**
 * Reads the SQLite header without opening a connection, so that a file we refuse is never
 * touched (no -wal/-shm files, no journal recovery, not a byte changed).
 */
function readHeader(file: string): Header {
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
  if (read < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) {
    throw new ChorusError(ErrorCode.NOT_A_PROJECT, `${path.basename(file)} is not a Chorus project (it is not a SQLite database).`);
  }
  return { userVersion: header.readUInt32BE(60), applicationId: header.readUInt32BE(68) };
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
 * The checks `openProjectFile` makes before connecting, for a file opened read-only elsewhere (the
 * co-coder's copy a merge reads): refuses what is not a Chorus project or is newer than this
 * version, without touching the file, and answers its schema version.
 */
export function checkProjectFile(file: string): number {
  const header = readHeader(file);
  checkHeader(file, header);
  return header.userVersion;
}

/** Applies every pending migration and the change-capture triggers in one transaction. */
export function migrate(db: Database.Database): void {
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

/** Creates a new project file; refuses to replace anything that exists. */
export function createProjectFile(file: string, options: FileOptions = {}): Database.Database {
  if (fs.existsSync(file)) {
    throw new ChorusError(ErrorCode.CONFLICT, `A file already exists at ${file}; choose another name.`);
  }
  if (!fs.existsSync(path.dirname(path.resolve(file)))) {
    throw new ChorusError(ErrorCode.NOT_FOUND, `The folder ${path.dirname(path.resolve(file))} does not exist.`);
  }
  let db: Database.Database | undefined;
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
  const header = readHeader(file);
  checkHeader(file, header);
  let db: Database.Database;
  try {
    db = connect(file, options);
  } catch (e) {
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
    db.prepare('VACUUM INTO ?').run(backupPath);
    migrate(db);
    return { db, migratedFrom: version, backupPath };
  } catch (e) {
    db.close();
    if (e instanceof ChorusError) throw e;
    throw new ChorusError(ErrorCode.CORRUPT_FILE, `${path.basename(file)} could not be read: ${(e as Error).message}`);
  }
}
