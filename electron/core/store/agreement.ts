/**
 * What agreement between coders reads (`electron/core/team/agreement/`): the coders, the codes
 * and documents compared, every coding of the compared coders, and the turns. Reads only; rows
 * come back as plain arrays where there can be hundreds of thousands of them.
 */
import type { SqlDb } from './engine.js';
import { stmt } from './statements.js';

export interface AgreementUserRow {
  guid: string;
  name: string;
}

export function usersByGuid(db: SqlDb, guids: readonly string[]): AgreementUserRow[] {
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
export function allCodes(db: SqlDb): AgreementCodeRow[] {
  return stmt(db, `SELECT id, guid, parent_id AS parentId, name, position FROM codes ORDER BY position, id`).all() as AgreementCodeRow[];
}

export interface AgreementDocumentRow {
  id: number;
  guid: string;
  name: string;
  length: number;
}

export function allDocuments(db: SqlDb): AgreementDocumentRow[] {
  return stmt(
    db,
    `SELECT id, guid, name, text_length AS length FROM documents ORDER BY name COLLATE NOCASE, id`,
  ).all() as AgreementDocumentRow[];
}

/** Every coding of the compared coders, column by column (`coder` = the coder's index in the comparison). */
export interface CodingColumns {
  length: number;
  document: Int32Array;
  code: Int32Array;
  start: Int32Array;
  end: Int32Array;
  coder: Uint8Array;
}

/**
 * Every coding by the given coders, in table order. A plain scan: ordering by code and document
 * through the index costs a row lookup per coding and is twice as slow on 200,000 codings as
 * sorting them afterwards. The coder comes back as its index, so no guid string is made per row.
 */
export function codingsOfCoders(db: SqlDb, coders: readonly string[]): CodingColumns {
  const cases = coders.map((_, i) => `WHEN ? THEN ${i}`).join(' ');
  const marks = coders.map(() => '?').join(', ');
  const rows = stmt(
    db,
    `SELECT document_id, code_id, start, end, CASE created_by ${cases} END FROM codings WHERE created_by IN (${marks})`,
  )
    .raw(true)
    .all(...coders, ...coders) as [number, number, number, number, number][];
  const n = rows.length;
  const out: CodingColumns = {
    length: n,
    document: new Int32Array(n),
    code: new Int32Array(n),
    start: new Int32Array(n),
    end: new Int32Array(n),
    coder: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    out.document[i] = r[0];
    out.code[i] = r[1];
    out.start[i] = r[2];
    out.end[i] = r[3];
    out.coder[i] = r[4];
  }
  return out;
}

/** A coding of one code as [document id, start, end, coder guid], in document and text order. */
export function codingsOfCodeByCoders(
  db: SqlDb,
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

/** How many codings each coder (by index) made in each document: [document id, coder index, codings]. */
export function codingsPerDocumentAndCoder(db: SqlDb, coders: readonly string[]): [number, number, number][] {
  const cases = coders.map((_, i) => `WHEN ? THEN ${i}`).join(' ');
  const marks = coders.map(() => '?').join(', ');
  return stmt(
    db,
    `SELECT document_id, CASE created_by ${cases} END AS coder, count(*) FROM codings
     WHERE created_by IN (${marks}) GROUP BY document_id, coder`,
  )
    .raw(true)
    .all(...coders, ...coders) as [number, number, number][];
}

/** A turn as [document id, start, end, speaker label or null], in document and text order. */
export type TurnTuple = [number, number, number, string | null];

/**
 * Every turn's span as [document id, start, end], in document and text order (a turn's seq
 * follows its start, so the unique (document_id, seq) index gives the order without a sort).
 */
export function allTurnSpans(db: SqlDb): [number, number, number][] {
  return stmt(db, `SELECT document_id, start, end FROM turns ORDER BY document_id, seq`)
    .raw(true)
    .all() as [number, number, number][];
}

export function turnsOfDocument(db: SqlDb, documentId: number): TurnTuple[] {
  return stmt(
    db,
    `SELECT t.document_id, t.start, t.end, s.label FROM turns t LEFT JOIN speakers s ON s.id = t.speaker_id
     WHERE t.document_id = ? ORDER BY t.start`,
  )
    .raw(true)
    .all(documentId) as TurnTuple[];
}
