/**
 * SQLite's dialect, as the store writes it, turned into PostgreSQL's: once per prepared statement
 * (the connection caches the result by text), by a tokenizer that never looks inside string
 * literals, quoted identifiers or comments.
 *
 * Translated:
 * - parameters: `?` → `$n` (positional, in order); `@name`, `:name`, `$name` → one `$n` per
 *   distinct name (a repeated name is bound once). `?NNN` and PostgreSQL's own `$1` are refused.
 * - camelCase identifiers (`AS textLength`, `ORDER BY textLength`, `t.documentId`) → quoted, since
 *   PostgreSQL folds unquoted names to lower case. A word followed by `(` (a function) is left.
 * - the column `end` → `"end"` where it is an identifier; the `END` that closes a CASE (it follows
 *   a complete operand) is left. `END [TRANSACTION]` as a statement → COMMIT.
 * - `a IS b` / `a IS NOT b` (b not NULL/TRUE/FALSE/UNKNOWN/DISTINCT...) → `IS NOT DISTINCT FROM` /
 *   `IS DISTINCT FROM`; `==` → `=`.
 * - `INSERT OR IGNORE` → `INSERT ... ON CONFLICT DO NOTHING` (placed before RETURNING). Unlike
 *   SQLite's IGNORE this skips unique conflicts only, not NOT NULL or CHECK failures.
 *   `INSERT OR REPLACE/ABORT/FAIL/ROLLBACK` and `REPLACE INTO` are refused (they need a conflict
 *   target and an update list that the text does not give).
 * - `x COLLATE NOCASE` → `chorus_nocase(x)`, and in a comparison both operands are wrapped
 *   (`a = ? COLLATE NOCASE` → `chorus_nocase(a) = chorus_nocase($1) COLLATE "C"`): the function
 *   folds ASCII letters only and the comparison is by code point, exactly SQLite's NOCASE, also
 *   for ORDER BY. Only a simple operand (a column, a parameter, a literal, a call or a
 *   parenthesised expression) is recognised; anything else is refused rather than mistranslated.
 *   `COLLATE BINARY` → `COLLATE "C"`.
 * - `json_each(x)` / `json_each(x, '$.path')` → `chorus_json_each(...)`, a function in the
 *   project's schema (helpers.ts) over a JSON array, with `key` (integer) and `value` (text;
 *   operators in the schema let it equal integers, so `id IN (SELECT value FROM json_each(?))`
 *   works for integer and text columns alike).
 * - `CROSS JOIN t ON ...` (SQLite's join-order hint) → `INNER JOIN t ON ...`; a CROSS JOIN without
 *   ON stays.
 * - `CAST(x AS INTEGER)` → `CAST(x AS BIGINT)` (SQLite's integers are 64-bit; a recursive CTE's
 *   seed must have its column's type); `INDEXED BY name` and `NOT INDEXED` are dropped.
 * - `ifnull(` → `coalesce(`; X'..' blobs → bytea literals; `backtick` identifiers → "quoted".
 * - `BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE] [TRANSACTION]` → BEGIN (the connection adds a per-schema
 *   write lock for IMMEDIATE/EXCLUSIVE); SAVEPOINT, RELEASE [SAVEPOINT], ROLLBACK [TO] and COMMIT
 *   are recognised so that the connection can keep SQLite's semantics (connection.ts).
 *
 * Not translated (such statements need a hand-written PostgreSQL variant; PostgreSQL reports
 * them as errors, the translator never guesses): FTS5 (`MATCH`, `highlight()`, `turns_fts`),
 * `rowid`, triggers (`CREATE TRIGGER` is refused), `json_object`, `json_group_array`,
 * `json_extract`, `json()`, `->`/`->>` on text, `json_each` over an object, `group_concat`,
 * `total_changes()`, `char()`, `trim(x, chars)` with SQLite's semantics, `pragma_table_info`,
 * `sqlite_master`, `LIMIT -1`, `LIKE` (case-insensitive in SQLite, not in PostgreSQL), `GLOB`,
 * DDL types and `AUTOINCREMENT`, and the untyped parameter PostgreSQL cannot infer a type for (alone
 * in a select list or in the first arm of a UNION it becomes text: write `CAST(? AS INTEGER)`,
 * which both engines accept).
 */

