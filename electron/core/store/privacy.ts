import type { SqlDb } from './engine.js';
import type { Pseudonym, PseudonymCategory } from '../../../shared/privacy.js';
import type { Stamp } from './documents.js';
import { stmt } from './statements.js';

const SELECT_PSEUDONYM = `SELECT id, guid, real_name AS realName, pseudonym, category, created_by AS createdBy, created_at AS createdAt FROM pseudonyms`;

export type PseudonymRow = Pseudonym & { id: number };

/** The whole list; it is short (tens to a few hundred names), so callers compare in JavaScript. */
export function listPseudonyms(db: SqlDb): PseudonymRow[] {
  return stmt(db, `${SELECT_PSEUDONYM} ORDER BY real_name COLLATE NOCASE, id`).all() as PseudonymRow[];
}

export function pseudonymByGuid(db: SqlDb, guid: string): PseudonymRow | undefined {
  return stmt(db, `${SELECT_PSEUDONYM} WHERE guid = ?`).get(guid) as PseudonymRow | undefined;
}

export function insertPseudonym(
  db: SqlDb,
  p: { guid: string; realName: string; pseudonym: string; category: PseudonymCategory },
  s: Stamp,
): number {
  const r = stmt(
    db,
    `INSERT INTO pseudonyms (guid, real_name, pseudonym, category, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(p.guid, p.realName, p.pseudonym, p.category, s.by, s.at);
  return Number(r.lastInsertRowid);
}

export function updatePseudonym(db: SqlDb, id: number, p: { realName: string; pseudonym: string; category: PseudonymCategory }): void {
  stmt(db, `UPDATE pseudonyms SET real_name = ?, pseudonym = ?, category = ? WHERE id = ?`).run(p.realName, p.pseudonym, p.category, id);
}

export function deletePseudonym(db: SqlDb, id: number): void {
  stmt(db, `DELETE FROM pseudonyms WHERE id = ?`).run(id);
}

export interface RedactionRow {
  id: number;
  guid: string;
  documentId: number;
  documentGuid: string;
  start: number;
  end: number;
  createdBy: string;
  createdAt: string;
}

const SELECT_REDACTION = `SELECT r.id, r.guid, r.document_id AS documentId, d.guid AS documentGuid, r.start, r.end,
  r.created_by AS createdBy, r.created_at AS createdAt FROM redactions r JOIN documents d ON d.id = r.document_id`;

export function redactionsOfDocument(db: SqlDb, documentId: number): RedactionRow[] {
  return stmt(db, `${SELECT_REDACTION} WHERE r.document_id = ? ORDER BY r.start, r.end`).all(documentId) as RedactionRow[];
}

export function allRedactions(db: SqlDb): RedactionRow[] {
  return stmt(db, `${SELECT_REDACTION} ORDER BY d.id, r.start, r.end`).all() as RedactionRow[];
}

export function redactionByGuid(db: SqlDb, guid: string): RedactionRow | undefined {
  return stmt(db, `${SELECT_REDACTION} WHERE r.guid = ?`).get(guid) as RedactionRow | undefined;
}

/** Redactions of a document that overlap or touch `[start, end)`. */
export function redactionsTouching(db: SqlDb, documentId: number, start: number, end: number): RedactionRow[] {
  return stmt(db, `${SELECT_REDACTION} WHERE r.document_id = ? AND r.start <= ? AND r.end >= ? ORDER BY r.start`).all(
    documentId,
    end,
    start,
  ) as RedactionRow[];
}

export function insertRedaction(db: SqlDb, r: { guid: string; documentId: number; start: number; end: number }, s: Stamp): number {
  const res = stmt(
    db,
    `INSERT INTO redactions (guid, document_id, start, end, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(r.guid, r.documentId, r.start, r.end, s.by, s.at);
  return Number(res.lastInsertRowid);
}

export function setRedactionSpan(db: SqlDb, id: number, start: number, end: number): void {
  stmt(db, `UPDATE redactions SET start = ?, end = ? WHERE id = ?`).run(start, end, id);
}

export function deleteRedaction(db: SqlDb, id: number): void {
  stmt(db, `DELETE FROM redactions WHERE id = ?`).run(id);
}

export interface SpeakerNameRow {
  label: string;
  role: 'moderator' | 'participant' | 'observer';
  participant: string | null;
  documentGuid: string;
}

/** Every speaker of every document with the participant it is mapped to, in document order. */
export function speakerNames(db: SqlDb): SpeakerNameRow[] {
  return stmt(
    db,
    `SELECT s.label, s.role, p.label AS participant, d.guid AS documentGuid
     FROM speakers s JOIN documents d ON d.id = s.document_id LEFT JOIN participants p ON p.id = s.participant_id
     ORDER BY d.name COLLATE NOCASE, s.id`,
  ).all() as SpeakerNameRow[];
}
