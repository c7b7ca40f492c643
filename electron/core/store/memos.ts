import type { SqlDb } from './engine.js';
import type { Memo, MemoKind } from '../../../shared/types.js';
import type { Stamp } from './documents.js';
import { dialect, stmt } from './statements.js';

const SELECT_SQLITE = `SELECT m.guid, m.kind, m.target_guid AS target, m.title, m.content_json AS content, m.content_text AS text,
                       m.created_by AS createdBy, coalesce(u.name, m.created_by) AS author, m.created_at AS createdAt, m.updated_at AS updatedAt,
                       m.phase, (SELECT json_group_array(target_guid) FROM (SELECT target_guid FROM memo_links WHERE memo_id = m.id ORDER BY id)) AS links
                FROM memos m LEFT JOIN users u ON u.guid = m.created_by`;

const SELECT_POSTGRES = SELECT_SQLITE.replace(
  '(SELECT json_group_array(target_guid) FROM (SELECT target_guid FROM memo_links WHERE memo_id = m.id ORDER BY id))',
  `(SELECT coalesce(json_agg(target_guid ORDER BY id), '[]'::json)::text FROM memo_links WHERE memo_id = m.id)`,
);

/** The memo columns, with each memo's links as a JSON array (json_group_array has no translation). */
const select = (db: SqlDb) => dialect(db, { sqlite: SELECT_SQLITE, postgres: SELECT_POSTGRES });

type MemoRecord = Omit<Memo, 'links'> & { links: string };

function decode<T extends MemoRecord | (MemoRecord & { id: number })>(row: T): Omit<T, 'links'> & { links: string[] } {
  return { ...row, links: JSON.parse(row.links) as string[] };
}

/** Memos on a document, on its codings and on its turns. */
export function memosOfDocument(db: SqlDb, documentId: number, documentGuid: string): Memo[] {
  return (stmt(
    db,
    `${select(db)} WHERE m.target_guid = @guid
       OR m.target_guid IN (SELECT guid FROM codings WHERE document_id = @id)
       OR m.target_guid IN (SELECT guid FROM turns WHERE document_id = @id)
     ORDER BY m.created_at, m.id`,
  ).all({ guid: documentGuid, id: documentId }) as MemoRecord[]).map(decode);
}

export function listMemos(
  db: SqlDb,
  filter: { target?: string; kind?: MemoKind; phase?: number; link?: string },
): Memo[] {
  if (filter.target !== undefined) {
    return (stmt(db, `${select(db)} WHERE m.target_guid = ? ORDER BY m.created_at, m.id`).all(filter.target) as MemoRecord[]).map(decode);
  }
  // Each filter is off when its parameter is null, so one prepared statement serves every combination.
  return (
    stmt(
      db,
      `${select(db)} WHERE (CAST(@kind AS TEXT) IS NULL OR m.kind = @kind) AND (CAST(@phase AS INTEGER) IS NULL OR m.phase = @phase)
         AND (CAST(@link AS TEXT) IS NULL OR m.id IN (SELECT memo_id FROM memo_links WHERE target_guid = @link))
       ORDER BY m.created_at, m.id`,
    ).all({ kind: filter.kind ?? null, phase: filter.phase ?? null, link: filter.link ?? null }) as MemoRecord[]
  ).map(decode);
}

export function memoByGuid(db: SqlDb, guid: string): (Memo & { id: number }) | undefined {
  const row = stmt(db, `${select(db).replace('SELECT', 'SELECT m.id,')} WHERE m.guid = ?`).get(guid) as
    | (MemoRecord & { id: number })
    | undefined;
  return row && decode(row);
}

export function insertMemo(
  db: SqlDb,
  m: { guid: string; kind: MemoKind; target: string | null; title: string; content: string; text: string; phase: number | null },
  s: Stamp,
): number {
  return Number(
    stmt(
      db,
      `INSERT INTO memos (guid, kind, target_guid, title, content_json, content_text, created_by, created_at, updated_at, phase)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(m.guid, m.kind, m.target, m.title, m.content, m.text, s.by, s.at, s.at, m.phase).lastInsertRowid,
  );
}

/** Back-dates a memo: a journal entry keeps the day it was written (the demo's worked analysis). */
export function setMemoWritten(db: SqlDb, id: number, at: string): void {
  stmt(db, `UPDATE memos SET created_at = ?, updated_at = ? WHERE id = ?`).run(at, at, id);
}

export function setMemoPhase(db: SqlDb, id: number, phase: number | null): void {
  stmt(db, `UPDATE memos SET phase = ? WHERE id = ?`).run(phase, id);
}

/** Makes the memo's links exactly `targets`, touching only the links that change. */
export function setMemoLinks(db: SqlDb, id: number, targets: readonly string[]): void {
  const list = JSON.stringify(targets);
  stmt(db, `DELETE FROM memo_links WHERE memo_id = ? AND target_guid NOT IN (SELECT value FROM json_each(?))`).run(id, list);
  stmt(
    db,
    `INSERT OR IGNORE INTO memo_links (memo_id, target_guid) SELECT CAST(? AS INTEGER), value FROM json_each(?) ORDER BY key`,
  ).run(id, list);
}

/** The guids among `guids` that are not a code, theme or document of the project. */
export function unknownLinkTargets(db: SqlDb, guids: readonly string[]): string[] {
  return (
    stmt(
      db,
      `SELECT value AS guid FROM json_each(?) WHERE value NOT IN (SELECT guid FROM codes) AND value NOT IN (SELECT guid FROM documents)`,
    ).all(JSON.stringify(guids)) as { guid: string }[]
  ).map((r) => r.guid);
}

export function projectPhase(db: SqlDb): number {
  return (stmt(db, `SELECT phase FROM project WHERE id = 1`).get() as { phase: number } | undefined)?.phase ?? 1;
}

export function setProjectPhase(db: SqlDb, phase: number): void {
  stmt(db, `UPDATE project SET phase = ? WHERE id = 1`).run(phase);
}

export function updateMemo(
  db: SqlDb,
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

export function deleteMemo(db: SqlDb, id: number): void {
  stmt(db, `DELETE FROM memos WHERE id = ?`).run(id);
}

/** Whether a memo's target exists, by the table its kind attaches to. */
export function targetExists(db: SqlDb, table: 'documents' | 'codes' | 'codings' | 'turns', guid: string): boolean {
  return stmt(db, `SELECT 1 FROM ${table} WHERE guid = ?`).get(guid) !== undefined;
}

/** Memos left behind when their target is removed are removed with it (in the same command). */
export function deleteMemosOf(db: SqlDb, target: string): void {
  stmt(db, `DELETE FROM memos WHERE target_guid = ?`).run(target);
}
