import type { SqlDb } from './engine.js';
import { dialect, stmt } from './statements.js';

/**
 * Row-level change capture for the command log.
 *
 * Every table that holds analysis data gets AFTER INSERT/UPDATE/DELETE triggers that, while a
 * command is running (capture_state.seq is set), record the change in history_changes. Undo then
 * reverts the changes in reverse order, redo reapplies them in order, so an undo gives back the
 * exact prior state, whatever the command did, and a new command cannot forget its inverse.
 *
 * The log keeps changes, not copies of what the tables hold:
 * - an insertion records only the row's id. The row itself is in its table for as long as the
 *   step is in effect; undo copies it into the log (`after`) as it deletes it, and redo puts it
 *   back and forgets the copy. Importing a transcript thus adds no second copy of its text.
 * - an update records the columns it changed, before and after, not the whole row.
 * - a deletion records the row as it was (`before`): nothing else holds it any more.
 * Entries written before this form (whole images everywhere) are undone and redone the same way.
 *
 * The triggers are regenerated from the live schema after every migration, so a new column is
 * captured without further work. Statements that change very many rows in the same way record
 * themselves in bulk instead (`insertInBulk`, `updateInBulk`).
 */
export const CAPTURED_TABLES = [
  'project',
  'users',
  'documents',
  'participants',
  'attributes',
  'document_values',
  'participant_values',
  'speakers',
  'turns',
  'codes',
  'codings',
  'memos',
  'code_links',
  'memo_links',
  'snapshots',
  'media',
  'pseudonyms',
  'redactions',
] as const;
export type CapturedTable = (typeof CAPTURED_TABLES)[number];

/**
 * Tables whose rows are only ever inserted in bulk, by `insertRowsInBulk` or `insertInBulk`, which
 * record the insertions themselves: they get no per-row insert trigger. SQLite fires a trigger for
 * every row even while capture is off, and for the 92,000 turns of a large study that call alone
 * was about a third of the time spent inserting them. Their updates and deletions are captured as
 * everywhere else. Whatever inserts into one of these tables must go through a bulk helper, or
 * undo would not remove the rows.
 */
export const INSERTED_IN_BULK_ONLY: ReadonlySet<CapturedTable> = new Set(['turns']);

