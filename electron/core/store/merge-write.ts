import type { SqlDb } from './engine.js';
import type { DocumentCopyRow, MergeCodeRow, MergeMemoRow, TurnCopyRow } from './merge-read.js';
import { dialect, stmt } from './statements.js';

/**
 * The writes of a project merge: rows copied from a co-coder's project with their guids, authors
 * and times kept. Ids are this project's; every function answers the new row's id.
 */

/** A co-coder as a user here, under the name they have there; an existing user keeps theirs. */
export function addUser(db: SqlDb, u: { guid: string; name: string; created_at: string }): void {
  stmt(db, `INSERT INTO users (guid, name, created_at) VALUES (?, ?, ?) ON CONFLICT (guid) DO NOTHING`).run(u.guid, u.name, u.created_at);
}

export function guidTaken(db: SqlDb, table: 'documents' | 'participants' | 'attributes' | 'speakers' | 'turns' | 'codes' | 'code_links', guid: string): boolean {
  return stmt(db, `SELECT 1 FROM "${table}" WHERE guid = ?`).get(guid) !== undefined;
}

export function addParticipant(db: SqlDb, p: { guid: string; label: string; created_by: string; created_at: string }): number {
  return Number(
    stmt(db, `INSERT INTO participants (guid, label, created_by, created_at) VALUES (?, ?, ?, ?)`).run(p.guid, p.label, p.created_by, p.created_at)
      .lastInsertRowid,
  );
}

export function addAttribute(
  db: SqlDb,
  a: { guid: string; scope: string; name: string; value_type: string; created_by: string; created_at: string },
): number {
  return Number(
    stmt(db, `INSERT INTO attributes (guid, scope, name, value_type, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`).run(
      a.guid,
      a.scope,
      a.name,
      a.value_type,
      a.created_by,
      a.created_at,
    ).lastInsertRowid,
  );
}

/** A value where the owner has none for that attribute yet (ours are never overwritten). */
export function addValueIfMissing(db: SqlDb, scope: 'document' | 'participant', ownerId: number, attributeId: number, value: string): void {
  const table = scope === 'document' ? 'document_values' : 'participant_values';
  const owner = scope === 'document' ? 'document_id' : 'participant_id';
  stmt(db, `INSERT INTO ${table} (${owner}, attribute_id, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`).run(ownerId, attributeId, value);
}

