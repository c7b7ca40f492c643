import Database from 'better-sqlite3';
import type { SqlDb } from './engine.js';

/**
 * The better-sqlite3 connection behind a desktop project, for the few callers that work on the
 * file itself (benchmarks and tests that seed it directly, backups): a server project has none.
 */
export function sqliteConnection(db: SqlDb): Database.Database {
  if (!(db instanceof Database)) throw new Error('This project is not stored in a SQLite file.');
  return db;
}