export type ParamSlot = { kind: 'positional'; index: number } | { kind: 'named'; name: string };

export type StatementKind =
  | 'select'
  | 'insert'
  | 'update'
  | 'delete'
  | 'begin'
  | 'commit'
  | 'rollback'
  | 'savepoint'
  | 'release'
  | 'rollback-to'
  | 'pragma'
  | 'other';

export interface Translated {
  /** PostgreSQL text, parameters as $1..$n. */
  text: string;
  /** What binds each $n, in order. */
  params: ParamSlot[];
  /** How many positional values the statement takes. */
  positional: number;
  kind: StatementKind;
  /** Whether the statement as written returns rows (a query, or a RETURNING clause). */
  returnsData: boolean;
  /** For an INSERT without RETURNING: its table as written, so the connection can return its key. */
  insertInto?: string;
  /** BEGIN IMMEDIATE or EXCLUSIVE: the writer wants the project to itself, as SQLite gives it. */
  writeLock?: boolean;
  /** For SAVEPOINT, RELEASE and ROLLBACK TO: the savepoint as written. */
  savepoint?: string;
  /** For PRAGMA: the text after the keyword. */
  pragma?: string;
}

/** A statement the translator refuses; the connection reports it like any SQL error. */
export class TranslationError extends Error {
  readonly code = 'SQLITE_ERROR';
  constructor(message: string) {
    super(`Not translatable to PostgreSQL: ${message}`);
    this.name = 'TranslationError';
  }
}

// --- Tokens ---------------------------------------------------------------------------------

type Kind = 'space' | 'comment' | 'string' | 'quoted' | 'dollar' | 'blob' | 'number' | 'word' | 'param' | 'op' | 'raw';

interface Token {
  kind: Kind;
  text: string;
  /** For words: the text in upper case. For params: the name ('' for `?`). */
  key: string;
}

