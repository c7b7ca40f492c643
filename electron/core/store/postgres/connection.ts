/**
 * A team-server project in PostgreSQL, behind the store's seam (engine.ts): the same methods as a
 * better-sqlite3 connection, synchronous like it, over pg-native's sync client (libpq). Each
 * project is a schema; the connection's search_path is that schema, so the store's unqualified
 * table names are the project's.
 *
 * Statements are written in SQLite's dialect and translated once (translate.ts); each distinct
 * translated text is prepared once on the server and executed with its parameters bound as text.
 * What PostgreSQL does differently, and what this connection does about it:
 * - transactions: BEGIN IMMEDIATE also takes a per-project advisory lock, so writers take turns
 *   as they do on a SQLite file (the core reads, then writes, inside one command and relies on
 *   nobody writing in between). SAVEPOINT outside a transaction starts one and RELEASE of that
 *   savepoint commits it, as in SQLite. BEGIN inside a transaction and COMMIT/ROLLBACK outside one
 *   are errors, as in SQLite (PostgreSQL would only warn).
 * - a failed statement inside a transaction aborts the whole transaction in PostgreSQL (SQLite
 *   undoes only the statement). Code that wants to go on after a failure uses a savepoint
 *   (documents/import.ts does). COMMIT of an aborted transaction is refused here rather than
 *   silently turned into a rollback, as PostgreSQL would.
 * - lastInsertRowid: an INSERT into a table whose primary key is one integer column gets
 *   `RETURNING <key>` appended, and the last returned key is the row id. Unlike lastval() this is
 *   right when the statement gives the id itself (undo re-inserts rows with their ids) and when a
 *   trigger or default draws from another sequence; an INSERT that inserts nothing (ON CONFLICT DO
 *   NOTHING) leaves the previous value, as SQLite's last_insert_rowid() does.
 * - locks wait `timeout` milliseconds (better-sqlite3's default, 5 s) and then fail with
 *   SQLITE_BUSY, like a busy SQLite file.
 */
import { createRequire } from 'node:module';
import { ChorusError } from '../../../../shared/errors.js';
import type { SqlDb, SqlRunResult, SqlStatement } from '../engine.js';
import { fromResult, PostgresError, type PgErrorFields } from './errors.js';
import { ENGINE_TABLE, HELPERS_SQL, HELPERS_VERSION } from './helpers.js';
import { initialPragmaState, runPragma, type PragmaHost, type PragmaState } from './pragma.js';
import { translate, translateStatements, type Translated } from './translate.js';
import { bindParams, parserFor, type Parser } from './values.js';

/** The part of the libpq addon (node_modules/libpq) this connection uses. */
interface Libpq {
  exec(text: string): void;
  execParams(text: string, values: (string | null)[]): void;
  prepare(name: string, text: string, nParams: number): void;
  execPrepared(name: string, values: (string | null)[]): void;
  resultStatus(): string;
  resultErrorMessage(): string;
  resultErrorFields(): PgErrorFields | null;
  errorMessage(): string;
  cmdStatus(): string;
  cmdTuples(): string;
  ntuples(): number;
  nfields(): number;
  fname(i: number): string;
  ftype(i: number): number;
  getvalue(row: number, col: number): string;
  getisnull(row: number, col: number): boolean;
  transactionStatus(): number;
  escapeLiteral(s: string): string;
  escapeIdentifier(s: string): string;
}

interface NativeClient {
  pq: Libpq;
  connectSync(conninfo: string): void;
  end(): void;
}

/** PQtransactionStatus: idle, a command running, in a transaction, in a failed transaction. */
const TX_IN = 2;
const TX_FAILED = 3;

/** SQLite text → its translation, shared by all connections: translating is pure. */
const translations = new Map<string, Translated>();
const MAX_TRANSLATIONS = 10_000;

/** Statements the connection runs itself, with SQLite's transaction rules. */
const CONTROL = new Set<string>(['begin', 'commit', 'rollback', 'savepoint', 'release', 'rollback-to']);

export interface PostgresOptions {
  /** The project's schema: created (with the engine's helpers) when missing. */
  schema: string;
  /** How long a statement waits for a lock before failing with SQLITE_BUSY, in ms (default 5000). */
  timeout?: number;
}

