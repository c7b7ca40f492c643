import type { SqlDb } from './engine.js';
import type { CodeKind, ThemeStatus } from '../../../shared/types.js';
import { stmt } from './statements.js';

/**
 * Whole-project reads and the few writes that exchange (REFI-QDA export and import) needs beyond
 * the per-entity modules: everything with its guid, creator and time, in a stable order.
 */

export interface ProjectRow {
  guid: string;
  title: string;
  createdAt: string;
}

export function projectRow(db: SqlDb): ProjectRow | undefined {
  return stmt(db, `SELECT guid, title, created_at AS createdAt FROM project WHERE id = 1`).get() as ProjectRow | undefined;
}

export function allUsers(db: SqlDb): { guid: string; name: string }[] {
  return stmt(db, `SELECT guid, name FROM users ORDER BY id`).all() as { guid: string; name: string }[];
}

export interface ExportCode {
  id: number;
  guid: string;
  parentId: number | null;
  kind: CodeKind;
  name: string;
  color: string;
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  status: ThemeStatus | null;
}

export function allCodes(db: SqlDb): ExportCode[] {
  return stmt(
    db,
    `SELECT id, guid, parent_id AS parentId, kind, name, color, definition, inclusion, exclusion, example, status
     FROM codes ORDER BY parent_id IS NOT NULL, parent_id, position, id`,
  ).all() as ExportCode[];
}

export interface ExportDocument {
  id: number;
  guid: string;
  name: string;
  text: string;
  createdBy: string;
  createdAt: string;
}

export function allDocuments(db: SqlDb): ExportDocument[] {
  return stmt(
    db,
    `SELECT id, guid, name, text, created_by AS createdBy, created_at AS createdAt FROM documents ORDER BY id`,
  ).all() as ExportDocument[];
}

export interface ExportCoding {
  guid: string;
  documentId: number;
  codeGuid: string;
  start: number;
  end: number;
  createdBy: string;
  createdAt: string;
}

/**
 * Every coding in document order. Read in table order and sorted here: the index on (document,
 * start) gives the order but then fetches each row from the table at random, which for 100,000
 * codings cost several times the sort.
 */
export function allCodings(db: SqlDb): ExportCoding[] {
  const codeGuids = new Map(stmt(db, `SELECT id, guid FROM codes`).raw(true).all() as [number, string][]);
  const rows = stmt(db, `SELECT guid, document_id, code_id, start, end, created_by, created_at, id FROM codings`)
    .raw(true)
    .all() as [string, number, number, number, number, string, string, number][];
  rows.sort((a, b) => a[1] - b[1] || a[3] - b[3] || a[4] - b[4] || a[7] - b[7]);
  return rows.map(([guid, documentId, codeId, start, end, createdBy, createdAt]) => ({
    guid,
    documentId,
    codeGuid: codeGuids.get(codeId)!,
    start,
    end,
    createdBy,
    createdAt,
  }));
}

export interface ExportTurn {
  guid: string;
  documentId: number;
  start: number;
  end: number;
}

export function turnByGuid(db: SqlDb, guid: string): ExportTurn | undefined {
  return stmt(db, `SELECT guid, document_id AS documentId, start, end FROM turns WHERE guid = ?`).get(guid) as
    | ExportTurn
    | undefined;
}

/** For each participant, the documents where one of their speakers talks. */
export function participantDocuments(db: SqlDb): { participant: string; document: string }[] {
  return stmt(
    db,
    `SELECT p.guid AS participant, d.guid AS document
     FROM speakers s JOIN participants p ON p.id = s.participant_id JOIN documents d ON d.id = s.document_id
     GROUP BY p.id, d.id ORDER BY p.id, d.id`,
  ).all() as { participant: string; document: string }[];
}

export function allParticipants(db: SqlDb): { id: number; guid: string; label: string }[] {
  return stmt(db, `SELECT id, guid, label FROM participants ORDER BY id`).all() as { id: number; guid: string; label: string }[];
}

/** The fields of a code that codes.create does not set. */
export function setCodeDetails(
  db: SqlDb,
  id: number,
  d: { inclusion: string; exclusion: string; example: string; kind: CodeKind; status: ThemeStatus | null },
): void {
  stmt(db, `UPDATE codes SET inclusion = ?, exclusion = ?, example = ?, kind = ?, status = ? WHERE id = ?`).run(
    d.inclusion,
    d.exclusion,
    d.example,
    d.kind,
    d.status,
    id,
  );
}

export function renameCode(db: SqlDb, id: number, name: string): void {
  stmt(db, `UPDATE codes SET name = ? WHERE id = ?`).run(name, id);
}

export function codeGuidsAndNames(db: SqlDb): { id: number; guid: string; parentId: number | null; name: string }[] {
  return stmt(db, `SELECT id, guid, parent_id AS parentId, name FROM codes ORDER BY id`).all() as {
    id: number;
    guid: string;
    parentId: number | null;
    name: string;
  }[];
}