const OPERATORS = ['->>', '->', '::', '||', '<=', '>=', '<>', '!=', '==', '<<', '>>'];
// Sticky: each is tried at one offset of the text (`at`), without copying the rest of it.
const NUMBER = /(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y;
const WORD = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/y;
const NAME = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*/y;
const DOLLAR_TAG = /\$([A-Za-z_][A-Za-z0-9_]*)?\$/y;

function at(re: RegExp, sql: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(sql);
}

function tok(kind: Kind, text: string, key = ''): Token {
  return { kind, text, key };
}

/** Reads a quoted run that ends at `quote`, a doubled quote standing for itself; returns its end. */
function quotedEnd(sql: string, start: number, quote: string, backslash = false): number {
  let i = start + 1;
  for (;;) {
    const j = sql.indexOf(quote, i);
    if (j < 0) throw new TranslationError(`unterminated ${quote === "'" ? 'string' : 'identifier'} at offset ${start}`);
    if (backslash) {
      let slashes = 0;
      for (let k = j - 1; k > start && sql[k] === '\\'; k--) slashes++;
      if (slashes % 2 === 1) {
        i = j + 1;
        continue;
      }
    }
    if (sql[j + 1] === quote) {
      i = j + 2;
      continue;
    }
    return j + 1;
  }
}

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const rest = sql.slice(i, i + 2);
    let m: RegExpExecArray | null;
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /\s/.test(sql[j]!)) j++;
      out.push(tok('space', sql.slice(i, j)));
      i = j;
    } else if (rest.startsWith('--')) {
      const j = sql.indexOf('\n', i);
      const end = j < 0 ? sql.length : j;
      out.push(tok('comment', sql.slice(i, end)));
      i = end;
    } else if (rest.startsWith('/*')) {
      const j = sql.indexOf('*/', i + 2);
      const end = j < 0 ? sql.length : j + 2;
      out.push(tok('comment', sql.slice(i, end)));
      i = end;
    } else if (c === "'") {
      const end = quotedEnd(sql, i, "'");
      out.push(tok('string', sql.slice(i, end)));
      i = end;
    } else if ((c === 'x' || c === 'X') && sql[i + 1] === "'") {
      const end = quotedEnd(sql, i + 1, "'");
      out.push(tok('blob', `'\\x${sql.slice(i + 2, end - 1)}'::bytea`));
      i = end;
    } else if ((c === 'e' || c === 'E') && sql[i + 1] === "'") {
      // PostgreSQL's escape string (hand-written text): backslashes escape the quote.
      const end = quotedEnd(sql, i + 1, "'", true);
      out.push(tok('string', sql.slice(i, end)));
      i = end;
    } else if (c === '"') {
      const end = quotedEnd(sql, i, '"');
      out.push(tok('quoted', sql.slice(i, end)));
      i = end;
    } else if (c === '`') {
      const end = quotedEnd(sql, i, '`');
      const name = sql.slice(i + 1, end - 1).replaceAll('``', '`');
      out.push(tok('quoted', `"${name.replaceAll('"', '""')}"`));
      i = end;
    } else if (c === '$' && (m = at(DOLLAR_TAG, sql, i))) {
      // PostgreSQL's dollar quoting (hand-written function bodies): runs to the same tag.
      const tag = m[0];
      const j = sql.indexOf(tag, i + tag.length);
      if (j < 0) throw new TranslationError(`unterminated dollar-quoted string at offset ${i}`);
      out.push(tok('dollar', sql.slice(i, j + tag.length)));
      i = j + tag.length;
    } else if (c === '?') {
      if (/\d/.test(sql[i + 1] ?? '')) throw new TranslationError('numbered parameters (?NNN); use ? or @name');
      out.push(tok('param', '?', ''));
      i++;
    } else if ((c === '@' || c === '$' || (c === ':' && sql[i + 1] !== ':')) && (m = at(NAME, sql, i + 1))) {
      out.push(tok('param', c + m[0], m[0]));
      i += 1 + m[0].length;
    } else if (c === '$' && /\d/.test(sql[i + 1] ?? '')) {
      throw new TranslationError('PostgreSQL parameters ($1); use ? or @name');
    } else if ((m = at(NUMBER, sql, i)) && (/\d/.test(c) || (c === '.' && /\d/.test(sql[i + 1] ?? '')))) {
      out.push(tok('number', m[0]));
      i += m[0].length;
    } else if ((m = at(WORD, sql, i))) {
      out.push(tok('word', m[0], m[0].toUpperCase()));
      i += m[0].length;
    } else {
      const op = OPERATORS.find((o) => sql.startsWith(o, i)) ?? c;
      out.push(tok('op', op));
      i += op.length;
    }
  }
  return out;
}

// --- Statements -----------------------------------------------------------------------------

const significant = (t: Token | undefined): boolean => t !== undefined && t.kind !== 'space' && t.kind !== 'comment';

/** Splits at `;`: a statement's tokens, without the separator. Statements of nothing are dropped. */
function splitStatements(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  let current: Token[] = [];
  for (const t of tokens) {
    if (t.kind === 'op' && t.text === ';') {
      out.push(current);
      current = [];
    } else current.push(t);
  }
  out.push(current);
  return out.filter((s) => s.some(significant));
}

/** Translates every statement of `sql` (for exec). */
export function translateStatements(sql: string): Translated[] {
  const statements = splitStatements(tokenize(sql));
  const first = statements[0]?.filter(significant).slice(0, 3).map((t) => t.key) ?? [];
  if (first[0] === 'CREATE' && (first[1] === 'TRIGGER' || first[2] === 'TRIGGER')) {
    // A trigger's body holds `;` and BEGIN ... END, and PostgreSQL's triggers call functions.
    throw new TranslationError('CREATE TRIGGER (PostgreSQL triggers call a function; write it by hand)');
  }
  return statements.map((s) => new Statement(s).translate());
}

/** Translates one statement (for prepare), refusing text with none or several, as better-sqlite3 does. */
export function translate(sql: string): Translated {
  const all = translateStatements(sql);
  if (all.length === 0) throw new RangeError('The supplied SQL string contains no statements');
  if (all.length > 1) throw new RangeError('The supplied SQL string contains more than one statement');
  return all[0]!;
}