/** pg-native, loaded on first use: the desktop app and the CLI never need it. */
function loadClient(): new () => NativeClient {
  try {
    return createRequire(import.meta.url)('pg-native') as new () => NativeClient;
  } catch (e) {
    throw new ChorusError(
      'INTERNAL',
      'Projects in PostgreSQL need the optional package pg-native and its libpq addon, which are not installed ' +
        `(${(e as Error).message.split('\n')[0]}). Install the Debian package libpq-dev, then run npm install pg-native.`,
    );
  }
}

/** Clients just ended, kept from the garbage collector until libuv has closed their socket watcher. */
const ending = new Set<NativeClient>();

/**
 * Ends a client. The libpq addon's finish() hands its socket watcher (inside the native object) to
 * uv_close and at once lets the object be collected; libuv completes the close on a later turn of
 * the event loop. Collected before then, the watcher's memory is reused and node aborts in
 * uv__finish_close (seen with many connections opened and closed in one synchronous stretch). So
 * the client stays referenced for two turns of the loop.
 */
export function endClient(client: NativeClient): void {
  ending.add(client);
  try {
    client.end();
  } finally {
    setImmediate(() => setImmediate(() => ending.delete(client)).unref()).unref();
  }
}

export function openPostgres(url: string, options: PostgresOptions): PostgresDb {
  const Client = loadClient();
  const client = new Client();
  try {
    client.connectSync(url);
  } catch (e) {
    throw new PostgresError(`Could not connect to PostgreSQL: ${(e as Error).message.trim()}`, 'SQLITE_CANTOPEN');
  }
  try {
    return new PostgresDb(client, options);
  } catch (e) {
    endClient(client);
    throw e;
  }
}

interface Prepared {
  /** The server-side statement, once prepared. */
  name: string | null;
  text: string;
  /** The column of the key RETURNING gives back, for lastInsertRowid. */
  returnsKey: boolean;
}

export class PostgresDb implements SqlDb {
  readonly engine = 'postgres' as const;
  readonly schema: string;
  private client: NativeClient;
  private pq: Libpq;
  private isOpen = true;
  private lastRowid = 0;
  /** Translated text → its server statement. */
  private prepared = new Map<string, Prepared>();
  private primaryKeys = new Map<string, string | null>();
  private statementCount = 0;
  /** The savepoint that started the transaction (SAVEPOINT outside BEGIN), folded as PostgreSQL folds it. */
  private outerSavepoint: string | null = null;
  /** The error that aborted the current transaction, for the messages of what fails after it. */
  private abortedBy: string | null = null;
  private readonly lockSql: string;
  private readonly pragmaHost: PragmaHost;
  private readonly pragmaState: PragmaState = initialPragmaState();

  constructor(client: NativeClient, options: PostgresOptions) {
    this.client = client;
    this.pq = client.pq;
    this.schema = options.schema;
    const pq = this.pq;
    const schema = pq.escapeIdentifier(options.schema);
    // One advisory lock per project, keyed by its schema, for BEGIN IMMEDIATE.
    this.lockSql = `SELECT pg_advisory_xact_lock(hashtext('chorus'), hashtext(${pq.escapeLiteral(options.schema)}))`;

    this.command(
      `SET client_encoding = 'UTF8'; SET standard_conforming_strings = on; SET TimeZone = 'UTC'; SET client_min_messages = warning; ` +
        `SET lock_timeout = ${Math.max(0, Math.round(options.timeout ?? 5000))}`,
    );
    this.checkDatabase();
    this.installHelpers(schema);
    this.command(`SET search_path TO ${schema}`);

    this.pragmaHost = {
      inTransaction: () => this.inTransaction,
      scalar: (text, values) => {
        this.execute(() => (values ? this.pq.execParams(text, values) : this.pq.exec(text)));
        return this.pq.ntuples() > 0 && !this.pq.getisnull(0, 0) ? this.pq.getvalue(0, 0) : null;
      },
      command: (text) => this.command(text),
      state: this.pragmaState,
    };
  }

  get open(): boolean {
    return this.isOpen;
  }

  get inTransaction(): boolean {
    if (!this.isOpen) return false;
    const status = this.pq.transactionStatus();
    return status === TX_IN || status === TX_FAILED;
  }

  /** Whether the transaction has failed and only ROLLBACK (TO a savepoint) can go on. */
  private get failed(): boolean {
    return this.pq.transactionStatus() === TX_FAILED;
  }