export function addDocument(
  db: SqlDb,
  d: DocumentCopyRow,
): number {
  return Number(
    stmt(
      db,
      `INSERT INTO documents (guid, name, text, text_hash, text_length, word_count, source_format, source_name, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(d.guid, d.name, d.text, d.text_hash, d.text_length, d.word_count, d.source_format, d.source_name, d.created_by, d.created_at).lastInsertRowid,
  );
}

export function speakerIdsOf(db: SqlDb, documentId: number): Map<string, number> {
  const rows = stmt(db, `SELECT id, label FROM speakers WHERE document_id = ?`).all(documentId) as { id: number; label: string }[];
  return new Map(rows.map((r) => [r.label, r.id]));
}

export function addSpeaker(
  db: SqlDb,
  s: { guid: string; document_id: number; label: string; role: string; participant_id: number | null; created_by: string; created_at: string },
): number {
  return Number(
    stmt(
      db,
      `INSERT INTO speakers (guid, document_id, label, role, participant_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(s.guid, s.document_id, s.label, s.role, s.participant_id, s.created_by, s.created_at).lastInsertRowid,
  );
}

export function addTurn(
  db: SqlDb,
  t: TurnCopyRow & { document_id: number },
): void {
  stmt(
    db,
    `INSERT INTO turns (guid, document_id, seq, speaker_id, start, end, time_start, time_end, text, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(t.guid, t.document_id, t.seq, t.speaker_id, t.start, t.end, t.time_start, t.time_end, t.text, t.created_by, t.created_at);
}

/** Turn guids of a document by their order, for memos about turns. */
export function turnGuidsOf(db: SqlDb, documentId: number): Map<number, string> {
  const rows = stmt(db, `SELECT seq, guid FROM turns WHERE document_id = ?`).all(documentId) as { seq: number; guid: string }[];
  return new Map(rows.map((r) => [r.seq, r.guid]));
}

export function childNamesOf(db: SqlDb, parentId: number | null): string[] {
  return (stmt(db, `SELECT name FROM codes WHERE parent_id IS ?`).all(parentId) as { name: string }[]).map((r) => r.name);
}

/** Their code, every field as they have it, under `parentId` at `position`. */
export function addCode(db: SqlDb, c: MergeCodeRow, parentId: number | null, name: string, position: number): number {
  return Number(
    stmt(
      db,
      `INSERT INTO codes (guid, parent_id, kind, name, color, definition, inclusion, exclusion, example, status, position, created_by, created_at,
                          central_concept, example_coding_guid, map_x, map_y)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      c.guid,
      parentId,
      c.kind,
      name,
      c.color,
      c.definition,
      c.inclusion,
      c.exclusion,
      c.example,
      c.status,
      position,
      c.created_by,
      c.created_at,
      c.central_concept,
      c.example_coding_guid,
      c.map_x,
      c.map_y,
    ).lastInsertRowid,
  );
}

export type CodeColumn = 'name' | 'color' | 'status' | 'kind' | 'definition' | 'inclusion' | 'exclusion' | 'example' | 'central_concept';

export function setCodeColumn(db: SqlDb, id: number, column: CodeColumn, value: string | null): void {
  stmt(db, `UPDATE codes SET "${column}" = ? WHERE id = ?`).run(value, id);
}

export function setCodeParent(db: SqlDb, id: number, parentId: number | null, position: number): void {
  stmt(db, `UPDATE codes SET parent_id = ?, position = ? WHERE id = ?`).run(parentId, position, id);
}

/**
 * Codings as they are (guid, span, coder, time), in one statement: `rows` is a JSON array of
 * [guid, document id, code id, start, end, coder, created at], inserted in that order.
 */
export function addCodings(db: SqlDb, rows: string): void {
  const sql = dialect(db, {
    sqlite: `INSERT INTO codings (guid, document_id, code_id, start, end, created_by, created_at)
     SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6 FROM json_each(?) ORDER BY key`,
    // ->> gives text in PostgreSQL: the integers are cast to their columns' type.
    postgres: `INSERT INTO codings (guid, document_id, code_id, start, end, created_by, created_at)
     SELECT j.v ->> 0, CAST(j.v ->> 1 AS bigint), CAST(j.v ->> 2 AS bigint), CAST(j.v ->> 3 AS bigint), CAST(j.v ->> 4 AS bigint),
            j.v ->> 5, j.v ->> 6
     FROM json_array_elements(CAST(? AS json)) WITH ORDINALITY AS j(v, n) ORDER BY j.n`,
  });
  stmt(db, sql).run(rows);
}

export function addMemos(db: SqlDb, rows: readonly (MergeMemoRow & { target: string | null })[]): Map<number, number> {
  const insert = stmt(
    db,
    `INSERT INTO memos (guid, kind, target_guid, title, content_json, content_text, created_by, created_at, updated_at, phase)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const ids = new Map<number, number>();
  for (const m of rows) {
    ids.set(m.id, Number(insert.run(m.guid, m.kind, m.target, m.title, m.content_json, m.content_text, m.created_by, m.created_at, m.updated_at, m.phase).lastInsertRowid));
  }
  return ids;
}

export function addMemoLink(db: SqlDb, memoId: number, target: string): void {
  stmt(db, `INSERT OR IGNORE INTO memo_links (memo_id, target_guid) VALUES (?, ?)`).run(memoId, target);
}

export function linkExists(db: SqlDb, sourceId: number, targetId: number): boolean {
  return stmt(db, `SELECT 1 FROM code_links WHERE (source_id = ? AND target_id = ?) OR (source_id = ? AND target_id = ?)`).get(sourceId, targetId, targetId, sourceId) !== undefined;
}

export function addCodeLink(
  db: SqlDb,
  l: { guid: string; source_id: number; target_id: number; label: string; created_by: string; created_at: string },
): void {
  stmt(db, `INSERT INTO code_links (guid, source_id, target_id, label, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`).run(
    l.guid,
    l.source_id,
    l.target_id,
    l.label,
    l.created_by,
    l.created_at,
  );
}

export function codeIdByGuid(db: SqlDb, guid: string): number | undefined {
  return (stmt(db, `SELECT id FROM codes WHERE guid = ?`).get(guid) as { id: number } | undefined)?.id;
}

export function nextCodePosition(db: SqlDb, parentId: number | null): number {
  return (stmt(db, `SELECT coalesce(max(position) + 1, 0) AS p FROM codes WHERE parent_id IS ?`).get(parentId) as { p: number }).p;
}

export function documentGuid(db: SqlDb, id: number): string {
  return (stmt(db, `SELECT guid FROM documents WHERE id = ?`).get(id) as { guid: string }).guid;
}

/** Every coding as document|code|coder|start|end: a coder's coding of a span with a code is there once. */
export function codingKeys(db: SqlDb): Set<string> {
  return new Set(
    stmt(db, `SELECT document_id || '|' || code_id || '|' || created_by || '|' || start || '|' || end FROM codings`).pluck().all() as string[],
  );
}
