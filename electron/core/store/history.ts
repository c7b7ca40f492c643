import type { SqlDb } from './engine.js';
import type { HistoryEntry } from '../../../shared/types.js';
import { stmt } from './statements.js';

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
 * redone. A command that changed nothing leaves the branch (and the log) as it was.
 */
export function discardRedoBranch(db: SqlDb): void {
  stmt(db, `DELETE FROM history_changes WHERE seq IN (SELECT seq FROM history WHERE state = 'undone')`).run();
  stmt(db, `UPDATE history SET state = 'discarded' WHERE state = 'undone'`).run();
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

/** The newest entry still in effect: what undo takes back. */
export function lastDone(db: SqlDb): EntryRef | undefined {
  return stmt(db, `SELECT seq, summary FROM history WHERE state = 'done' ORDER BY seq DESC LIMIT 1`).get() as
    | EntryRef
    | undefined;
}

/** The oldest undone entry: what redo brings back. */
export function firstUndone(db: SqlDb): EntryRef | undefined {
  return stmt(db, `SELECT seq, summary FROM history WHERE state = 'undone' ORDER BY seq ASC LIMIT 1`).get() as
    | EntryRef
    | undefined;
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
