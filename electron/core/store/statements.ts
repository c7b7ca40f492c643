import type Database from 'better-sqlite3';

/**
 * Prepared statements, prepared once per connection and reused: preparing is a large share of
 * the cost of a small query.
 */
const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function stmt(db: Database.Database, sql: string): Database.Statement {
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

/** Rows per INSERT in `insertRows`: a few hundred, well under SQLite's limit of bound values. */
const ROWS_PER_STATEMENT = 200;

/**
 * Inserts rows in order, a few hundred per statement: inserting many rows one statement each
 * spent most of its time crossing into SQLite and back. `rows` hold one value per column.
 */
export function insertRows(
  db: Database.Database,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): void {
  const one = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const batch = rows.slice(i, i + ROWS_PER_STATEMENT);
    stmt(db, `INSERT INTO "${table}" (${columns.join(', ')}) VALUES ${Array(batch.length).fill(one).join(', ')}`).run(batch.flat());
  }
}
