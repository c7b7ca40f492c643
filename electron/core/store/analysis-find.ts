/**
 * SQL for finding (electron/core/analysis/): coded segments with the turns they overlap, full-text
 * search over turns, and the turns auto-coding covers. Lists of ids travel as JSON arrays
 * (`json_each`), so each statement is prepared once whatever the list's length.
 */
import type { SqlDb } from './engine.js';
import type { CodeKind, SpeakerRole } from '../../../shared/types.js';
import { FTS_CONFIG, headlineOptions, tsqueryOf } from './postgres/fts.js';
import { dialect, stmt } from './statements.js';

const json = (ids: readonly (number | string)[] | null): string | null => (ids === null ? null : JSON.stringify(ids));

export interface TreeCode {
  id: number;
  guid: string;
  parentId: number | null;
  name: string;
  kind: CodeKind;
  color: string;
}

/** Every code and theme, without counts: enough to resolve names and build paths. */
export function codeTree(db: SqlDb): TreeCode[] {
  return stmt(db, `SELECT id, guid, parent_id AS parentId, name, kind, color FROM codes ORDER BY id`).all() as TreeCode[];
}

/** [id, document id, code id, start, end] of a coding. */
export type CodingSpanRow = [number, number, number, number, number];

/**
 * The codings of the given codes (optionally only in these documents, by these coders). Only
 * integers, as arrays: a broad theme has tens of thousands of codings (answered from the index
 * codings_code_span alone), and their guids and coders are fetched for the segments shown
 * (`codingLabels`).
 */
export function codingSpans(
  db: SqlDb,
  codeIds: readonly number[],
  documentIds: readonly number[] | null,
  coders: readonly string[] | null,
): CodingSpanRow[] {
  // One statement per combination of filters, so an absent filter costs nothing per row.
  const where = [
    'code_id IN (SELECT value FROM json_each(@codes))',
    ...(documentIds ? ['document_id IN (SELECT value FROM json_each(@documents))'] : []),
    ...(coders ? ['created_by IN (SELECT value FROM json_each(@coders))'] : []),
  ];
  const params: Record<string, string> = { codes: JSON.stringify(codeIds) };
  if (documentIds) params.documents = JSON.stringify(documentIds);
  if (coders) params.coders = JSON.stringify(coders);
  return stmt(
    db,
    `SELECT id, document_id, code_id, start, end FROM codings WHERE ${where.join(' AND ')}`,
  )
    .raw(true)
    .all(params) as CodingSpanRow[];
}

/** A document's turns as [id, seq, start, end, speaker_id] rows, by start. */
export function turnBounds(db: SqlDb, documentId: number): [number, number, number, number, number | null][] {
  return stmt(db, `SELECT id, seq, start, end, speaker_id FROM turns WHERE document_id = ? ORDER BY start`)
    .raw(true)
    .all(documentId) as [number, number, number, number, number | null][];
}

/**
 * Changes whenever the file's contents may have: this connection's row changes (including those of
 * triggers) and other connections' commits.
 */
export function fileVersion(db: SqlDb): string {
  // PostgreSQL has no count of the connection's changes; its data_version moves with every
  // commit, this connection's included, and a search reads outside any transaction.
  const changes = stmt(db, dialect(db, { sqlite: `SELECT total_changes()`, postgres: `SELECT 0` })).pluck(true).get() as number;
  return `${changes}:${db.pragma('data_version', { simple: true }) as number}`;
}

/** Where the command log stands: the last entry in effect. */
export function lastDoneEntry(db: SqlDb): number | null {
  return (stmt(db, `SELECT max(seq) AS seq FROM history WHERE state = 'done'`).get() as { seq: number | null }).seq;
}

/** How many log entries are undone: with the last entry in effect, where the log stands. */
export function undoneEntries(db: SqlDb): number {
  return stmt(db, `SELECT count(*) FROM history WHERE state = 'undone'`).pluck(true).get() as number;
}

export function entryState(db: SqlDb, seq: number): string | undefined {
  return (stmt(db, `SELECT state FROM history WHERE seq = ?`).get(seq) as { state: string } | undefined)?.state;
}

/** Whether a log entry from `seq` on changed turns (imports, undone imports, merged speakers). */
export function turnsChangedFrom(db: SqlDb, seq: number): boolean {
  return stmt(db, `SELECT 1 FROM history_changes WHERE seq >= ? AND tbl = 'turns' LIMIT 1`).get(seq) !== undefined;
}

/** Guid and coder of codings, by id. */
export function codingLabels(db: SqlDb, ids: readonly number[]): { id: number; guid: string; coder: string }[] {
  return stmt(db, `SELECT id, guid, created_by AS coder FROM codings WHERE id IN (SELECT value FROM json_each(?))`).all(
    json(ids),
  ) as { id: number; guid: string; coder: string }[];
}

