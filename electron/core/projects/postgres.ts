/**
 * Projects stored in PostgreSQL, one schema per project (the team server's): the same `Project`
 * and so the same services as a `.chorus` file, over a PostgresDb (store/postgres/). And the
 * way in and out: a project file's rows copied into a schema, and a schema's back into a file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { CoreEnv } from '../env.js';
import { Project } from '../project.js';
import { LATEST_VERSION, MIGRATIONS } from '../store/migrations/index.js';
import { openPostgres, type PostgresDb } from '../store/postgres/connection.js';
import { copyRowsFromPostgres, copyRowsToPostgres } from '../store/postgres/copy.js';
import { createProjectTables, installCaptureTriggers, installProjectSchema } from '../store/postgres/project-schema.js';
import { createProjectFile, openProjectFile, openProjectFileReadOnly } from '../store/project-file.js';
import type { SqliteDb } from '../store/sqlite.js';
import { inTransaction, stmt } from '../store/statements.js';

/** What `Project.path` says of a project in PostgreSQL: there is no file, only its schema. */
export function postgresProjectPath(schema: string): string {
  return `postgres:${schema}`;
}

function schemaVersion(db: PostgresDb): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Opens a connection whose schema must not hold a project yet. */
function openEmpty(url: string, schema: string): PostgresDb {
  const db = openPostgres(url, { schema });
  if (schemaVersion(db) !== 0) {
    db.close();
    throw new ChorusError(ErrorCode.CONFLICT, `The PostgreSQL schema ${schema} holds a project already.`);
  }
  return db;
}

/**
 * Migrations that change nothing in PostgreSQL but the capture triggers, which are made again from
 * the schema: a project of the version before them is brought up to date as it is opened.
 */
const TRIGGER_ONLY_MIGRATIONS: ReadonlySet<number> = new Set([80]);

/** Brings a project of an older version up to date, if only trigger-only migrations lie between. */
function upgrade(db: PostgresDb, version: number): number {
  const pending = MIGRATIONS.filter((m) => m.version > version).map((m) => m.version);
  if (version === 0 || pending.length === 0 || !pending.every((v) => TRIGGER_ONLY_MIGRATIONS.has(v))) return version;
  inTransaction(db, () => {
    // Checked again under the write lock: another server process may have done it meanwhile.
    if (schemaVersion(db) !== version) return;
    installCaptureTriggers(db);
    db.pragma(`user_version = ${LATEST_VERSION}`);
  });
  return schemaVersion(db);
}

/** Opens a connection to the project in `schema`, refusing a schema without one or of a newer version. */
function openExisting(url: string, schema: string): PostgresDb {
  const db = openPostgres(url, { schema });
  let version: number;
  try {
    version = upgrade(db, schemaVersion(db));
  } catch (e) {
    db.close();
    throw e;
  }
  // PostgreSQL projects are made at the latest version; an older one is opened only when what
  // changed since is the capture triggers (TRIGGER_ONLY_MIGRATIONS).
  if (version !== LATEST_VERSION) {
    db.close();
    if (version === 0) throw new ChorusError(ErrorCode.NOT_FOUND, `There is no project in the PostgreSQL schema ${schema}.`);
    throw new ChorusError(
      version > LATEST_VERSION ? ErrorCode.NEWER_VERSION : ErrorCode.NOT_A_PROJECT,
      `The project in the PostgreSQL schema ${schema} has format ${version}; this version of Chorus reads ${LATEST_VERSION}.`,
    );
  }
  return db;
}

/** Creates a project in an empty schema, with its project row, as createProject does for a file. */
export function createPostgresProject(url: string, schema: string, env: CoreEnv, title: string): Project {
  const db = openEmpty(url, schema);
  try {
    const project = new Project(db, postgresProjectPath(schema), env);
    inTransaction(db, () => {
      installProjectSchema(db);
      const s = project.stamp();
      stmt(db, `INSERT INTO project (id, guid, title, created_at) VALUES (1, ?, ?, ?)`).run(env.newGuid(), title.trim() || schema, s.at);
    });
    return project;
  } catch (e) {
    db.close();
    throw e;
  }
}

export function openPostgresProject(url: string, schema: string, env: CoreEnv): Project {
  return new Project(openExisting(url, schema), postgresProjectPath(schema), env);
}

/**
 * A read-only connection to a project file at the latest version. An older file is not migrated
 * in place (a copy must not change its source): a copy of it is, in a temporary folder, encrypted
 * with the same key when the file is (VACUUM INTO from a keyed connection).
 */
function readSource(file: string, env: CoreEnv, passphrase: string | undefined): { db: SqliteDb; done(): void } {
  const { db, version } = openProjectFileReadOnly(file, { nativeBinding: env.nativeBinding, passphrase });
  if (version === LATEST_VERSION) return { db, done: () => db.close() };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-copy-'));
  try {
    const copy = path.join(dir, path.basename(file));
    db.prepare('VACUUM INTO ?').run(copy);
    db.close();
    const migrated = openProjectFile(copy, { nativeBinding: env.nativeBinding, passphrase }).db;
    return {
      db: migrated,
      done: () => {
        migrated.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    if (db.open) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Copies a project file into an empty schema: every table's rows with their ids, in one
 * transaction, the capture triggers added after the rows (they would only find capture off). An
 * encrypted file is read with its passphrase; at-rest protection in PostgreSQL is the server's.
 */
export function copyProjectToPostgres(sqliteFile: string, url: string, schema: string, env: CoreEnv, passphrase?: string): void {
  const source = readSource(sqliteFile, env, passphrase);
  try {
    const target = openEmpty(url, schema);
    try {
      inTransaction(target, () => {
        createProjectTables(target);
        // A file read while another connection writes to it gives one consistent state.
        source.db.exec('BEGIN');
        try {
          copyRowsToPostgres(source.db, target);
        } finally {
          source.db.exec('COMMIT');
        }
        installCaptureTriggers(target);
        target.pragma(`user_version = ${LATEST_VERSION}`);
      });
    } finally {
      target.close();
    }
  } finally {
    source.done();
  }
}

/** Copies the project in `schema` into a new project file at `outFile` (which must not exist). */
export function copyProjectFromPostgres(url: string, schema: string, outFile: string, env: CoreEnv): void {
  const source = openExisting(url, schema);
  try {
    const target = createProjectFile(outFile, { nativeBinding: env.nativeBinding });
    try {
      // The write lock keeps the project as it is for the whole copy (commands take it too).
      inTransaction(source, () => inTransaction(target, () => copyRowsFromPostgres(source, target)));
      target.pragma('wal_checkpoint(TRUNCATE)');
      target.close();
    } catch (e) {
      target.close();
      for (const f of [outFile, `${outFile}-wal`, `${outFile}-shm`]) fs.rmSync(f, { force: true });
      throw e;
    }
  } finally {
    source.close();
  }
}