/** Words after which an operand is still to come: an `end` there is the column, not CASE's END. */
const EXPECTS_OPERAND = new Set([
  'CASE', 'WHEN', 'THEN', 'ELSE', 'AND', 'OR', 'NOT', 'IS', 'IN', 'LIKE', 'GLOB', 'ILIKE', 'BETWEEN',
  'SELECT', 'WHERE', 'ON', 'BY', 'SET', 'VALUES', 'RETURNING', 'HAVING', 'DISTINCT', 'ALL', 'AS', 'FROM',
  'JOIN', 'USING', 'ESCAPE', 'EXISTS', 'ANY', 'SOME', 'INTO', 'TABLE', 'UPDATE', 'INDEX',
]);
/** What may follow IS in PostgreSQL's own sense: everything else is SQLite's IS (null-safe equality). */
const IS_PREDICATE = new Set(['NULL', 'TRUE', 'FALSE', 'UNKNOWN', 'DISTINCT', 'DOCUMENT', 'NORMALIZED', 'NFC', 'NFD', 'NFKC', 'NFKD', 'JSON', 'OF']);
/** Words that end a join's table (and its alias) without an ON clause. */
const JOIN_ENDS = new Set([
  'JOIN', 'CROSS', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'NATURAL', 'USING', 'WHERE', 'GROUP', 'HAVING', 'WINDOW',
  'ORDER', 'LIMIT', 'UNION', 'INTERSECT', 'EXCEPT', 'RETURNING', 'SET',
]);
/** Operators that bind tighter than a comparison: a COLLATE beside one applies to a compound operand. */
const TIGHTER = new Set(['||', '+', '-', '*', '/', '%', '->', '->>', '&', '|', '<<', '>>', '~', '::']);
const COMPARISONS = new Set(['=', '==', '<>', '!=', '<', '>', '<=', '>=']);
/** camelCase: a lower-case start and a capital later (a capitalised `Select` stays a keyword). */
const CAMEL = /^[a-z_][A-Za-z0-9_$]*[A-Z]/;
const VERBS = new Set(['SELECT', 'VALUES', 'INSERT', 'UPDATE', 'DELETE', 'EXPLAIN']);

class Statement {
  private t: Token[];

  constructor(tokens: Token[]) {
    this.t = tokens.slice();
  }

  private next(i: number): number {
    let j = i + 1;
    while (j < this.t.length && !significant(this.t[j])) j++;
    return j;
  }

  private prev(i: number): number {
    let j = i - 1;
    while (j >= 0 && !significant(this.t[j])) j--;
    return j;
  }

  private isOp(i: number, ...ops: string[]): boolean {
    const t = this.t[i];
    return t !== undefined && t.kind === 'op' && ops.includes(t.text);
  }

  private isWord(i: number, ...words: string[]): boolean {
    const t = this.t[i];
    return t !== undefined && t.kind === 'word' && (words.length === 0 || words.includes(t.key));
  }

  /** Significant words from the start, upper case: what kind of statement this is. */
  private head(n: number): string[] {
    return this.t.filter(significant).slice(0, n).map((t) => (t.kind === 'word' ? t.key : t.text));
  }

  translate(): Translated {
    const [first = '', second = ''] = this.head(2);
    switch (first) {
      case 'BEGIN':
        return this.control('begin', 'BEGIN', { writeLock: second === 'IMMEDIATE' || second === 'EXCLUSIVE' });
      case 'END':
      case 'COMMIT':
        return this.control('commit', 'COMMIT');
      case 'ROLLBACK': {
        const names = this.t.filter(significant).slice(1).map((t) => t.text);
        const to = names.findIndex((n) => n.toUpperCase() === 'TO');
        if (to < 0) return this.control('rollback', 'ROLLBACK');
        const name = names[to + 1]?.toUpperCase() === 'SAVEPOINT' ? names[to + 2] : names[to + 1];
        return this.savepointStatement('rollback-to', 'ROLLBACK TO SAVEPOINT', name);
      }
      case 'SAVEPOINT':
        return this.savepointStatement('savepoint', 'SAVEPOINT', this.t.filter(significant)[1]?.text);
      case 'RELEASE': {
        const words = this.t.filter(significant);
        return this.savepointStatement('release', 'RELEASE SAVEPOINT', words[second === 'SAVEPOINT' ? 2 : 1]?.text);
      }
      case 'PRAGMA': {
        const at = this.t.findIndex(significant);
        const text = this.t.slice(at + 1).map((x) => x.text).join('').trim();
        return { text: '', params: [], positional: 0, kind: 'pragma', returnsData: true, pragma: text };
      }
      case 'REPLACE':
        throw new TranslationError('REPLACE INTO (write INSERT ... ON CONFLICT (...) DO UPDATE)');
    }
    this.collations();
    return this.rewrite();
  }

