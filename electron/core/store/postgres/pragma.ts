/**
 * SQLite's pragmas on PostgreSQL: the few the store and the core read or set, each answered with
 * its PostgreSQL equivalent; any other one is an error that names it, so a pragma the engine does
 * not know never silently does nothing.
 */
import { PostgresError } from './errors.js';

/** What a pragma may ask of the connection. */
export interface PragmaHost {
  inTransaction(): boolean;
  /** Runs one parameterised statement and returns its first row's first value, as text. */
  scalar(text: string, values?: (string | null)[]): string | null;
  /** Runs parameterless statements. */
  command(text: string): void;
  state: PragmaState;
}

/** Per-connection values of the pragmas that are only remembered (SQLite's defaults). */
export interface PragmaState {
  cacheSize: number;
  synchronous: number;
  /** defer_foreign_keys was set in the current transaction. */
  deferred: boolean;
  /** data_version: a counter, and the snapshot it was last read at. */
  dataVersion: number;
  snapshot: string | null;
}

export function initialPragmaState(): PragmaState {
  return { cacheSize: -2000, synchronous: 2, deferred: false, dataVersion: 1, snapshot: null };
}

const PRAGMA = /^\s*(?:[A-Za-z_][A-Za-z0-9_]*\.)?([A-Za-z_][A-Za-z0-9_]*)\s*(?:=\s*(.*?)|\((.*)\))?\s*;?\s*$/s;

function flag(name: string, value: string): boolean {
  const v = value.replace(/^['"]|['"]$/g, '').toUpperCase();
  if (['1', 'ON', 'TRUE', 'YES'].includes(v)) return true;
  if (['0', 'OFF', 'FALSE', 'NO'].includes(v)) return false;
  throw new PostgresError(`PRAGMA ${name}: not a boolean: ${value}`, 'SQLITE_ERROR');
}

function integer(name: string, value: string): number {
  const n = Number(value.replace(/^['"]|['"]$/g, ''));
  if (!Number.isInteger(n)) throw new PostgresError(`PRAGMA ${name}: not an integer: ${value}`, 'SQLITE_ERROR');
  return n;
}

const SYNCHRONOUS: Record<string, number> = { OFF: 0, NORMAL: 1, FULL: 2, EXTRA: 3 };

/**
 * Runs a pragma: `name` reads it, `name = value` or `name(value)` sets it. Answers as
 * better-sqlite3 does: rows of `{ name: value }`, or with `simple` the first value alone.
 */
export function runPragma(host: PragmaHost, source: string, simple: boolean): unknown {
  const m = PRAGMA.exec(source);
  if (!m) throw new PostgresError(`Not a pragma: ${source}`, 'SQLITE_ERROR');
  const name = m[1]!.toLowerCase();
  const value = m[2] ?? m[3];
  const answer = (v: unknown) => (simple ? v : [{ [name]: v }]);
  const done = () => (simple ? undefined : []);
  const s = host.state;

  switch (name) {
    case 'user_version':
      // SQLite keeps it in the file header; here a one-row table of the schema (helpers.ts), so a
      // migration that sets it inside its transaction is undone with it, as in SQLite.
      if (value === undefined) return answer(Number(host.scalar('SELECT user_version FROM chorus_engine')));
      host.scalar('UPDATE chorus_engine SET user_version = $1 RETURNING user_version', [String(integer(name, value))]);
      return done();

    case 'data_version': {
      // SQLite's changes when another connection commits. PostgreSQL's snapshot (xmin:xmax:the
      // transactions in progress) changes whenever any transaction that wrote commits: a commit
      // takes its id out of the in-progress list for good. So a new snapshot text means "maybe
      // changed" and the same text "certainly unchanged". It is cluster-wide, so it changes more
      // often than SQLite's (other projects, this connection's own commits): a cache keyed on it
      // misses more, never serves stale data.
      if (value !== undefined) throw new PostgresError('PRAGMA data_version is read-only', 'SQLITE_ERROR');
      const snapshot = host.scalar('SELECT pg_current_snapshot()::text');
      if (s.snapshot !== null && snapshot !== s.snapshot) s.dataVersion++;
      s.snapshot = snapshot;
      return answer(s.dataVersion);
    }

    case 'foreign_keys':
      // PostgreSQL always enforces them.
      if (value === undefined) return answer(1);
      if (!flag(name, value)) {
        throw new PostgresError(
          'PRAGMA foreign_keys = OFF has no PostgreSQL equivalent: foreign keys are always enforced (declare them DEFERRABLE and use defer_foreign_keys).',
          'SQLITE_ERROR',
        );
      }
      return done();

    case 'defer_foreign_keys':
      // Only constraints declared DEFERRABLE can be deferred. Like SQLite's, the setting ends with
      // the transaction; outside one, a statement is its own transaction and the pragma is moot.
      if (value === undefined) return answer(host.inTransaction() && s.deferred ? 1 : 0);
      s.deferred = flag(name, value) && host.inTransaction();
      if (host.inTransaction()) host.command(`SET CONSTRAINTS ALL ${s.deferred ? 'DEFERRED' : 'IMMEDIATE'}`);
      return done();

    case 'cache_size':
      // The server manages its own memory (shared_buffers); the value is only remembered, so
      // code that saves and restores it works.
      if (value === undefined) return answer(s.cacheSize);
      s.cacheSize = integer(name, value);
      return done();

    case 'journal_mode':
      // PostgreSQL always writes ahead: whatever is asked, the answer is the mode in effect.
      return answer('wal');

    case 'synchronous': {
      // OFF → the commit does not wait for the disk (synchronous_commit = off: a crash may lose
      // the last commits, never corrupt); NORMAL, FULL, EXTRA → it waits.
      if (value === undefined) return answer(s.synchronous);
      const v = value.replace(/^['"]|['"]$/g, '').toUpperCase();
      const level = SYNCHRONOUS[v] ?? integer(name, v);
      if (level < 0 || level > 3) throw new PostgresError(`PRAGMA synchronous: unknown level ${value}`, 'SQLITE_ERROR');
      host.command(`SET synchronous_commit = ${level === 0 ? 'off' : 'on'}`);
      s.synchronous = level;
      return done();
    }
  }
  throw new PostgresError(`PRAGMA ${name} has no equivalent in the PostgreSQL engine`, 'SQLITE_ERROR');
}
