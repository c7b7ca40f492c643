import type { SqlDb } from './engine.js';
import type { Coding } from '../../../shared/types.js';
import type { Stamp } from './documents.js';
import { insertRows, stmt } from './statements.js';

const SELECT_CODING = `
  SELECT x.guid, d.guid AS documentGuid, c.guid AS codeGuid, x.start, x.end, x.created_by AS coder,
         x.created_at AS createdAt
  FROM codings x JOIN documents d ON d.id = x.document_id JOIN codes c ON c.id = x.code_id`;

export function insertCoding(
  db: SqlDb,
  c: { guid: string; documentId: number; codeId: number; start: number; end: number },
  s: Stamp,
): number {
  const r = stmt(
    db,
    `INSERT INTO codings (guid, document_id, code_id, start, end, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(c.guid, c.documentId, c.codeId, c.start, c.end, s.by, s.at);
  return Number(r.lastInsertRowid);
}

export interface NewCoding {
  guid: string;
  documentId: number;
  codeId: number;
  start: number;
  end: number;
  stamp: Stamp;
}

/** Inserts many codings, a few hundred rows per statement (an import of 100,000). */
export function insertCodings(db: SqlDb, codings: readonly NewCoding[]): void {
  insertRows(
    db,
    'codings',
    ['guid', 'document_id', 'code_id', 'start', 'end', 'created_by', 'created_at'],
    codings.map((c) => [c.guid, c.documentId, c.codeId, c.start, c.end, c.stamp.by, c.stamp.at]),
  );
}

export function codingById(db: SqlDb, id: number): Coding {
  return stmt(db, `${SELECT_CODING} WHERE x.id = ?`).get(id) as Coding;
}

export interface CodingRow {
  id: number;
  guid: string;
  document_id: number;
  code_id: number;
  start: number;
  end: number;
  created_by: string;
}

export function codingRowByGuid(db: SqlDb, guid: string): CodingRow | undefined {
  return stmt(db, `SELECT id, guid, document_id, code_id, start, end, created_by FROM codings WHERE guid = ?`).get(guid) as
    | CodingRow
    | undefined;
}

export function setCodingSpan(db: SqlDb, id: number, start: number, end: number): void {
  stmt(db, `UPDATE codings SET start = ?, end = ? WHERE id = ?`).run(start, end, id);
}

/** The same coder's coding of the same code on the same span, if there is one. */
export function sameCoding(
  db: SqlDb,
  c: { documentId: number; codeId: number; start: number; end: number; coder: string },
): CodingRow | undefined {
  return stmt(
    db,
    `SELECT id, guid, document_id, code_id, start, end, created_by FROM codings
     WHERE document_id = ? AND code_id = ? AND start = ? AND end = ? AND created_by = ?`,
  ).get(c.documentId, c.codeId, c.start, c.end, c.coder) as CodingRow | undefined;
}

export function deleteCoding(db: SqlDb, id: number): void {
  stmt(db, `DELETE FROM codings WHERE id = ?`).run(id);
}

/** A coding with its document's id and name (`name` stands before the text in the row: cheap to read). */
export type ListedCoding = Coding & { documentId: number; documentName: string };
const SELECT_LISTED = SELECT_CODING.replace('SELECT', 'SELECT x.document_id AS documentId, d.name AS documentName,');

export function codingsOfDocument(db: SqlDb, documentId: number): ListedCoding[] {
  return stmt(db, `${SELECT_LISTED} WHERE x.document_id = ? ORDER BY x.start, x.end`).all(documentId) as ListedCoding[];
}

export function codingsOfCode(db: SqlDb, codeId: number): ListedCoding[] {
  return stmt(db, `${SELECT_LISTED} WHERE x.code_id = ? ORDER BY d.name COLLATE NOCASE, x.start`).all(codeId) as ListedCoding[];
}
