import type Database from 'better-sqlite3';
import type { Memo, MemoKind } from '../../../shared/types.js';
import type { Stamp } from './documents.js';
import { stmt } from './statements.js';

const SELECT = `SELECT m.guid, m.kind, m.target_guid AS target, m.title, m.content_json AS content, m.content_text AS text,
                       m.created_by AS createdBy, coalesce(u.name, m.created_by) AS author, m.created_at AS createdAt, m.updated_at AS updatedAt
                FROM memos m LEFT JOIN users u ON u.guid = m.created_by`;

/** Memos on a document, on its codings and on its turns. */
export function memosOfDocument(db: Database.Database, documentId: number, documentGuid: string): Memo[] {
  return stmt(
    db,
    `${SELECT} WHERE m.target_guid = @guid
       OR m.target_guid IN (SELECT guid FROM codings WHERE document_id = @id)
       OR m.target_guid IN (SELECT guid FROM turns WHERE document_id = @id)
     ORDER BY m.created_at, m.id`,
  ).all({ guid: documentGuid, id: documentId }) as Memo[];
}

export function listMemos(db: Database.Database, filter: { target?: string; kind?: MemoKind }): Memo[] {
  if (filter.target !== undefined) {
    return stmt(db, `${SELECT} WHERE m.target_guid = ? ORDER BY m.created_at, m.id`).all(filter.target) as Memo[];
  }
  if (filter.kind !== undefined) {
    return stmt(db, `${SELECT} WHERE m.kind = ? ORDER BY m.created_at, m.id`).all(filter.kind) as Memo[];
  }
  return stmt(db, `${SELECT} ORDER BY m.created_at, m.id`).all() as Memo[];
}

export function memoByGuid(db: Database.Database, guid: string): (Memo & { id: number }) | undefined {
  return stmt(db, `${SELECT.replace('SELECT', 'SELECT m.id,')} WHERE m.guid = ?`).get(guid) as (Memo & { id: number }) | undefined;
}

export function insertMemo(
  db: Database.Database,
  m: { guid: string; kind: MemoKind; target: string | null; title: string; content: string; text: string },
  s: Stamp,
): void {
  stmt(
    db,
    `INSERT INTO memos (guid, kind, target_guid, title, content_json, content_text, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(m.guid, m.kind, m.target, m.title, m.content, m.text, s.by, s.at, s.at);
}

export function updateMemo(
  db: Database.Database,
  id: number,
  m: { title: string; content: string; text: string },
  at: string,
): void {
  stmt(db, `UPDATE memos SET title = ?, content_json = ?, content_text = ?, updated_at = ? WHERE id = ?`).run(
    m.title,
    m.content,
    m.text,
    at,
    id,
  );
}

export function deleteMemo(db: Database.Database, id: number): void {
  stmt(db, `DELETE FROM memos WHERE id = ?`).run(id);
}

/** Whether a memo's target exists, by the table its kind attaches to. */
export function targetExists(db: Database.Database, table: 'documents' | 'codes' | 'codings' | 'turns', guid: string): boolean {
  return stmt(db, `SELECT 1 FROM ${table} WHERE guid = ?`).get(guid) !== undefined;
}

/** Memos left behind when their target is removed are removed with it (in the same command). */
export function deleteMemosOf(db: Database.Database, target: string): void {
  stmt(db, `DELETE FROM memos WHERE target_guid = ?`).run(target);
}
