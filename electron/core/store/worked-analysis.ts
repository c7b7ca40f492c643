import type Database from 'better-sqlite3';
import { stmt } from './statements.js';

/**
 * Writes that the demo's worked analysis needs and no command offers yet: the phase a journal
 * entry was written in, what it links to, when it was written, and the project's phase.
 */

export function setMemoPhase(db: Database.Database, memoGuid: string, phase: number): void {
  stmt(db, `UPDATE memos SET phase = ? WHERE guid = ?`).run(phase, memoGuid);
}

/** Back-dates a memo: a journal entry keeps the day it was written. */
export function setMemoWritten(db: Database.Database, memoGuid: string, at: string): void {
  stmt(db, `UPDATE memos SET created_at = ?, updated_at = ? WHERE guid = ?`).run(at, at, memoGuid);
}

export function linkMemo(db: Database.Database, memoGuid: string, targetGuid: string): void {
  stmt(db, `INSERT INTO memo_links (memo_id, target_guid) SELECT id, ? FROM memos WHERE guid = ?`).run(targetGuid, memoGuid);
}

export function setProjectPhase(db: Database.Database, phase: number): void {
  stmt(db, `UPDATE project SET phase = ? WHERE id = 1`).run(phase);
}