  private control(kind: StatementKind, text: string, extra: Partial<Translated> = {}): Translated {
    return { text, params: [], positional: 0, kind, returnsData: false, ...extra };
  }

  private savepointStatement(kind: StatementKind, verb: string, name: string | undefined): Translated {
    if (!name) throw new TranslationError(`${verb} without a savepoint name`);
    return this.control(kind, `${verb} ${name}`, { savepoint: name });
  }

  // --- COLLATE ---

  /** The first index of the simple operand that ends at `end`. */
  private termBefore(end: number): number {
    const t = this.t[end];
    let start = end;
    if (!t) throw new TranslationError('COLLATE without an operand');
    if (t.kind === 'op' && t.text === ')') {
      let depth = 0;
      for (start = end; start >= 0; start--) {
        if (this.isOp(start, ')')) depth++;
        else if (this.isOp(start, '(') && --depth === 0) break;
      }
      const fn = this.prev(start);
      if (this.isWord(fn) && !EXPECTS_OPERAND.has(this.t[fn]!.key)) start = fn;
    } else if (!['word', 'quoted', 'param', 'string', 'number', 'blob'].includes(t.kind)) {
      throw new TranslationError(`COLLATE after "${t.text}"`);
    }
    for (;;) {
      const dot = this.prev(start);
      const owner = this.prev(dot);
      if (!this.isOp(dot, '.') || !['word', 'quoted'].includes(this.t[owner]?.kind ?? '')) return start;
      start = owner;
    }
  }

  /** The last index of the simple operand that starts at `start`. */
  private termAfter(start: number): number {
    let end = start;
    for (;;) {
      const t = this.t[end];
      if (!t) throw new TranslationError('comparison without a right operand');
      const open = this.next(end);
      if (this.isOp(end, '(') || (t.kind === 'word' && this.isOp(open, '('))) {
        let depth = 0;
        for (end = t.kind === 'word' ? open : end; end < this.t.length; end++) {
          if (this.isOp(end, '(')) depth++;
          else if (this.isOp(end, ')') && --depth === 0) break;
        }
        return end;
      }
      const dot = this.next(end);
      if (['word', 'quoted'].includes(t.kind) && this.isOp(dot, '.')) {
        end = this.next(dot);
        continue;
      }
      if (!['word', 'quoted', 'param', 'string', 'number', 'blob'].includes(t.kind)) {
        throw new TranslationError(`COLLATE NOCASE compared with "${t.text}"`);
      }
      return end;
    }
  }

  private refuseCompound(before: number, after: number): void {
    for (const i of [before, after]) {
      const t = this.t[i];
      if (t?.kind === 'op' && TIGHTER.has(t.text)) {
        throw new TranslationError(`COLLATE NOCASE on an operand of "${t.text}" (put the operand in parentheses)`);
      }
    }
  }

  /** Wraps tokens [start, end] in chorus_nocase( ... ). */
  private wrap(start: number, end: number, suffix = ''): void {
    this.t.splice(end + 1, 0, tok('raw', `)${suffix}`));
    this.t.splice(start, 0, tok('raw', 'chorus_nocase('));
  }