  /**
   * Text must sort and compare as in SQLite (by code point, ASCII-only case folding): that is the
   * C locale. A database made with another one would order names differently from the desktop
   * app, silently; this is said at once instead.
   */
  private checkDatabase(): void {
    this.execute(() =>
      this.pq.exec(`SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database WHERE datname = current_database()`),
    );
    const [encoding, collate, ctype] = [0, 1, 2].map((i) => this.pq.getvalue(0, i));
    const cLocale = (l: string | undefined) => l === 'C' || l === 'POSIX' || l === 'C.UTF-8' || l === 'C.utf8';
    if (encoding !== 'UTF8' || !cLocale(collate) || !cLocale(ctype)) {
      throw new ChorusError(
        'INTERNAL',
        `This PostgreSQL database has encoding ${encoding} and locale ${collate}/${ctype}; Chorus needs UTF8 and the C locale, ` +
          `so that text sorts and compares as in a desktop project. Create it with: CREATE DATABASE <name> TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'.`,
      );
    }
  }

  /** Creates the schema and its helpers (helpers.ts) if they are missing or older than this code. */
  private installHelpers(schema: string): void {
    const table = `${schema}.${ENGINE_TABLE}`;
    this.command(`SELECT to_regclass(${this.pq.escapeLiteral(table)}) IS NOT NULL`);
    if (this.pq.getvalue(0, 0) === 't') {
      this.command(`SELECT helpers_version FROM ${table}`);
      if (Number(this.pq.getvalue(0, 0)) >= HELPERS_VERSION) return;
    }
    // Two servers opening a new project at once take turns; the second finds the work done or
    // redoes it harmlessly (every statement is idempotent).
    try {
      this.command(
        `BEGIN; ${this.lockSql}; CREATE SCHEMA IF NOT EXISTS ${schema}; SET LOCAL search_path TO ${schema}; ${HELPERS_SQL} COMMIT;`,
      );
    } catch (e) {
      if (this.inTransaction) this.pq.exec('ROLLBACK');
      throw e;
    }
  }

  // --- Running things ---

  private assertOpen(): void {
    if (!this.isOpen) throw new TypeError('The database connection is not open');
  }

  /** Runs a libpq call and turns a failed result into a PostgresError. */
  private execute(call: () => void): void {
    call();
    const status = this.pq.resultStatus();
    if (status === 'PGRES_COMMAND_OK' || status === 'PGRES_TUPLES_OK' || status === 'PGRES_EMPTY_QUERY') return;
    const error = fromResult(this.pq.resultErrorFields(), this.pq.resultErrorMessage() || this.pq.errorMessage());
    if (error.sqlState === '25P02' && this.abortedBy) {
      throw new PostgresError(`${error.message} (it failed earlier: ${this.abortedBy})`, 'SQLITE_ERROR', { sqlState: '25P02' });
    }
    if (this.failed) this.abortedBy = error.message;
    throw error;
  }

  /** Runs parameterless text (several statements at once if need be). */
  private command(text: string): void {
    this.execute(() => this.pq.exec(text));
  }

  private translation(sql: string): Translated {
    let t = translations.get(sql);
    if (!t) {
      t = translate(sql);
      // Texts are a fixed set of shapes; the bound only guards against text built from data.
      if (translations.size >= MAX_TRANSLATIONS) translations.clear();
      translations.set(sql, t);
    }
    return t;
  }

  /** The primary key column of a table, when it is one integer column (SQLite's rowid alias). */
  private primaryKey(table: string): string | null {
    let key = this.primaryKeys.get(table);
    if (key === undefined) {
      this.execute(() =>
        this.pq.execParams(
          `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
           WHERE i.indrelid = to_regclass($1) AND i.indisprimary AND i.indnatts = 1 AND a.atttypid IN (20, 21, 23)`,
          [table],
        ),
      );
      key = this.pq.ntuples() > 0 ? this.pq.getvalue(0, 0) : null;
      this.primaryKeys.set(table, key);
    }
    return key;
  }

  /** The server statement for a translation; prepared now unless the transaction has failed (then at first use). */
  private serverStatement(t: Translated): Prepared {
    let p = this.prepared.get(t.text);
    if (p) return p;
    if (this.failed) return { name: null, text: t.text, returnsKey: false };
    const key = t.insertInto ? this.primaryKey(t.insertInto) : null;
    p = { name: `chorus_${++this.statementCount}`, text: key ? `${t.text} RETURNING ${this.pq.escapeIdentifier(key)}` : t.text, returnsKey: key !== null };
    const { name, text } = p;
    this.execute(() => this.pq.prepare(name!, text, t.params.length));
    this.prepared.set(t.text, p);
    return p;
  }