function columnsOf(db: SqlDb, table: string): string[] {
  const sql = dialect(db, {
    sqlite: `SELECT name FROM pragma_table_info(?)`,
    postgres: `SELECT attname AS name FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
  });
  return (stmt(db, sql).all(table) as { name: string }[]).map((c) => c.name);
}

/**
 * PostgreSQL's side of reading row images (postgres/project-schema.ts writes them): the image, a
 * JSON object of column values, made into a row of the table's type, so that each value takes its
 * column's type as it goes back (a JSON number into a bigint, a string into text).
 */
const pgRecord = (table: string, json: string) => `json_populate_record(NULL::"${table}", ${json})`;

function image(prefix: 'NEW' | 'OLD' | '', columns: string[]): string {
  const at = prefix ? `${prefix}.` : '';
  return `json_object(${columns.map((c) => `'${c}', ${at}"${c}"`).join(', ')})`;
}

/** The columns an UPDATE changed, as a JSON object of their `prefix` values: the others removed. */
function changedColumns(prefix: 'NEW' | 'OLD', columns: string[]): string {
  // json_remove skips a path that is not there, so unchanged columns name themselves and changed
  // ones a key no row has.
  const removals = columns.map((c) => `CASE WHEN OLD."${c}" IS NEW."${c}" THEN '$."${c}"' ELSE '$."~"' END`);
  return `json_remove(${image(prefix, columns)}, ${removals.join(', ')})`;
}

/**
 * (Re)creates the capture triggers; runs inside the migration transaction. An UPDATE that leaves
 * a row as it was is not captured (SQLite fires the trigger anyway), so a command that changes
 * nothing leaves no undo step.
 */
export function installChangeCapture(db: SqlDb): void {
  db.exec(`CREATE TABLE IF NOT EXISTS capture_state (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER);
           INSERT OR IGNORE INTO capture_state (id, seq) VALUES (1, NULL);`);
  const active = `(SELECT seq FROM capture_state WHERE id = 1) IS NOT NULL`;
  for (const table of CAPTURED_TABLES) {
    const cols = columnsOf(db, table);
    const insertInto = `INSERT INTO history_changes (seq, tbl, op, row_id, before, after)`;
    db.exec(`
      DROP TRIGGER IF EXISTS capture_${table}_insert;
      DROP TRIGGER IF EXISTS capture_${table}_update;
      DROP TRIGGER IF EXISTS capture_${table}_delete;
      ${
        INSERTED_IN_BULK_ONLY.has(table)
          ? ''
          : `CREATE TRIGGER capture_${table}_insert AFTER INSERT ON "${table}" WHEN ${active} BEGIN
        ${insertInto} SELECT seq, '${table}', 'I', NEW.id, NULL, NULL FROM capture_state WHERE id = 1;
      END;`
      }
      CREATE TRIGGER capture_${table}_update AFTER UPDATE ON "${table}"
        WHEN ${active} AND (${cols.map((c) => `OLD."${c}" IS NOT NEW."${c}"`).join(' OR ')}) BEGIN
        ${insertInto} SELECT seq, '${table}', 'U', NEW.id, ${changedColumns('OLD', cols)}, ${changedColumns('NEW', cols)}
          FROM capture_state WHERE id = 1;
      END;
      CREATE TRIGGER capture_${table}_delete AFTER DELETE ON "${table}" WHEN ${active} BEGIN
        ${insertInto} SELECT seq, '${table}', 'D', OLD.id, ${image('OLD', cols)}, NULL FROM capture_state WHERE id = 1;
      END;`);
  }
}

/**
 * Runs `insert` with the per-row capture triggers off, then records every row it inserted into
 * `table` (those whose `column` equals `value`) in one set-based statement. A trigger per row made
 * importing a large transcript several times slower; the log ends up the same.
 */
export function insertInBulk(
  db: SqlDb,
  table: CapturedTable,
  column: string,
  value: number,
  insert: () => void,
): void {
  const seq = (stmt(db, `SELECT seq FROM capture_state WHERE id = 1`).get() as { seq: number | null }).seq;
  if (seq === null) {
    insert();
    return;
  }
  stopCapture(db);
  try {
    insert();
  } finally {
    startCapture(db, seq);
  }
  stmt(
    db,
    `INSERT INTO history_changes (seq, tbl, op, row_id, before, after)
     SELECT CAST(? AS INTEGER), '${table}', 'I', id, NULL, NULL FROM "${table}" WHERE "${column}" = ? ORDER BY id`,
  ).run(seq, value);
}

/**
 * Sets `column` to `value` in every row of `table` matching `where` (SQL over the table's own
 * columns, with named parameters `params`), recorded for undo as bulk changes (op 'B'): one log
 * row per old value, holding the column, the old and the new value and the ids of the rows. Undo
 * and redo then set the column back and forth with one statement each. Two images per row made
 * merging codes of thousands of codings several times slower, mostly in writing the images.
 * Returns how many rows changed.
 */
export function updateInBulk(
  db: SqlDb,
  table: CapturedTable,
  column: string,
  value: number | string | null,
  where: string,
  params: Record<string, unknown>,
): number {
  const seq = (stmt(db, `SELECT seq FROM capture_state WHERE id = 1`).get() as { seq: number | null }).seq;
  const matching = `FROM "${table}" WHERE (${where}) AND "${column}" IS NOT @value`;
  if (seq !== null) {
    dialect(db, {
      sqlite: () =>
        stmt(
          db,
          `INSERT INTO history_changes (seq, tbl, op, row_id, before, after)
       SELECT @seq, '${table}', 'B', 0,
              json_object('column', '${column}', 'value', old, 'ids', json(ids)),
              json_object('column', '${column}', 'value', @value, 'ids', json(ids))
       FROM (SELECT "${column}" AS old, json_group_array(id) AS ids ${matching} GROUP BY "${column}" ORDER BY min(id))`,
        ).run({ ...params, value, seq }),
      // SQLite's compact JSON, written out; the new value arrives as JSON already.
      postgres: () =>
        stmt(
          db,
          `INSERT INTO history_changes (seq, tbl, op, row_id, before, after)
       SELECT CAST(@seq AS INTEGER), '${table}', 'B', 0,
              '{"column":"${column}","value":' || coalesce(to_json(old)::text, 'null') || ',"ids":' || ids || '}',
              '{"column":"${column}","value":' || @json || ',"ids":' || ids || '}'
       FROM (SELECT "${column}" AS old, json_agg(id ORDER BY id)::text AS ids, min(id) AS first ${matching} GROUP BY "${column}") g
       ORDER BY first`,
        ).run({ ...params, value, seq, json: JSON.stringify(value) }),
    })();
    stopCapture(db);
  }
  try {
    return stmt(db, `UPDATE "${table}" SET "${column}" = @value WHERE (${where}) AND "${column}" IS NOT @value`).run({
      ...params,
      value,
    }).changes;
  } finally {
    if (seq !== null) startCapture(db, seq);
  }
}

/** Rows per log record of `insertRowsInBulk`: keeps each record's JSON a few hundred KB. */
const ROWS_PER_RECORD = 5000;

/**
 * Runs `insert` with the per-row capture triggers off, then records every row of `table` whose id
 * is above `afterId` as bulk insertions: op 'B' with no before-image, the after-image holding the
 * range of ids (`first`, `last`), a few thousand rows per log record. Undo copies the rows into
 * the record (the column names once, each row as a JSON array of values) as it deletes them, redo
 * inserts them back and forgets the copy. A merge adding 100,000 codings writes 20 small log
 * records. Capture is off while `insert` runs, so it must do nothing but add rows to `table`.
 */
export function insertRowsInBulk(db: SqlDb, table: CapturedTable, insert: () => void): void {
  const seq = (stmt(db, `SELECT seq FROM capture_state WHERE id = 1`).get() as { seq: number | null }).seq;
  const afterId = (stmt(db, `SELECT coalesce(max(id), 0) AS id FROM "${table}"`).get() as { id: number }).id;
  if (seq === null) {
    insert();
    return;
  }
  stopCapture(db);
  try {
    insert();
  } finally {
    startCapture(db, seq);
  }
  const sql = dialect(db, {
    sqlite: `INSERT INTO history_changes (seq, tbl, op, row_id, before, after)
     SELECT @seq, '${table}', 'B', min(id), NULL, json_object('first', min(id), 'last', max(id))
     FROM "${table}" WHERE id > @afterId
     GROUP BY CAST((id - @afterId - 1) / ${ROWS_PER_RECORD} AS INTEGER) ORDER BY min(id)`,
    postgres: `INSERT INTO history_changes (seq, tbl, op, row_id, before, after)
     SELECT CAST(@seq AS INTEGER), '${table}', 'B', min(id), NULL, '{"first":' || min(id) || ',"last":' || max(id) || '}'
     FROM "${table}" WHERE id > @afterId
     GROUP BY (id - @afterId - 1) / ${ROWS_PER_RECORD} ORDER BY min(id)`,
  });
  stmt(db, sql).run({ seq, afterId });
}

/**
 * Undoes bulk insertions: the rows they list go, copied into the record first for redo. Rows
 * inserted together have consecutive ids, so this is usually a range of ids (one index walk);
 * a record of the older form lists its rows and so their ids.
 */
function deleteInsertedRows(db: SqlDb, table: string, changeId: number): void {
  const rangeSql = dialect(db, {
    sqlite: `SELECT after ->> '$.first' AS first, after ->> '$.last' AS last FROM history_changes WHERE id = ?`,
    postgres: `SELECT CAST(after::json ->> 'first' AS bigint) AS first, CAST(after::json ->> 'last' AS bigint) AS last
               FROM history_changes WHERE id = ?`,
  });
  const range = stmt(db, rangeSql).get(changeId) as { first: number | null; last: number | null };
  if (range.first !== null && range.last !== null) {
    const cols = columnsOf(db, table).filter((c) => c !== 'id');
    const list = cols.map((c) => `"${c}"`).join(', ');
    const copySql = dialect(db, {
      sqlite: `UPDATE history_changes SET after = json_object('first', @first, 'last', @last, 'columns', json(@columns),
         'rows', (SELECT json_group_array(json_array(id, ${list}) ORDER BY id)
                  FROM "${table}" WHERE id BETWEEN @first AND @last))
       WHERE id = @change`,
      postgres: `UPDATE history_changes SET after = json_build_object('first', CAST(@first AS bigint), 'last', CAST(@last AS bigint),
         'columns', CAST(@columns AS json),
         'rows', (SELECT coalesce(json_agg(json_build_array(id, ${list}) ORDER BY id), '[]'::json)
                  FROM "${table}" WHERE id BETWEEN @first AND @last))::text
       WHERE id = @change`,
    });
    stmt(db, copySql).run({ ...range, columns: JSON.stringify(cols), change: changeId });
    stmt(db, `DELETE FROM "${table}" WHERE id BETWEEN ? AND ?`).run(range.first, range.last);
    return;
  }
  const deleteSql = dialect(db, {
    sqlite: `DELETE FROM "${table}" WHERE id IN
       (SELECT j.value ->> 0 FROM history_changes h, json_each(h.after, '$.rows') j WHERE h.id = ?)`,
    postgres: `DELETE FROM "${table}" WHERE id IN
       (SELECT CAST(j.value ->> 0 AS bigint) FROM history_changes h, json_array_elements(h.after::json -> 'rows') j WHERE h.id = ?)`,
  });
  stmt(db, deleteSql).run(changeId);
}

/** Redoes bulk insertions: the rows come back with their ids and values, and leave the log. */
function reinsertRows(db: SqlDb, table: string, changeId: number): void {
  const columnsSql = dialect(db, {
    sqlite: `SELECT json_extract(after, '$.columns') AS columns FROM history_changes WHERE id = ?`,
    postgres: `SELECT (after::json -> 'columns')::text AS columns FROM history_changes WHERE id = ?`,
  });
  const row = stmt(db, columnsSql).get(changeId) as { columns: string };
  const columns = JSON.parse(row.columns) as string[];
  const live = columnsOf(db, table);
  if (columns.some((c) => !live.includes(c))) throw new Error(`The log names an unknown column of ${table}.`);
  const list = columns.map((c) => `"${c}"`).join(', ');
  const values = columns.map((_, i) => `j.value ->> ${i + 1}`).join(', ');
  // PostgreSQL: each row's array, paired with the column names, becomes a row of the table's type.
  const names = ['id', ...columns].map((c) => `'${c}'`).join(', ');
  const insertSql = dialect(db, {
    sqlite: `INSERT INTO "${table}" (id, ${list})
     SELECT j.value ->> 0, ${values} FROM history_changes h, json_each(h.after, '$.rows') j WHERE h.id = ?`,
    postgres: `INSERT INTO "${table}" (id, ${list})
     SELECT r.id, ${columns.map((c) => `r."${c}"`).join(', ')}
     FROM history_changes h, json_array_elements(h.after::json -> 'rows') WITH ORDINALITY AS j(value, n),
          ${pgRecord(table, `json_object(ARRAY[${names}], ARRAY(SELECT e.v FROM json_array_elements_text(j.value) WITH ORDINALITY AS e(v, n) ORDER BY e.n))`)} r
     WHERE h.id = ? ORDER BY j.n`,
  });
  stmt(db, insertSql).run(changeId);
  const derived = afterRestore(db, table);
  if (derived) stmt(db, derived(`SELECT j.value ->> 0 FROM history_changes h, json_each(h.after, '$.rows') j WHERE h.id = ?`)).run(changeId);
  const forgetSql = dialect(db, {
    sqlite: `UPDATE history_changes SET after = (SELECT json_object('first', min(j.value ->> 0), 'last', max(j.value ->> 0))
                                         FROM json_each(after, '$.rows') j)
     WHERE id = ?`,
    postgres: `UPDATE history_changes SET after = (SELECT '{"first":' || coalesce(min(CAST(j.value ->> 0 AS bigint))::text, 'null')
                                                || ',"last":' || coalesce(max(CAST(j.value ->> 0 AS bigint))::text, 'null') || '}'
                                         FROM json_array_elements(after::json -> 'rows') j)
     WHERE id = ?`,
  });
  stmt(db, forgetSql).run(changeId);
}

/** Replays a bulk change (op 'B'): its column takes the image's value in the rows it lists. */
function setInBulk(db: SqlDb, table: string, image: Image, changeId: number): void {
  const change = stmt(db, `SELECT ${image} AS image FROM history_changes WHERE id = ?`).get(changeId) as { image: string };
  const { column } = JSON.parse(change.image) as { column: string };
  if (!columnsOf(db, table).includes(column)) throw new Error(`The log names an unknown column ${table}.${column}.`);
  const sql = dialect(db, {
    sqlite: `UPDATE "${table}" SET "${column}" = (SELECT json_extract(${image}, '$.value') FROM history_changes WHERE id = @change)
     WHERE id IN (SELECT j.value FROM history_changes h, json_each(h.${image}, '$.ids') j WHERE h.id = @change)`,
    postgres: `UPDATE "${table}" SET "${column}" = (SELECT r."${column}" FROM history_changes h,
                 ${pgRecord(table, `json_build_object('${column}', h.${image}::json -> 'value')`)} r WHERE h.id = @change)
     WHERE id IN (SELECT CAST(j.value AS bigint) FROM history_changes h, json_array_elements_text(h.${image}::json -> 'ids') j
                  WHERE h.id = @change)`,
  });
  stmt(db, sql).run({ change: changeId });
}

export function startCapture(db: SqlDb, seq: number): void {
  stmt(db, `UPDATE capture_state SET seq = ? WHERE id = 1`).run(seq);
}

export function stopCapture(db: SqlDb): void {
  stmt(db, `UPDATE capture_state SET seq = NULL WHERE id = 1`).run();
}

interface ChangeRow {
  id: number;
  tbl: string;
  /** Insert, update, delete of one row; or a bulk change of one column in many rows. */
  op: 'I' | 'U' | 'D' | 'B';
  row_id: number;
  /** A bulk change without a before-image is a set of inserted rows (`insertRowsInBulk`). */
  inserted: 0 | 1;
}

type Image = 'before' | 'after';

/**
 * Derived rows that are written by the code that inserts, not by a trigger (a per-row trigger
 * made bulk imports several times slower), so a row brought back by undo or redo needs them too.
 */
const AFTER_RESTORE: Partial<Record<CapturedTable, (ids: string) => string>> = {
  turns: (ids) => `INSERT INTO turns_fts (rowid, text) SELECT id, text FROM turns WHERE id IN (${ids}) ORDER BY id`,
};

/** PostgreSQL's search index is an index on turns (postgres/project-schema.ts): nothing to write. */
function afterRestore(db: SqlDb, table: string): ((ids: string) => string) | undefined {
  return dialect(db, { sqlite: AFTER_RESTORE[table as CapturedTable], postgres: undefined });
}

/** Inserts a row back from a whole image in the log. */
function restoreRow(db: SqlDb, table: string, image: Image, changeId: number, rowId: number): void {
  const cols = columnsOf(db, table);
  const list = cols.map((c) => `"${c}"`).join(', ');
  const sql = dialect(db, {
    sqlite: `INSERT INTO "${table}" (${list}) SELECT ${cols.map((c) => `json_extract(${image}, '$."${c}"')`).join(', ')} FROM history_changes WHERE id = ?`,
    postgres: `INSERT INTO "${table}" (${list}) SELECT ${cols.map((c) => `r."${c}"`).join(', ')}
               FROM history_changes h, ${pgRecord(table, `h.${image}::json`)} r WHERE h.id = ?`,
  });
  stmt(db, sql).run(changeId);
  const derived = afterRestore(db, table);
  if (derived) stmt(db, derived('?')).run(rowId);
}

/** Sets the columns an image names (all of them, or those an update changed) in one row. */
function overwriteRow(db: SqlDb, table: string, image: Image, changeId: number, rowId: number): void {
  const keysSql = dialect(db, {
    sqlite: `SELECT (SELECT json_group_array(key) FROM json_each(${image})) AS keys FROM history_changes WHERE id = ?`,
    postgres: `SELECT (SELECT coalesce(json_agg(k), '[]'::json)::text FROM json_object_keys(${image}::json) k) AS keys
               FROM history_changes WHERE id = ?`,
  });
  const { keys } = stmt(db, keysSql).get(changeId) as { keys: string };
  const live = new Set(columnsOf(db, table));
  const cols = (JSON.parse(keys) as string[]).filter((c) => c !== 'id');
  if (cols.some((c) => !live.has(c))) throw new Error(`The log names an unknown column of ${table}.`);
  if (cols.length === 0) return;
  const list = cols.map((c) => `"${c}"`).join(', ');
  const sql = dialect(db, {
    sqlite: `UPDATE "${table}" SET (${list}) = (SELECT ${cols.map((c) => `json_extract(${image}, '$."${c}"')`).join(', ')} FROM history_changes WHERE id = ?) WHERE id = ?`,
    postgres: `UPDATE "${table}" SET (${list}) = (SELECT ${cols.map((c) => `r."${c}"`).join(', ')}
               FROM history_changes h, ${pgRecord(table, `h.${image}::json`)} r WHERE h.id = ?) WHERE id = ?`,
  });
  stmt(db, sql).run(changeId, rowId);
}

function deleteRow(db: SqlDb, table: string, rowId: number): void {
  stmt(db, `DELETE FROM "${table}" WHERE id = ?`).run(rowId);
}

/** Undoes an insertion: the row goes, copied into the log first so that redo can bring it back. */
function takeBackInsert(db: SqlDb, table: string, changeId: number, rowId: number): void {
  // row_to_json is SQLite's json_object of every column, compact, in column order.
  const sql = dialect(db, {
    sqlite: () => `UPDATE history_changes SET after = (SELECT ${image('', columnsOf(db, table))} FROM "${table}" WHERE id = ?) WHERE id = ?`,
    postgres: () => `UPDATE history_changes SET after = (SELECT row_to_json(r)::text FROM "${table}" r WHERE r.id = ?) WHERE id = ?`,
  })();
  stmt(db, sql).run(rowId, changeId);
  deleteRow(db, table, rowId);
}

/** Redoes an insertion: the row comes back from the log, which then forgets it again. */
function putBackInsert(db: SqlDb, table: string, changeId: number, rowId: number): void {
  restoreRow(db, table, 'after', changeId, rowId);
  stmt(db, `UPDATE history_changes SET after = NULL WHERE id = ?`).run(changeId);
}

function changesOf(db: SqlDb, seq: number, order: 'ASC' | 'DESC'): ChangeRow[] {
  return stmt(db, `SELECT id, tbl, op, row_id, (op = 'B' AND before IS NULL) AS inserted FROM history_changes WHERE seq = ? ORDER BY id ${order}`).all(
    seq,
  ) as ChangeRow[];
}

/**
 * Puts back the state before command `seq`. Runs inside the caller's transaction, with capture
 * off and foreign keys deferred: rows come back in reverse order, so a child may briefly precede
 * its parent.
 */
export function revertChanges(db: SqlDb, seq: number): void {
  db.pragma('defer_foreign_keys = ON');
  for (const c of changesOf(db, seq, 'DESC')) {
    if (c.op === 'I') takeBackInsert(db, c.tbl, c.id, c.row_id);
    else if (c.op === 'D') restoreRow(db, c.tbl, 'before', c.id, c.row_id);
    else if (c.op === 'B' && c.inserted) deleteInsertedRows(db, c.tbl, c.id);
    else if (c.op === 'B') setInBulk(db, c.tbl, 'before', c.id);
    else overwriteRow(db, c.tbl, 'before', c.id, c.row_id);
  }
}

/** Applies command `seq` again after an undo. */
export function reapplyChanges(db: SqlDb, seq: number): void {
  db.pragma('defer_foreign_keys = ON');
  for (const c of changesOf(db, seq, 'ASC')) {
    if (c.op === 'I') putBackInsert(db, c.tbl, c.id, c.row_id);
    else if (c.op === 'D') deleteRow(db, c.tbl, c.row_id);
    else if (c.op === 'B' && c.inserted) reinsertRows(db, c.tbl, c.id);
    else if (c.op === 'B') setInBulk(db, c.tbl, 'after', c.id);
    else overwriteRow(db, c.tbl, 'after', c.id, c.row_id);
  }
}