  private collations(): void {
    for (;;) {
      const at = this.t.findIndex((t) => t.kind === 'word' && t.key === 'COLLATE');
      if (at < 0) return;
      const nameAt = this.next(at);
      const name = this.t[nameAt];
      const collation = name?.kind === 'quoted' ? name.text.slice(1, -1).toUpperCase() : (name?.key ?? '');
      if (collation === 'BINARY') {
        this.t.splice(at, nameAt - at + 1, tok('raw', 'COLLATE "C"'));
        continue;
      }
      if (collation !== 'NOCASE') throw new TranslationError(`COLLATE ${name?.text ?? ''}`);
      const end = this.prev(at);
      const start = this.termBefore(end);
      const before = this.prev(start);
      const after = this.next(nameAt);
      this.refuseCompound(before, after);
      // Drop COLLATE NOCASE (and the space before it) first: the indices below stay valid.
      this.t.splice(end + 1, nameAt - end);
      const afterNow = this.next(end);
      if (this.isOp(before, ...COMPARISONS)) {
        const leftEnd = this.prev(before);
        const leftStart = this.termBefore(leftEnd);
        this.refuseCompound(this.prev(leftStart), -1);
        this.wrap(start, end, ' COLLATE "C"');
        this.wrap(leftStart, leftEnd);
      } else if (this.isOp(afterNow, ...COMPARISONS)) {
        const rightStart = this.next(afterNow);
        const rightEnd = this.termAfter(rightStart);
        this.refuseCompound(-1, this.next(rightEnd));
        this.wrap(rightStart, rightEnd, ' COLLATE "C"');
        this.wrap(start, end);
      } else {
        this.wrap(start, end, ' COLLATE "C"');
      }
    }
  }

  // --- Everything else, token by token ---

  /** Whether the token at i completes an operand (so a following END closes a CASE). */
  private endsOperand(i: number): boolean {
    const t = this.t[i];
    if (!t) return false;
    if (t.kind === 'op') return t.text === ')';
    if (t.kind === 'word') return !EXPECTS_OPERAND.has(t.key);
    return true;
  }

  /** Whether the JOIN at i has an ON clause: an ON before the next clause at the same depth. */
  private joinHasOn(i: number): boolean {
    let depth = 0;
    for (let j = this.next(i); j < this.t.length; j = this.next(j)) {
      const t = this.t[j]!;
      if (t.kind === 'op') {
        if (t.text === '(') depth++;
        else if (t.text === ')' && --depth < 0) return false;
        else if (t.text === ',' && depth === 0) return false;
        continue;
      }
      if (depth > 0 || t.kind !== 'word') continue;
      if (t.key === 'ON') return true;
      if (JOIN_ENDS.has(t.key)) return false;
    }
    return false;
  }

