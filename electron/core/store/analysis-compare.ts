import type { SqlDb } from './engine.js';
import type { CodeKind, SpeakerRole } from '../../../shared/types.js';
import { COUNTED_SPEAKER, OVERLAPPING_TURN, PERSON_OF_SPEAKER } from './attribution.js';
import { stmt } from './statements.js';

/**
 * The reads behind comparing (analysis/words, matrix, cooccurrence, voice, similar): turns with
 * their speakers, codings with the turns they overlap and whom they count for, the code tree and
 * attribute values. Who a coding counts for is decided in `attribution.ts`; this module only
 * carries that decision (`person`) next to each piece of a coding.
 */

/** What was said: a turn of a speaker, with the person it counts as. */
export interface SpeechTurnRow {
  id: number;
  documentId: number;
  seq: number;
  start: number;
  end: number;
  timeStart: number | null;
  timeEnd: number | null;
  speakerId: number;
}

/** Every speaker turn of the project (or of one document), in document and text order. */
export function speechTurns(db: SqlDb, documentId: number | null = null): SpeechTurnRow[] {
  // Two statements rather than one with "@doc IS NULL OR ...", which would keep SQLite from
  // reading the turns in order through turns_document_start (a scan and a sort per call).
  const sql = (where: string) =>
    `SELECT t.id, t.document_id AS documentId, t.seq, t.start, t.end, t.time_start AS timeStart, t.time_end AS timeEnd,
            t.speaker_id AS speakerId
     FROM turns t
     WHERE t.speaker_id IS NOT NULL${where}
     ORDER BY t.document_id, t.start`;
  if (documentId === null) return stmt(db, sql('')).all() as SpeechTurnRow[];
  return stmt(db, sql(' AND t.document_id = ?')).all(documentId) as SpeechTurnRow[];
}

export interface SpeakerRow {
  id: number;
  guid: string;
  label: string;
  role: SpeakerRole;
  documentId: number;
  documentGuid: string;
  documentName: string;
  participantId: number | null;
  participantGuid: string | null;
  participantLabel: string | null;
  /** The person the speaker counts as (`attribution.ts`): `p<participant id>` or `s<speaker id>`. */
  person: string;
}

export function speakerRows(db: SqlDb): SpeakerRow[] {
  return stmt(
    db,
    `SELECT s.id, s.guid, s.label, s.role, s.document_id AS documentId, d.guid AS documentGuid, d.name AS documentName,
            s.participant_id AS participantId, p.guid AS participantGuid, p.label AS participantLabel,
            ${PERSON_OF_SPEAKER} AS person
     FROM speakers s JOIN documents d ON d.id = s.document_id LEFT JOIN participants p ON p.id = s.participant_id
     ORDER BY s.document_id, s.id`,
  ).all() as SpeakerRow[];
}

export interface DocumentRow {
  id: number;
  guid: string;
  name: string;
}

/** Documents in import order. */
export function documentRows(db: SqlDb): DocumentRow[] {
  return stmt(db, `SELECT id, guid, name FROM documents ORDER BY id`).all() as DocumentRow[];
}

export interface CodeRow {
  id: number;
  guid: string;
  parentId: number | null;
  kind: CodeKind;
  name: string;
  color: string;
  position: number;
}

export function codeRows(db: SqlDb): CodeRow[] {
  return stmt(
    db,
    `SELECT id, guid, parent_id AS parentId, kind, name, color, position FROM codes ORDER BY position, id`,
  ).all() as CodeRow[];
}

export interface CodingRow {
  id: number;
  guid: string;
  codeId: number;
  documentId: number;
  start: number;
  end: number;
  coder: string;
  createdAt: string;
}

const CODING_COLUMNS = `x.id, x.guid, x.code_id AS codeId, x.document_id AS documentId, x.start, x.end,
  x.created_by AS coder, x.created_at AS createdAt`;

/** Codings of the given codes (all codings when `codeIds` is null), in document and text order. */
export function codingRows(db: SqlDb, codeIds: readonly number[] | null): CodingRow[] {
  if (codeIds === null) {
    return stmt(db, `SELECT ${CODING_COLUMNS} FROM codings x ORDER BY x.document_id, x.start, x.id`).all() as CodingRow[];
  }
  return stmt(
    db,
    `SELECT ${CODING_COLUMNS} FROM codings x WHERE x.code_id IN (SELECT value FROM json_each(?))
     ORDER BY x.document_id, x.start, x.id`,
  ).all(JSON.stringify(codeIds)) as CodingRow[];
}

/** Codings by id (any order). */
export function codingsByIds(db: SqlDb, ids: readonly number[]): CodingRow[] {
  return stmt(db, `SELECT ${CODING_COLUMNS} FROM codings x WHERE x.id IN (SELECT value FROM json_each(?))`).all(
    JSON.stringify(ids),
  ) as CodingRow[];
}

/** Where a coding lies, and nothing more (for sweeps over many codings). */
export interface CodingSpanRow {
  id: number;
  codeId: number;
  documentId: number;
  start: number;
  end: number;
}