export interface TurnRow {
  id: number;
  guid: string;
  documentId: number;
  seq: number;
  start: number;
  end: number;
  speakerId: number | null;
  timeStart: number | null;
  timeEnd: number | null;
}

const TURN = `t.id, t.guid, t.document_id AS documentId, t.seq, t.start, t.end, t.speaker_id AS speakerId,
              t.time_start AS timeStart, t.time_end AS timeEnd`;

/** The last turn of a document starting at or before `position` (the turn a label belongs to). */
export function turnAtOrBefore(db: SqlDb, documentId: number, position: number): TurnRow | undefined {
  return stmt(
    db,
    `SELECT ${TURN} FROM turns t WHERE t.document_id = ? AND t.start <= ? ORDER BY t.start DESC LIMIT 1`,
  ).get(documentId, position) as TurnRow | undefined;
}

/** Turns by id. */
export function turnsByIds(db: SqlDb, ids: readonly number[]): TurnRow[] {
  return stmt(db, `SELECT ${TURN} FROM turns t WHERE t.id IN (SELECT value FROM json_each(?))`).all(json(ids)) as TurnRow[];
}

export interface SpeakerInfoRow {
  id: number;
  guid: string;
  documentId: number;
  label: string;
  role: SpeakerRole;
  participantId: number | null;
  participantGuid: string | null;
  participantLabel: string | null;
}

const SPEAKER = `SELECT s.id, s.guid, s.document_id AS documentId, s.label, s.role, s.participant_id AS participantId,
            p.guid AS participantGuid, p.label AS participantLabel
     FROM speakers s LEFT JOIN participants p ON p.id = s.participant_id`;

/** Every speaker of the project with the participant they are mapped to. */
export function allSpeakers(db: SqlDb): SpeakerInfoRow[] {
  return stmt(db, SPEAKER).all() as SpeakerInfoRow[];
}

/** Speakers by id, with the participants they are mapped to. */
export function speakersByIds(db: SqlDb, ids: readonly number[]): SpeakerInfoRow[] {
  return stmt(db, `${SPEAKER} WHERE s.id IN (SELECT value FROM json_each(?))`).all(json(ids)) as SpeakerInfoRow[];
}

export function speakerById(db: SqlDb, id: number): SpeakerInfoRow | undefined {
  return stmt(db, `${SPEAKER} WHERE s.id = ?`).get(id) as SpeakerInfoRow | undefined;
}

export interface DocumentNameRow {
  id: number;
  guid: string;
  name: string;
}

export function documentNames(db: SqlDb): DocumentNameRow[] {
  return stmt(db, `SELECT id, guid, name FROM documents ORDER BY name COLLATE NOCASE, id`).all() as DocumentNameRow[];
}

export function userNames(db: SqlDb): { guid: string; name: string }[] {
  return stmt(db, `SELECT guid, name FROM users`).all() as { guid: string; name: string }[];
}

/** Participants (by id) holding one of `values` (compared without case) for the attribute. */
export function participantsWithValues(db: SqlDb, attributeId: number, values: readonly string[]): number[] {
  return (
    stmt(
      db,
      `SELECT participant_id AS id FROM participant_values
       WHERE attribute_id = ? AND lower(value) IN (SELECT lower(value) FROM json_each(?))`,
    ).all(attributeId, json(values)) as { id: number }[]
  ).map((r) => r.id);
}

/**
 * PostgreSQL's search (postgres/fts.ts): turns_fts is an index on this expression, so a query must
 * name it exactly; `@query` is the to_tsquery text, `@options` ts_headline's.
 */
const PG_MATCH = `to_tsvector('${FTS_CONFIG}', t.text) @@ to_tsquery('${FTS_CONFIG}', @query)`;
const PG_MARKED = `ts_headline('${FTS_CONFIG}', t.text, to_tsquery('${FTS_CONFIG}', @query), @options) AS marked`;

export interface MatchedTurnRow extends TurnRow {
  /** The turn's text with each match between the two marker characters given. */
  marked: string;
}

/**
 * Turns matching an FTS5 query (already made safe by fts-query.ts), optionally only in these
 * documents and of these speakers, each with its matches marked by `highlight()`.
 */