  private rewrite(): Translated {
    const out: string[] = [];
    const params: ParamSlot[] = [];
    const named = new Map<string, number>();
    let positional = 0;
    let caseDepth = 0;
    let depth = 0;
    let orIgnore = false;
    let verb = '';
    let insertInto: string | undefined;
    let returningAt = -1;
    let hasConflict = false;
    // Only these statements are queries or changes; CREATE TABLE ... AS SELECT is neither.
    const first = this.head(1)[0] ?? '';
    const dml = first === 'WITH' || VERBS.has(first);

    for (let i = 0; i < this.t.length; i++) {
      const t = this.t[i]!;
      if (t.kind === 'op') {
        if (t.text === '(') depth++;
        else if (t.text === ')') depth--;
        out.push(t.text === '==' ? '=' : t.text);
        continue;
      }
      if (t.kind === 'param') {
        if (t.key === '') {
          params.push({ kind: 'positional', index: positional++ });
          out.push(`$${params.length}`);
        } else {
          let n = named.get(t.key);
          if (n === undefined) {
            params.push({ kind: 'named', name: t.key });
            n = params.length;
            named.set(t.key, n);
          }
          out.push(`$${n}`);
        }
        continue;
      }
      if (t.kind !== 'word') {
        out.push(t.text);
        continue;
      }

      const key = t.key;
      const following = this.next(i);
      if (depth === 0 && !verb && dml && VERBS.has(key)) verb = key;
      if (depth === 0 && key === 'RETURNING') returningAt = out.length;
      if (depth === 0 && key === 'CONFLICT' && this.isWord(this.prev(i), 'ON')) hasConflict = true;

      if (key === 'INDEXED' && this.isWord(following, 'BY')) {
        // SQLite's index hint: PostgreSQL's planner takes no hints.
        trimEnd(out);
        i = this.next(following);
        continue;
      }
      if (key === 'NOT' && this.isWord(following, 'INDEXED')) {
        trimEnd(out);
        i = following;
        continue;
      }
      if (key === 'INTEGER' && this.isWord(this.prev(i), 'AS') && depth > 0) {
        // CAST(x AS INTEGER): SQLite's integers are 64-bit, as the schema's bigint keys are.
        out.push('BIGINT');
        continue;
      }
      if (key === 'CROSS' && this.isWord(following, 'JOIN') && this.joinHasOn(following)) {
        // SQLite's CROSS JOIN ... ON is an inner join whose order the planner keeps; PostgreSQL
        // accepts no ON after CROSS JOIN.
        out.push('INNER');
        continue;
      }
      if (key === 'INSERT' && this.isWord(following, 'OR')) {
        const action = this.next(following);
        if (!this.isWord(action, 'IGNORE')) {
          throw new TranslationError(`INSERT OR ${this.t[action]?.text ?? ''} (write INSERT ... ON CONFLICT)`);
        }
        orIgnore = true;
        out.push(t.text);
        i = action;
        continue;
      }
      if (key === 'INTO' && verb === 'INSERT' && insertInto === undefined && depth === 0) {
        // The target, possibly schema-qualified: words and quoted names joined by dots.
        out.push(t.text);
        const parts: string[] = [];
        let j = following;
        for (;;) {
          const name = this.t[j];
          if (!name || (name.kind !== 'word' && name.kind !== 'quoted')) break;
          parts.push(name.kind === 'word' && CAMEL.test(name.text) ? `"${name.text}"` : name.text);
          const dot = this.next(j);
          if (!this.isOp(dot, '.')) break;
          j = this.next(dot);
        }
        insertInto = parts.join('.');
        continue;
      }
      if (key === 'CASE') caseDepth++;
      if (key === 'END') {
        if (caseDepth > 0 && this.endsOperand(this.prev(i))) {
          caseDepth--;
          out.push(t.text);
        } else out.push('"end"');
        continue;
      }
      if (key === 'IS') {
        let j = following;
        const not = this.isWord(j, 'NOT');
        if (not) j = this.next(j);
        if (!this.isWord(j, ...IS_PREDICATE)) {
          out.push(not ? 'IS DISTINCT FROM' : 'IS NOT DISTINCT FROM');
          if (not) i = following;
          continue;
        }
      }
      const call = this.isOp(following, '(');
      if (call && key === 'JSON_EACH') {
        out.push('chorus_json_each');
        continue;
      }
      if (call && key === 'IFNULL') {
        out.push('coalesce');
        continue;
      }
      if (!call && CAMEL.test(t.text)) {
        out.push(`"${t.text}"`);
        continue;
      }
      out.push(t.text);
    }

    if (orIgnore && !hasConflict) {
      const clause = ' ON CONFLICT DO NOTHING ';
      if (returningAt >= 0) out.splice(returningAt, 0, clause);
      else {
        trimEnd(out);
        out.push(clause.trimEnd());
      }
    }

    const kind: StatementKind =
      verb === 'SELECT' || verb === 'VALUES' || verb === 'EXPLAIN' || first === 'SHOW'
        ? 'select'
        : verb === 'INSERT'
          ? 'insert'
          : verb === 'UPDATE'
            ? 'update'
            : verb === 'DELETE'
              ? 'delete'
              : 'other';
    const returnsData = kind === 'select' || returningAt >= 0;
    return {
      text: out.join('').trim(),
      params,
      positional,
      kind,
      returnsData,
      ...(kind === 'insert' && returningAt < 0 && insertInto ? { insertInto } : {}),
    };
  }
}

/** Drops trailing whitespace and comments, so that a clause appended at the end is not commented out. */
function trimEnd(out: string[]): void {
  while (out.length > 0) {
    const last = out[out.length - 1]!;
    if (/^\s*$/.test(last) || last.startsWith('--') || last.startsWith('/*')) out.pop();
    else return;
  }
}
