import type { SqlDb } from './engine.js';
import type { HistoryEntry } from '../../../shared/types.js';
import { dialect, stmt } from './statements.js';

export interface NewEntry {
  guid: string;
  at: string;
  user: string;
  operation: string;
  payload: string;
}

/** Starts a log entry. */
export function beginEntry(db: SqlDb, e: NewEntry): number {
  const r = stmt(
    db,
    `INSERT INTO history (guid, at, user_guid, operation, payload, summary) VALUES (?, ?, ?, ?, ?, '')`,
  ).run(e.guid, e.at, e.user, e.operation, e.payload);
  return Number(r.lastInsertRowid);
}

/**
 * Ends the redo branch, once a new command has changed something: undone entries become
 * 'discarded' — kept on the record, but their row changes are dropped because they can never be
 * redone. A command that changed nothing leaves the branch (and the log) as it was. With `user`
 * (the team server), only that coder's branch ends: a colleague's undone steps stay redoable.
 */
export function discardRedoBranch(db: SqlDb, user: string | null = null): void {
  stmt(db, `DELETE FROM history_changes WHERE seq IN (SELECT seq FROM history WHERE state = 'undone' AND (CAST(@user AS TEXT) IS NULL OR user_guid = @user))`).run({ user });
  stmt(db, `UPDATE history SET state = 'discarded' WHERE state = 'undone' AND (CAST(@user AS TEXT) IS NULL OR user_guid = @user)`).run({ user });
}

export function setSummary(db: SqlDb, seq: number, summary: string): void {
  stmt(db, `UPDATE history SET summary = ? WHERE seq = ?`).run(summary, seq);
}

export interface Subject {
  subject: string;
  event: string;
  detail: string;
}

/** The story events of a log entry (see migration 0030). */
export function addSubjects(db: SqlDb, seq: number, subjects: Subject[]): void {
  const insert = stmt(db, `INSERT INTO history_subjects (seq, subject_guid, event, detail) VALUES (?, ?, ?, ?)`);
  for (const s of subjects) insert.run(seq, s.subject, s.event, s.detail);
}

export interface SubjectEvent {
  seq: number;
  at: string;
  user: string;
  event: string;
  summary: string;
  detail: string;
}

/** The events of one subject that are in effect (undone entries are not part of the story), oldest first. */
export function eventsOf(db: SqlDb, subject: string): SubjectEvent[] {
  return stmt(
    db,
    `SELECT h.seq, h.at, coalesce(u.name, h.user_guid) AS user, s.event, h.summary, s.detail
     FROM history_subjects s JOIN history h ON h.seq = s.seq LEFT JOIN users u ON u.guid = h.user_guid
     WHERE s.subject_guid = ? AND h.state = 'done' ORDER BY s.seq, s.id`,
  ).all(subject) as SubjectEvent[];
}

export function changeCount(db: SqlDb, seq: number): number {
  return (stmt(db, `SELECT count(*) AS n FROM history_changes WHERE seq = ?`).get(seq) as { n: number }).n;
}

export function deleteEntry(db: SqlDb, seq: number): void {
  stmt(db, `DELETE FROM history WHERE seq = ?`).run(seq);
}

interface EntryRef {
  seq: number;
  summary: string;
}

/** The newest entry still in effect (of `user`, when given): what undo takes back. */
export function lastDone(db: SqlDb, user: string | null = null): EntryRef | undefined {
  return stmt(db, `SELECT seq, summary FROM history WHERE state = 'done' AND (CAST(@user AS TEXT) IS NULL OR user_guid = @user) ORDER BY seq DESC LIMIT 1`).get({
    user,
  }) as EntryRef | undefined;
}

/** The oldest undone entry (of `user`, when given): what redo brings back. */
export function firstUndone(db: SqlDb, user: string | null = null): EntryRef | undefined {
  return stmt(db, `SELECT seq, summary FROM history WHERE state = 'undone' AND (CAST(@user AS TEXT) IS NULL OR user_guid = @user) ORDER BY seq ASC LIMIT 1`).get({
    user,
  }) as EntryRef | undefined;
}

/**
 * The rows step @seq changed, as CTEs: single rows and bulk lists of ids (`mine_rows`), and bulk
 * insertions as ranges of ids (`mine_ranges`).
 */
const ROWS_OF_STEP_SQLITE = `
  mine AS (SELECT tbl, op, row_id, after FROM history_changes WHERE seq = @seq),
  mine_rows(tbl, id) AS (
    SELECT tbl, row_id FROM mine WHERE op <> 'B'
    UNION SELECT m.tbl, j.value FROM mine m, json_each(m.after, '$.ids') j WHERE m.op = 'B' AND json_type(m.after, '$.ids') = 'array'),
  mine_ranges(tbl, first, last) AS (
    SELECT tbl, after ->> '$.first', after ->> '$.last' FROM mine WHERE op = 'B' AND json_type(after, '$.first') IS NOT NULL)`;