export function searchTurns(
  db: SqlDb,
  fts: string,
  open: string,
  close: string,
  documentIds: readonly number[] | null,
  speakerIds: readonly number[] | null,
): MatchedTurnRow[] {
  const filters = `(CAST(@documents AS TEXT) IS NULL OR t.document_id IN (SELECT value FROM json_each(@documents)))
       AND (CAST(@speakers AS TEXT) IS NULL OR t.speaker_id IN (SELECT value FROM json_each(@speakers)))`;
  const params = { documents: json(documentIds), speakers: json(speakerIds) };
  return dialect(db, {
    sqlite: () =>
      stmt(
        db,
        `SELECT ${TURN}, highlight(turns_fts, 0, @open, @close) AS marked
     FROM turns_fts JOIN turns t ON t.id = turns_fts.rowid
     WHERE turns_fts MATCH @fts
       AND ${filters}`,
      ).all({ fts, open, close, ...params }),
    postgres: () =>
      stmt(db, `SELECT ${TURN}, ${PG_MARKED} FROM turns t WHERE ${PG_MATCH} AND ${filters} ORDER BY t.id`).all({
        query: tsqueryOf(fts),
        options: headlineOptions(open, close),
        ...params,
      }),
  })() as MatchedTurnRow[];
}

/** Ids of the turns matching an FTS5 query: the index alone, no turn is read. */
export function matchingTurnIds(db: SqlDb, fts: string): number[] {
  return dialect(db, {
    sqlite: () => stmt(db, `SELECT rowid FROM turns_fts WHERE turns_fts MATCH ?`).pluck(true).all(fts),
    postgres: () => stmt(db, `SELECT t.id FROM turns t WHERE ${PG_MATCH} ORDER BY t.id`).pluck(true).all({ query: tsqueryOf(fts) }),
  })() as number[];
}

/**
 * Some turns matching an FTS5 query, by id, each with its matches marked by `highlight()`; all
 * their ids lie from `first` to `last`. FTS5 bounds its search by that rowid range and walks the
 * matches in it by rowid alone (cheap: a few ms for 12,000); the id list, kept from FTS5 by the
 * unary + (offered to FTS5, an IN list made it run the whole query once per id), then picks the
 * rows that are read and highlighted.
 */
export function markTurns(
  db: SqlDb,
  fts: string,
  ids: readonly number[],
  first: number,
  last: number,
  open: string,
  close: string,
): MatchedTurnRow[] {
  return dialect(db, {
    sqlite: () =>
      stmt(
        db,
        `SELECT ${TURN}, highlight(turns_fts, 0, @open, @close) AS marked
     FROM turns_fts JOIN turns t ON t.id = turns_fts.rowid
     WHERE turns_fts MATCH @fts AND turns_fts.rowid BETWEEN @first AND @last
       AND +turns_fts.rowid IN (SELECT value FROM json_each(@ids))`,
      ).all({ fts, open, close, first, last, ids: json(ids) }),
    // The ids pick the rows by the primary key; the match is checked on those rows alone.
    postgres: () =>
      stmt(
        db,
        `SELECT ${TURN}, ${PG_MARKED} FROM turns t
     WHERE t.id BETWEEN @first AND @last AND t.id IN (SELECT value FROM json_each(@ids)) AND ${PG_MATCH}`,
      ).all({ query: tsqueryOf(fts), options: headlineOptions(open, close), first, last, ids: json(ids) }),
  })() as MatchedTurnRow[];
}

/** One turn's text with its matches marked (to re-mark a turn whose text holds the usual markers). */
export function markTurn(db: SqlDb, fts: string, turnId: number, open: string, close: string): string | undefined {
  return (
    dialect(db, {
      sqlite: () =>
        stmt(db, `SELECT highlight(turns_fts, 0, ?, ?) AS marked FROM turns_fts WHERE turns_fts MATCH ? AND rowid = ?`).get(
          open,
          close,
          fts,
          turnId,
        ),
      postgres: () =>
        stmt(db, `SELECT ${PG_MARKED} FROM turns t WHERE t.id = @id AND ${PG_MATCH}`).get({
          query: tsqueryOf(fts),
          options: headlineOptions(open, close),
          id: turnId,
        }),
    })() as { marked: string } | undefined
  )?.marked;
}

/** Turns with words in them spoken by these speakers (optionally only in these documents). */
export function turnsOfSpeakers(
  db: SqlDb,
  speakerIds: readonly number[],
  documentIds: readonly number[] | null,
): TurnRow[] {
  return stmt(
    db,
    `SELECT ${TURN} FROM turns t
     WHERE t.speaker_id IN (SELECT value FROM json_each(@speakers))
       AND (CAST(@documents AS TEXT) IS NULL OR t.document_id IN (SELECT value FROM json_each(@documents)))
       AND t.end > t.start AND ${dialect(db, { sqlite: `trim(t.text, ' ' || char(9, 10, 13))`, postgres: `btrim(t.text, ' ' || chr(9) || chr(10) || chr(13))` })} <> ''
     ORDER BY t.document_id, t.seq`,
  ).all({ speakers: json(speakerIds), documents: json(documentIds) }) as TurnRow[];
}
