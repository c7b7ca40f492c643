import fs from 'node:fs';
import path from 'node:path';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { CoreEnv } from '../env.js';
import type { Project } from '../project.js';
import { openProject } from '../projects/files.js';
import { copyProjectFromPostgres, copyProjectToPostgres, openPostgresProject } from '../projects/postgres.js';
import { openPostgres } from '../store/postgres/connection.js';
import { openProjectFileReadOnly } from '../store/project-file.js';
import { openSqlite, passphraseOf, rekey, sqliteConnection, type SqliteDb } from '../store/sqlite.js';

/**
 * Where a team server keeps its projects. The server's rules do not depend on it: a hosted project
 * is a `Project` either way, and moves in and out as a `.chorus` file.
 */
export interface ProjectStorage {
  /** Opens a hosted project by its storage name (as kept in the server's `projects` table). */
  open(storage: string, env: CoreEnv): Project;
  /**
   * Copies a desktop project file in under a new storage name, migrated to the current schema.
   * Reads only; the file is left as it was. An encrypted file needs its passphrase; the copy is
   * not encrypted (see TeamServer.importProject).
   */
  importFile(file: string, storage: string, env: CoreEnv, passphrase?: string): void;
  /** Writes an open hosted project to a new `.chorus` file. */
  exportTo(storage: string, project: Project, out: string, env: CoreEnv): void;
  /** Removes what `importFile` made, after a failure. */
  remove(storage: string): void;
  /** A storage name for a new project (unique; the caller gives a fresh guid). */
  nameFor(guid: string): string;
}

/** The guid and title of a desktop project file, read without changing it. */
export function describeProjectFile(file: string, env: CoreEnv, passphrase?: string): { guid: string; title: string } {
  let source: SqliteDb;
  try {
    source = openProjectFileReadOnly(file, { nativeBinding: env.nativeBinding, passphrase }).db;
  } catch (e) {
    if (e instanceof ChorusError) throw e;
    throw new ChorusError(ErrorCode.NOT_FOUND, `${path.basename(file)} could not be opened: ${(e as Error).message}`);
  }
  try {
    const row = source.prepare(`SELECT guid, title FROM project WHERE id = 1`).get() as { guid: string; title: string } | undefined;
    if (!row) throw new Error('no project row');
    return row;
  } catch {
    throw new ChorusError(ErrorCode.NOT_A_PROJECT, `${path.basename(file)} is not a Chorus project.`);
  } finally {
    source.close();
  }
}

/** Projects as `.chorus` files in one folder of the server's data folder. */
export class FolderStorage implements ProjectStorage {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  private file(storage: string): string {
    return path.join(this.dir, storage);
  }

  nameFor(guid: string): string {
    return `${guid}.chorus`;
  }

  open(storage: string, env: CoreEnv): Project {
    return openProject(this.file(storage), env);
  }

  importFile(file: string, storage: string, env: CoreEnv, passphrase?: string): void {
    const target = this.file(storage);
    const { db: source } = openProjectFileReadOnly(file, { nativeBinding: env.nativeBinding, passphrase });
    const encrypted = passphraseOf(source) !== undefined;
    try {
      // A compact, consistent copy, even of a file open in the desktop app (its WAL included).
      // From an encrypted file it comes out encrypted with the same key, and is decrypted next.
      source.prepare('VACUUM INTO ?').run(target);
    } finally {
      source.close();
    }
    if (encrypted) {
      const copy = openSqlite(target, { nativeBinding: env.nativeBinding, passphrase });
      try {
        rekey(copy, null);
      } finally {
        copy.close();
      }
    }
    // Opening migrates an older file, and fails clearly on a newer or damaged one.
    openProject(target, env).close();
  }

  exportTo(_storage: string, project: Project, out: string): void {
    sqliteConnection(project.db).prepare('VACUUM INTO ?').run(out);
  }

  remove(storage: string): void {
    const target = this.file(storage);
    for (const f of [target, `${target}-wal`, `${target}-shm`]) fs.rmSync(f, { force: true });
  }
}

/**
 * Projects in one PostgreSQL database, a schema each (`project_<hex>`): the store's statements
 * run unchanged there under the schema's search path (store/postgres/). Moving in and out copies
 * every row of a `.chorus` file with its ids.
 */
export class PostgresStorage implements ProjectStorage {
  constructor(readonly url: string) {}

  nameFor(guid: string): string {
    return `project_${guid.replace(/[^0-9a-f]/gi, '').toLowerCase()}`;
  }

  open(storage: string, env: CoreEnv): Project {
    return openPostgresProject(this.url, storage, env);
  }

  importFile(file: string, storage: string, env: CoreEnv, passphrase?: string): void {
    copyProjectToPostgres(file, this.url, storage, env, passphrase);
  }

  exportTo(storage: string, _project: Project, out: string, env: CoreEnv): void {
    copyProjectFromPostgres(this.url, storage, out, env);
  }

  remove(storage: string): void {
    if (!/^project_[0-9a-f]+$/.test(storage)) return;
    const db = openPostgres(this.url, { schema: storage });
    try {
      db.exec(`DROP SCHEMA IF EXISTS ${storage} CASCADE`);
    } finally {
      db.close();
    }
  }
}
