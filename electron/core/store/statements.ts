import type { SqlDb, SqlStatement } from './engine.js';

/**
 * Prepared statements, prepared once per connection and reused: preparing is a large share of
 * the cost of a small query.
 */
const cache = new WeakMap<SqlDb, Map<string, SqlStatement>>();

export function stmt(db: SqlDb, sql: string): SqlStatement {
  let byText = cache.get(db);
  if (!byText) {
    byText = new Map();
    cache.set(db, byText);
  }
  let s = byText.get(sql);
  if (!s) {
    s = db.prepare(sql);
    byText.set(sql, s);
  }
  return s;
}

/**
 * Runs `body` in one write transaction, committed when it returns and rolled back when it throws:
 * every operation is one transaction. `BEGIN IMMEDIATE` takes the write lock at once, so a
 * read-then-write body never meets another writer halfway (PostgreSQL: a per-project lock).
 */
export function inTransaction<T>(db: SqlDb, body: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = body();
    db.exec('COMMIT');
    return result;
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}

/** Whether the connection is a project in PostgreSQL (the team server) rather than a SQLite file. */
export function isPostgres(db: SqlDb): boolean {
  return db.engine === 'postgres';
}

/**
 * The one way the store picks a statement written twice: SQLite's text (the desktop app's, left as
 * it was) and PostgreSQL's, for what the translation cannot carry over (FTS5, SQLite's JSON
 * functions, pragma_table_info, ...: postgres/translate.ts lists them). Portable text needs none.
 */
export function dialect<T>(db: SqlDb, variants: { sqlite: T; postgres: T }): T {
  return db.engine === 'postgres' ? variants.postgres : variants.sqlite;
}

/** Rows per INSERT in `insertRows`: a few hundred, well under SQLite's limit of bound values. */
const ROWS_PER_STATEMENT = 200;

/**
 * Inserts rows in order, a few hundred per statement: inserting many rows one statement each
 * spent most of its time crossing into SQLite and back. `rows` hold one value per column.
 */
export function insertRows(
  db: SqlDb,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): void {
  const width = columns.length;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const count = Math.min(ROWS_PER_STATEMENT, rows.length - i);
    const values = new Array<unknown>(count * width);
    for (let r = 0; r < count; r++) {
      const row = rows[i + r]!;
      for (let c = 0; c < width; c++) values[r * width + c] = row[c];
    }
    stmt(db, insertSql(table, columns, count)).run(values);
  }
}

/** The text of an INSERT of `count` rows, made once per shape: statements are cached by their text. */
const insertSqlCache = new Map<string, string>();
function insertSql(table: string, columns: readonly string[], count: number): string {
  const key = `${table}\u0000${columns.join(',')}\u0000${count}`;
  let sql = insertSqlCache.get(key);
  if (sql === undefined) {
    const one = `(${columns.map(() => '?').join(', ')})`;
    sql = `INSERT INTO "${table}" (${columns.join(', ')}) VALUES ${Array(count).fill(one).join(', ')}`;
    insertSqlCache.set(key, sql);
  }
  return sql;
}
