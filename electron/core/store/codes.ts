import type { SqlDb } from './engine.js';
import type { Code } from '../../../shared/types.js';
import type { Stamp } from './documents.js';
import { stmt } from './statements.js';

export interface CodeRow {
  id: number;
  guid: string;
  parent_id: number | null;
  name: string;
  kind: 'code' | 'theme';
}

const ROW = `id, guid, parent_id, name, kind`;

const SELECT_CODE = `
  SELECT c.guid, p.guid AS parentGuid, c.kind, c.name, c.color, c.definition, c.inclusion, c.exclusion,
         c.example, c.status, c.position,
         (SELECT count(*) FROM codings x WHERE x.code_id = c.id) AS codings,
         (SELECT count(DISTINCT x.document_id) FROM codings x WHERE x.code_id = c.id) AS documents,
         c.created_at AS createdAt, c.created_by AS createdBy,
         c.central_concept AS centralConcept, c.example_coding_guid AS exampleCoding, c.map_x AS mapX, c.map_y AS mapY
  FROM codes c LEFT JOIN codes p ON p.id = c.parent_id`;

export function listCodes(db: SqlDb): Code[] {
  return stmt(db, `${SELECT_CODE} ORDER BY c.parent_id IS NOT NULL, c.parent_id, c.position, c.id`).all() as Code[];
}

export function codeById(db: SqlDb, id: number): Code {
  return stmt(db, `${SELECT_CODE} WHERE c.id = ?`).get(id) as Code;
}

export function codeRowByGuid(db: SqlDb, guid: string): CodeRow | undefined {
  return stmt(db, `SELECT ${ROW} FROM codes WHERE guid = ?`).get(guid) as CodeRow | undefined;
}

/** Sibling names are unique, compared without case: two "Stigma" codes side by side confuse everyone. */
export function siblingNamed(
  db: SqlDb,
  parentId: number | null,
  name: string,
): CodeRow | undefined {
  return stmt(
    db,
    `SELECT ${ROW} FROM codes WHERE parent_id IS ? AND name = ? COLLATE NOCASE`,
  ).get(parentId, name) as CodeRow | undefined;
}

/** A code with this name anywhere in the tree, top-level first: what the quick-code box means. */
export function codeNamed(db: SqlDb, name: string): CodeRow | undefined {
  return stmt(
    db,
    `SELECT ${ROW} FROM codes WHERE name = ? COLLATE NOCASE ORDER BY parent_id IS NOT NULL, id LIMIT 1`,
  ).get(name) as CodeRow | undefined;
}

export function codeCount(db: SqlDb): number {
  return (stmt(db, `SELECT count(*) AS n FROM codes`).get() as { n: number }).n;
}

export function nextPosition(db: SqlDb, parentId: number | null): number {
  return (
    stmt(db, `SELECT coalesce(max(position) + 1, 0) AS p FROM codes WHERE parent_id IS ?`).get(parentId) as {
      p: number;
    }
  ).p;
}

export function insertCode(
  db: SqlDb,
  c: { guid: string; parentId: number | null; name: string; color: string; definition: string; position: number },
  s: Stamp,
): number {
  const r = stmt(
    db,
    `INSERT INTO codes (guid, parent_id, name, color, definition, position, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(c.guid, c.parentId, c.name, c.color, c.definition, c.position, s.by, s.at);
  return Number(r.lastInsertRowid);
}

export type CodeField = 'name' | 'color' | 'definition' | 'inclusion' | 'exclusion' | 'example' | 'central_concept';

export function updateCodeField(db: SqlDb, id: number, field: CodeField, value: string): void {
  // `field` comes from the fixed list above, never from input text.
  stmt(db, `UPDATE codes SET ${field} = ? WHERE id = ?`).run(value, id);
}

/** Every field a refinement may compare before and after, as stored. */
export interface CodeFields {
  id: number;
  guid: string;
  parent_id: number | null;
  kind: 'code' | 'theme';
  name: string;
  color: string;
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  central_concept: string;
  example_coding_guid: string | null;
  status: 'candidate' | 'reviewed' | 'defined' | null;
  position: number;
  map_x: number | null;
  map_y: number | null;
}

export function codeFields(db: SqlDb, id: number): CodeFields {
  return stmt(
    db,
    `SELECT id, guid, parent_id, kind, name, color, definition, inclusion, exclusion, example, central_concept,
            example_coding_guid, status, position, map_x, map_y FROM codes WHERE id = ?`,
  ).get(id) as CodeFields;
}

export function setExampleCoding(db: SqlDb, id: number, coding: string | null): void {
  stmt(db, `UPDATE codes SET example_coding_guid = ? WHERE id = ?`).run(coding, id);
}

export function setStatus(db: SqlDb, id: number, status: string | null): void {
  stmt(db, `UPDATE codes SET status = ? WHERE id = ?`).run(status, id);
}

export function setMapPosition(db: SqlDb, id: number, x: number | null, y: number | null): void {
  stmt(db, `UPDATE codes SET map_x = ?, map_y = ? WHERE id = ?`).run(x, y, id);
}

/** Whether `coding` is a coding of code `id` or of a code below it. */
export function isCodingInSubtree(db: SqlDb, id: number, coding: string): boolean {
  return (
    stmt(
      db,
      `WITH RECURSIVE sub(id) AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT c.id FROM codes c JOIN sub ON c.parent_id = sub.id)
       SELECT 1 FROM codings WHERE guid = ? AND code_id IN (SELECT id FROM sub)`,
    ).get(id, coding) !== undefined
  );
}