  /** Executes a statement with its bound values; the result stays in the libpq object to be read. */
  runPrepared(t: Translated, prepared: Prepared, values: (string | null)[]): Prepared {
    this.assertOpen();
    const p = prepared.name === null ? this.serverStatement(t) : prepared;
    if (p.name === null) {
      // Still failed: PostgreSQL refuses anything but a rollback, and says so.
      this.execute(() => this.pq.execParams(t.text, values));
      return p;
    }
    this.execute(() => this.pq.execPrepared(p.name!, values));
    return p;
  }

  /** The run() result of the statement just executed. */
  runResult(t: Translated, p: Prepared): SqlRunResult {
    const changes = t.kind === 'insert' || t.kind === 'update' || t.kind === 'delete' ? Number(this.pq.cmdTuples()) || 0 : 0;
    const rows = this.pq.ntuples();
    if (p.returnsKey && rows > 0) this.lastRowid = Number(this.pq.getvalue(rows - 1, 0));
    return { changes, lastInsertRowid: this.lastRowid };
  }

  /** The rows of the statement just executed: objects, arrays, or first values. */
  readRows(mode: 'object' | 'raw' | 'pluck', limit = Infinity): unknown[] {
    const pq = this.pq;
    const count = Math.min(pq.ntuples(), limit);
    const width = pq.nfields();
    const names: string[] = [];
    const parsers: Parser[] = [];
    for (let c = 0; c < width; c++) {
      names.push(pq.fname(c));
      parsers.push(parserFor(pq.ftype(c)));
    }
    const value = (r: number, c: number) => (pq.getisnull(r, c) ? null : parsers[c]!(pq.getvalue(r, c)));
    const rows = new Array<unknown>(count);
    for (let r = 0; r < count; r++) {
      if (mode === 'pluck') rows[r] = width > 0 ? value(r, 0) : undefined;
      else if (mode === 'raw') rows[r] = names.map((_, c) => value(r, c));
      else {
        const row: Record<string, unknown> = {};
        for (let c = 0; c < width; c++) row[names[c]!] = value(r, c);
        rows[r] = row;
      }
    }
    return rows;
  }

  // --- Transactions ---

  /** BEGIN, COMMIT, ROLLBACK and savepoints, with SQLite's rules (see the top of this file). */
  control(t: Translated): void {
    this.assertOpen();
    const fold = (name: string) => (name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name.toLowerCase());
    switch (t.kind) {
      case 'begin':
        if (this.inTransaction) throw new PostgresError('cannot start a transaction within a transaction', 'SQLITE_ERROR');
        this.command('BEGIN');
        if (t.writeLock) {
          try {
            this.command(this.lockSql);
          } catch (e) {
            // Busy: like SQLite's BEGIN IMMEDIATE, no transaction is left open.
            this.pq.exec('ROLLBACK');
            this.ended();
            throw e;
          }
        }
        break;
      case 'commit':
        if (!this.inTransaction) throw new PostgresError('cannot commit - no transaction is active', 'SQLITE_ERROR');
        this.commit();
        break;
      case 'rollback':
        if (!this.inTransaction) throw new PostgresError('cannot rollback - no transaction is active', 'SQLITE_ERROR');
        this.command('ROLLBACK');
        this.ended();
        break;
      case 'savepoint':
        if (!this.inTransaction) {
          this.command('BEGIN');
          this.outerSavepoint = fold(t.savepoint!);
        }
        this.command(t.text);
        break;
      case 'release':
        this.command(t.text);
        if (this.outerSavepoint === fold(t.savepoint!)) this.commit();
        break;
      case 'rollback-to':
        this.command(t.text);
        if (!this.failed) this.abortedBy = null;
        break;
      default:
        throw new Error(`not a transaction statement: ${t.kind}`);
    }
  }

  private commit(): void {
    if (this.failed) {
      // PostgreSQL would answer COMMIT with a rollback and no error: the caller would believe
      // its changes saved. The transaction stays open for the caller's ROLLBACK.
      throw new PostgresError(
        `cannot commit: the transaction was aborted by an earlier error${this.abortedBy ? ` (${this.abortedBy})` : ''}`,
        'SQLITE_ABORT',
      );
    }
    try {
      this.command('COMMIT');
    } finally {
      // A deferred constraint that fails at COMMIT ends the transaction too.
      if (!this.inTransaction) this.ended();
    }
    if (this.pq.cmdStatus() === 'ROLLBACK') throw new PostgresError('the transaction was rolled back', 'SQLITE_ABORT');
  }

