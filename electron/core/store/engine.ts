/**
 * The store's one seam between Chorus and a database engine: the few connection and statement
 * methods the store uses, written in SQLite's dialect. A desktop project is a better-sqlite3
 * connection to a `.chorus` file, which has exactly these methods; the team server's projects
 * live in PostgreSQL behind a connection that offers the same ones. The store's modules and the
 * services above them are written once, against this interface.
 */

export interface SqlRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** A prepared statement. Parameters are positional (`?`) or named (`@name`, given as one object). */
export interface SqlStatement {
  run(...params: unknown[]): SqlRunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** Rows as their first column's value. */
  pluck(on?: boolean): this;
  /** Rows as arrays of values instead of objects. */
  raw(on?: boolean): this;
}

export interface SqlDb {
  /**
   * Which dialect the connection speaks when a statement cannot be written once for both (see
   * `dialect` in statements.ts): PostgresDb says 'postgres'; better-sqlite3 has no such property.
   */
  readonly engine?: 'postgres';
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): SqlStatement;
  /** Runs statements that take no parameters and return nothing (BEGIN, SAVEPOINT, DDL). */
  exec(sql: string): unknown;
  /** A SQLite pragma; an engine without it answers the ones the store reads with its own equivalent. */
  pragma(source: string, options?: { simple?: boolean }): unknown;
  close(): unknown;
}
