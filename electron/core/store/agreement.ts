/**
 * What agreement between coders reads (`electron/core/team/agreement/`): the coders, the codes
 * and documents compared, every coding of the compared coders, and the turns. Reads only; rows
 * come back as plain arrays where there can be hundreds of thousands of them.
 */
import type Database from 'better-sqlite3';
import { stmt } from './statements.js';

export interface AgreementUserRow {
  guid: string;
  name: string;
}

export function usersByGuid(db: Database.Database, guids: readonly string[]): AgreementUserRow[] {
  const s = stmt(db, `SELECT guid, name FROM users WHERE guid = ?`);
  return guids.flatMap((g) => (s.get(g) as AgreementUserRow | undefined) ?? []);
}

export interface AgreementCodeRow {
  id: number;
  guid: string;
  parentId: number | null;
  name: string;
  position: number;
}

/** Every code and theme (codings may sit on either). */
export function allCodes(db: Database.Database): AgreementCodeRow[] {
  return stmt(db, `SELECT id, guid, parent_id AS parentId, name, position FROM codes ORDER BY position, id`).all() as AgreementCodeRow[];
}

export interface AgreementDocumentRow {
  id: number;
  guid: string;
  name: string;
  length: number;
}

export function allDocuments(db: Database.Database): AgreementDocumentRow[] {
  return stmt(
    db,
    `SELECT id, guid, name, text_length AS length FROM documents ORDER BY name COLLATE NOCASE, id`,
  ).all() as AgreementDocumentRow[];
}

/** A coding as [document id, code id, start, end, coder guid]. */
export type CodingTuple = [number, number, number, number, string];

/**
 * Every coding by the given coders, ordered by code, document and start: the order the sweeps
 * consume them in, straight from the index-free sort of one pass.
 */
export function codingsOfCoders(db: Database.Database, coders: readonly string[]): CodingTuple[] {
  const marks = coders.map(() => '?').join(', ');
  return stmt(
    db,
    `SELECT document_id, code_id, start, end, created_by FROM codings
     WHERE created_by IN (${marks}) ORDER BY code_id, document_id, start, end`,
  )
    .raw(true)
    .all(...coders) as CodingTuple[];
}

/** A coding of one code as [document id, start, end, coder guid], in document and text order. */
export function codingsOfCodeByCoders(
  db: Database.Database,
  codeId: number,
  coders: readonly string[],
): [number, number, number, string][] {
  const marks = coders.map(() => '?').join(', ');
  return stmt(
    db,
    `SELECT document_id, start, end, created_by FROM codings
     WHERE code_id = ? AND created_by IN (${marks}) ORDER BY document_id, start, end`,
  )
    .raw(true)
    .all(codeId, ...coders) as [number, number, number, string][];
}

/** Codings per coder (by guid), for the report's coder list and its notes. */
export function codingCountsByCoder(db: Database.Database, coders: readonly string[]): Map<string, number> {
  const marks = coders.map(() => '?').join(', ');
  const rows = stmt(
    db,
    `SELECT created_by AS coder, count(*) AS n FROM codings WHERE created_by IN (${marks}) GROUP BY created_by`,
  ).all(...coders) as { coder: string; n: number }[];
  return new Map(rows.map((r) => [r.coder, r.n]));
}

/** A turn as [document id, start, end, speaker label or null], in document and text order. */
export type TurnTuple = [number, number, number, string | null];

export function allTurns(db: Database.Database): TurnTuple[] {
  return stmt(
    db,
    `SELECT t.document_id, t.start, t.end, s.label FROM turns t LEFT JOIN speakers s ON s.id = t.speaker_id
     ORDER BY t.document_id, t.start`,
  )
    .raw(true)
    .all() as TurnTuple[];
}

export function turnsOfDocument(db: Database.Database, documentId: number): TurnTuple[] {
  return stmt(
    db,
    `SELECT t.document_id, t.start, t.end, s.label FROM turns t LEFT JOIN speakers s ON s.id = t.speaker_id
     WHERE t.document_id = ? ORDER BY t.start`,
  )
    .raw(true)
    .all(documentId) as TurnTuple[];
}