/** Spans of the codings of the given codes (all when null), in document and text order. */
export function codingSpans(db: SqlDb, codeIds: readonly number[] | null): CodingSpanRow[] {
  const columns = `x.id, x.code_id AS codeId, x.document_id AS documentId, x.start, x.end`;
  if (codeIds === null) {
    return stmt(db, `SELECT ${columns} FROM codings x ORDER BY x.document_id, x.start, x.id`).all() as CodingSpanRow[];
  }
  return stmt(
    db,
    `SELECT ${columns} FROM codings x WHERE x.code_id IN (SELECT value FROM json_each(?)) ORDER BY x.document_id, x.start, x.id`,
  ).all(JSON.stringify(codeIds)) as CodingSpanRow[];
}

/** Codings of the given codes. */
export function codingCountOf(db: SqlDb, codeIds: readonly number[]): number {
  return (
    stmt(db, `SELECT count(*) AS n FROM codings WHERE code_id IN (SELECT value FROM json_each(?))`).get(JSON.stringify(codeIds)) as {
      n: number;
    }
  ).n;
}

export function turnCount(db: SqlDb): number {
  return (stmt(db, `SELECT count(*) AS n FROM turns`).get() as { n: number }).n;
}

export function codeCount(db: SqlDb): number {
  return (stmt(db, `SELECT count(*) AS n FROM codes`).get() as { n: number }).n;
}

/** A coding with one turn it overlaps (or none: `seq` null). */
export interface CodingPieceRow extends CodingRow {
  seq: number | null;
  turnStart: number | null;
  turnEnd: number | null;
  speakerId: number | null;
  /** The person the coding counts for in this turn (attribution.ts), or null: a moderator, an observer, no speaker. */
  person: string | null;
}

/**
 * Codings of the given codes (all when null), one row per turn each overlaps, in document and
 * text order. The counted person comes from attribution.ts's rules, joined once per turn.
 */
export function codingPieces(db: SqlDb, codeIds: readonly number[] | null): CodingPieceRow[] {
  // Two statements rather than one with "@codes IS NULL OR ...", which would keep SQLite from
  // using the index on code_id for a few codes.
  const sql = (where: string) =>
    `WITH counted AS MATERIALIZED (SELECT t.id AS turn_id, ${PERSON_OF_SPEAKER} AS person FROM turns t ${COUNTED_SPEAKER})
     SELECT ${CODING_COLUMNS}, t.seq, t.start AS turnStart, t.end AS turnEnd, t.speaker_id AS speakerId, c.person
     FROM codings x
     LEFT JOIN turns t ON ${OVERLAPPING_TURN('x')}
     LEFT JOIN counted c ON c.turn_id = t.id
     ${where}
     ORDER BY x.document_id, x.start, x.id, t.start`;
  if (codeIds === null) return stmt(db, sql('')).all() as CodingPieceRow[];
  return stmt(db, sql('WHERE x.code_id IN (SELECT value FROM json_each(?))')).all(JSON.stringify(codeIds)) as CodingPieceRow[];
}

/** A turn with the person it counts for. */
export interface TurnPersonRow {
  documentId: number;
  seq: number;
  start: number;
  end: number;
  speakerId: number | null;
  /** The person a coding overlapping the turn counts for (attribution.ts), or null: a moderator, an observer, no speaker. */
  person: string | null;
}

/**
 * Every turn of the project with its counted person, in document and text order: with
 * `codingRows`, what `codingPieces` joins, for when most codings are wanted (joining in memory,
 * a sweep over both in text order, is several times faster than the correlated join).
 */
export function turnPersons(db: SqlDb): TurnPersonRow[] {
  return stmt(
    db,
    `SELECT t.document_id AS documentId, t.seq, t.start, t.end, t.speaker_id AS speakerId, ${PERSON_OF_SPEAKER} AS person
     FROM turns t LEFT ${COUNTED_SPEAKER}
     ORDER BY t.document_id, t.start`,
  ).all() as TurnPersonRow[];
}

/** Codings per (code, document): enough for a codes × documents matrix of codings. */
export function codingCounts(db: SqlDb): { codeId: number; documentId: number; n: number }[] {
  return stmt(
    db,
    `SELECT code_id AS codeId, document_id AS documentId, count(*) AS n FROM codings GROUP BY code_id, document_id`,
  ).all() as { codeId: number; documentId: number; n: number }[];
}

/** Every turn's place (for "within N turns"): document, sequence number and span. */
export function turnSpans(db: SqlDb): { documentId: number; seq: number; start: number; end: number }[] {
  return stmt(db, `SELECT document_id AS documentId, seq, start, end FROM turns ORDER BY document_id, start`).all() as {
    documentId: number;
    seq: number;
    start: number;
    end: number;
  }[];
}

/** Values of one attribute: by participant id or document id. */
export function attributeValueRows(
  db: SqlDb,
  scope: 'participant' | 'document',
  attributeId: number,
): { ownerId: number; value: string }[] {
  const sql =
    scope === 'participant'
      ? `SELECT participant_id AS ownerId, value FROM participant_values WHERE attribute_id = ?`
      : `SELECT document_id AS ownerId, value FROM document_values WHERE attribute_id = ?`;
  return stmt(db, sql).all(attributeId) as { ownerId: number; value: string }[];
}