  private ended(): void {
    this.outerSavepoint = null;
    this.abortedBy = null;
    this.pragmaState.deferred = false;
  }

  // --- SqlDb ---

  prepare(sql: string): SqlStatement {
    this.assertOpen();
    const t = this.translation(sql);
    const handled = CONTROL.has(t.kind) || t.kind === 'pragma';
    return new PostgresStatement(this, t, handled ? null : this.serverStatement(t));
  }

  exec(sql: string): this {
    this.assertOpen();
    // One statement at a time, as SQLite's exec runs them: an error stops the rest, and what ran
    // before it stays done (PostgreSQL would run a batch as one implicit transaction).
    for (const t of translateStatements(sql)) {
      if (t.kind === 'pragma') this.pragma(t.pragma!);
      else if (CONTROL.has(t.kind)) this.control(t);
      else {
        if (t.params.length > 0) throw new RangeError('exec() runs statements without parameters; use prepare()');
        this.command(t.text);
        if (!this.inTransaction) this.ended();
      }
    }
    return this;
  }

  /**
   * Runs PostgreSQL's own text, untranslated and without parameters (several statements at once):
   * for what only exists on this side, the project's schema with its plpgsql triggers
   * (project-schema.ts). Follows the connection's transaction, like exec().
   */
  execNative(sql: string): void {
    this.assertOpen();
    this.command(sql);
    if (!this.inTransaction) this.ended();
  }

  pragma(source: string, options: { simple?: boolean } = {}): unknown {
    this.assertOpen();
    return runPragma(this.pragmaHost, source, options.simple === true);
  }

  close(): this {
    if (this.isOpen) {
      this.isOpen = false;
      endClient(this.client);
    }
    return this;
  }
}

class PostgresStatement implements SqlStatement {
  private mode: 'object' | 'raw' | 'pluck' = 'object';

  constructor(
    private readonly db: PostgresDb,
    private readonly t: Translated,
    private prepared: Prepared | null,
  ) {}

  /** Runs the statement; false when it was a pragma or transaction statement, handled elsewhere. */
  private execute(args: unknown[]): Prepared | null {
    const values = bindParams(this.t.params, this.t.positional, args);
    if (CONTROL.has(this.t.kind)) {
      this.db.control(this.t);
      return null;
    }
    this.prepared = this.db.runPrepared(this.t, this.prepared!, values);
    return this.prepared;
  }

  private pragmaRows(): unknown[] {
    const rows = this.db.pragma(this.t.pragma!) as Record<string, unknown>[];
    if (this.mode === 'object') return rows;
    return rows.map((r) => (this.mode === 'pluck' ? Object.values(r)[0] : Object.values(r)));
  }

  private mustReturnData(): void {
    if (!this.t.returnsData) throw new TypeError('This statement does not return data. Use run() instead');
  }

  run(...params: unknown[]): SqlRunResult {
    if (this.t.kind === 'pragma') {
      this.pragmaRows();
      return { changes: 0, lastInsertRowid: 0 };
    }
    const p = this.execute(params);
    return p ? this.db.runResult(this.t, p) : { changes: 0, lastInsertRowid: 0 };
  }

  get(...params: unknown[]): unknown {
    this.mustReturnData();
    if (this.t.kind === 'pragma') return this.pragmaRows()[0];
    const p = this.execute(params);
    if (p) this.db.runResult(this.t, p);
    return this.db.readRows(this.mode, 1)[0];
  }

  all(...params: unknown[]): unknown[] {
    this.mustReturnData();
    if (this.t.kind === 'pragma') return this.pragmaRows();
    const p = this.execute(params);
    if (p) this.db.runResult(this.t, p);
    return this.db.readRows(this.mode);
  }

  pluck(on = true): this {
    if (!this.t.returnsData) throw new TypeError('The pluck() method is only for statements that return data');
    this.mode = on ? 'pluck' : this.mode === 'pluck' ? 'object' : this.mode;
    return this;
  }

  raw(on = true): this {
    if (!this.t.returnsData) throw new TypeError('The raw() method is only for statements that return data');
    this.mode = on ? 'raw' : this.mode === 'raw' ? 'object' : this.mode;
    return this;
  }
}