/** The ids a bulk record lists, for PostgreSQL: only an 'ids' array is expanded (not other records). */
const pgIds = (alias: string) =>
  `json_array_elements_text(CASE WHEN ${alias}.op = 'B' AND json_typeof(${alias}.after::json -> 'ids') = 'array' THEN ${alias}.after::json -> 'ids' END)`;

const ROWS_OF_STEP_POSTGRES = `
  mine AS (SELECT tbl, op, row_id, after FROM history_changes WHERE seq = @seq),
  mine_rows(tbl, id) AS (
    SELECT tbl, row_id FROM mine WHERE op <> 'B'
    UNION SELECT m.tbl, CAST(j.value AS bigint) FROM mine m, ${pgIds('m')} j),
  mine_ranges(tbl, first, last) AS (
    SELECT tbl, CAST(after::json ->> 'first' AS bigint), CAST(after::json ->> 'last' AS bigint) FROM mine
    WHERE op = 'B' AND after::json -> 'first' IS NOT NULL)`;

const rowsOfStep = (db: SqlDb) => dialect(db, { sqlite: ROWS_OF_STEP_SQLITE, postgres: ROWS_OF_STEP_POSTGRES });

/**
 * The rows step `probe` changed that step `seq` did not, by table: undoing or redoing `seq` under
 * capture into `probe` shows what else it would take with it (a colleague's coding deleted along
 * with the code it is of).
 */
export function rowsBeyondStep(db: SqlDb, probe: number, seq: number): { tbl: string; n: number }[] {
  return stmt(
    db,
    `WITH ${rowsOfStep(db)},
     probed(tbl, id) AS (SELECT tbl, row_id FROM history_changes WHERE seq = @probe AND op <> 'B')
     SELECT p.tbl, count(*) AS n FROM probed p
     WHERE NOT EXISTS (SELECT 1 FROM mine_rows m WHERE m.tbl = p.tbl AND m.id = p.id)
       AND NOT EXISTS (SELECT 1 FROM mine_ranges m WHERE m.tbl = p.tbl AND p.id BETWEEN m.first AND m.last)
     GROUP BY p.tbl ORDER BY p.tbl`,
  ).all({ seq, probe }) as { tbl: string; n: number }[];
}

/**
 * The first step still in effect, made after step `seq`, that changed a row step `seq` changed:
 * undoing or redoing `seq` then would overwrite a colleague's later work. A row is a table and an
 * id; bulk records name theirs as a list of ids or a range.
 */
export function laterStepOnSameRows(db: SqlDb, seq: number): { summary: string; user: string } | undefined {
  return stmt(
    db,
    `WITH ${rowsOfStep(db)},
     later AS (
       SELECT c.tbl, c.op, c.row_id, c.after, h.seq, h.summary, h.user_guid
       FROM history h JOIN history_changes c ON c.seq = h.seq WHERE h.seq > @seq AND h.state = 'done'),
     later_rows(tbl, id, seq, summary, user_guid) AS (
       SELECT tbl, row_id, seq, summary, user_guid FROM later WHERE op <> 'B'
       UNION ALL ${dialect(db, {
         sqlite: `SELECT l.tbl, j.value, l.seq, l.summary, l.user_guid FROM later l, json_each(l.after, '$.ids') j
         WHERE l.op = 'B' AND json_type(l.after, '$.ids') = 'array'`,
         postgres: `SELECT l.tbl, CAST(j.value AS bigint), l.seq, l.summary, l.user_guid FROM later l, ${pgIds('l')} j`,
       })})
     SELECT r.summary, coalesce(u.name, r.user_guid) AS user FROM later_rows r LEFT JOIN users u ON u.guid = r.user_guid
     WHERE EXISTS (SELECT 1 FROM mine_rows m WHERE m.tbl = r.tbl AND m.id = r.id)
        OR EXISTS (SELECT 1 FROM mine_ranges m WHERE m.tbl = r.tbl AND r.id BETWEEN m.first AND m.last)
     ORDER BY r.seq LIMIT 1`,
  ).get({ seq }) as { summary: string; user: string } | undefined;
}

export function setState(
  db: SqlDb,
  seq: number,
  state: 'done' | 'undone',
  at: string,
  by: string,
): void {
  stmt(db, `UPDATE history SET state = ?, changed_at = ?, changed_by = ? WHERE seq = ?`).run(state, at, by, seq);
}

export function listEntries(db: SqlDb, limit: number): HistoryEntry[] {
  return stmt(
    db,
    `SELECT h.seq, h.at, coalesce(u.name, h.user_guid) AS user, h.operation, h.summary, h.state
     FROM history h LEFT JOIN users u ON u.guid = h.user_guid ORDER BY h.seq DESC LIMIT ?`,
  ).all(limit) as HistoryEntry[];
}
