/**
 * A project's rows between a SQLite file and a PostgreSQL schema, with their ids: every table of
 * the project (postgres/project-schema.ts lists them), so that a file that goes to PostgreSQL and
 * back has the same rows in every table. Foreign keys are deferred for the copy, so the order of
 * rows never matters (a code may come before the parent it was moved under).
 *
 * Left out on purpose: capture_state (each side makes its own row, and between commands it is
 * always "not capturing") and the search index (each side's is built from turns: FTS5 is rebuilt
 * after the copy; PostgreSQL's is an index on turns and builds itself).
 */
import type { SqliteDb } from '../sqlite.js';
import { insertRows } from '../statements.js';
import type { PostgresDb } from './connection.js';
import { PROJECT_TABLES, resyncSequences, sequenceFloor } from './project-schema.js';

/** Rows held in memory at a time: a few thousand keep a large transcript table's copy small. */
const BATCH = 2000;

/** The tables a copy carries, parents before children. */
export const COPIED_TABLES = PROJECT_TABLES.map((t) => t.name).filter((t) => t !== 'capture_state');

/** The key each table's rows are read in order of (history's is seq). */
const keyOf = (table: string) => (table === 'history' ? 'seq' : 'id');

/** Copies every table of a migrated SQLite project into PostgreSQL tables made by createProjectTables. */
export function copyRowsToPostgres(source: SqliteDb, target: PostgresDb): void {
  target.pragma('defer_foreign_keys = ON');
  for (const table of COPIED_TABLES) {
    const read = source.prepare(`SELECT * FROM "${table}" ORDER BY "${keyOf(table)}"`).raw(true);
    const columns = read.columns().map((c) => c.name);
    let batch: unknown[][] = [];
    for (const row of read.iterate() as IterableIterator<unknown[]>) {
      batch.push(row);
      if (batch.length >= BATCH) {
        insertRows(target, table, columns, batch);
        batch = [];
      }
    }
    insertRows(target, table, columns, batch);
  }
  // SQLite remembers the largest history seq ever used, also once that entry is gone (a command
  // that changed nothing); the copy must not hand it out again either.
  const used = source.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'history'`).pluck(true).get() as number | undefined;
  resyncSequences(target, { history: used ?? 0 });
}

/** The columns of a PostgreSQL table, in order. */
function columnsOf(db: PostgresDb, table: string): string[] {
  return db
    .prepare(`SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`)
    .pluck(true)
    .all(table) as string[];
}

/** Copies every table of a PostgreSQL project into a new, migrated, empty project file (no project row). */
export function copyRowsFromPostgres(source: PostgresDb, target: SqliteDb): void {
  target.pragma('defer_foreign_keys = ON');
  for (const table of COPIED_TABLES) {
    const columns = columnsOf(source, table);
    const key = keyOf(table);
    // Keyset pages: a large table is never held in memory whole.
    const page = source.prepare(`SELECT * FROM "${table}" WHERE "${key}" > ? ORDER BY "${key}" LIMIT ${BATCH}`).raw(true);
    for (let after = -1; ; ) {
      const rows = page.all(after) as unknown[][];
      if (rows.length === 0) break;
      insertRows(target, table, columns, rows);
      after = rows[rows.length - 1]![columns.indexOf(key)] as number;
    }
  }
  const used = sequenceFloor(source, 'history', 'seq');
  if (used > 0) {
    target.prepare(`UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'history'`).run(used);
    target.prepare(`INSERT INTO sqlite_sequence (name, seq) SELECT 'history', ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'history')`).run(used);
  }
  target.exec(`INSERT INTO turns_fts(turns_fts) VALUES ('rebuild')`);
}
