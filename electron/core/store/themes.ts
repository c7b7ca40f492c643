import type { SqlDb } from './engine.js';
import type { CodeKind, SpeakerRole, ThemeStatus } from '../../../shared/types.js';
import { stmt } from './statements.js';
import { COUNTED_SPEAKER, OVERLAPPING_TURN } from './attribution.js';

/**
 * Themes and what they rest on: the code tree with theme fields and counts, where a theme's
 * codings fall (groups, participants), and candidate quotes.
 *
 * A theme's codings are those of the theme itself and of every code and subtheme below it; the
 * recursive `tree(root, id)` below lists, for each root, the root and all its descendants.
 */

export interface TreeCodeRow {
  id: number;
  guid: string;
  parentId: number | null;
  kind: CodeKind;
  name: string;
  definition: string;
  inclusion: string;
  exclusion: string;
  status: ThemeStatus | null;
  centralConcept: string;
  exampleCoding: string | null;
  /** Codings of this code alone, and the documents they are in. */
  codings: number;
  documents: number;
}

/** Every code and theme in tree order (parents before children, siblings by position). */
export function codeTree(db: SqlDb): TreeCodeRow[] {
  return stmt(
    db,
    `SELECT c.id, c.guid, c.parent_id AS parentId, c.kind, c.name, c.definition, c.inclusion, c.exclusion,
            c.status, c.central_concept AS centralConcept, c.example_coding_guid AS exampleCoding,
            coalesce(n.codings, 0) AS codings, coalesce(n.documents, 0) AS documents
     FROM codes c
     LEFT JOIN (SELECT code_id, count(*) AS codings, count(DISTINCT document_id) AS documents
                FROM codings GROUP BY code_id) n ON n.code_id = c.id
     ORDER BY c.parent_id IS NOT NULL, c.parent_id, c.position, c.id`,
  ).all() as TreeCodeRow[];
}

/**
 * The roots: every theme when `root` is null, else the one code or theme with that guid. Then
 * each root with itself and its descendants.
 */
const TREE = `
  WITH RECURSIVE tree(root, id) AS (
    SELECT id, id FROM codes WHERE (CAST(@root AS TEXT) IS NULL AND kind = 'theme') OR guid = @root
    UNION ALL
    SELECT tree.root, c.id FROM codes c JOIN tree ON c.parent_id = tree.id
  ),
  hits AS MATERIALIZED (
    SELECT tree.root, x.id, x.document_id, x.start, x.end FROM tree CROSS JOIN codings x ON x.code_id = tree.id
  )`;

export interface RootRow {
  id: number;
  guid: string;
  name: string;
  kind: CodeKind;
}

/** Every theme in tree order when `root` is null, else the one code or theme with that guid. */
export function prevalenceRoots(db: SqlDb, root: string | null): RootRow[] {
  return stmt(
    db,
    `SELECT id, guid, name, kind FROM codes WHERE (CAST(@root AS TEXT) IS NULL AND kind = 'theme') OR guid = @root
     ORDER BY parent_id IS NOT NULL, parent_id, position, id`,
  ).all({ root }) as RootRow[];
}

export interface RootDocumentRow {
  root: number;
  guid: string;
  name: string;
  codings: number;
}

/** Per root, the documents its codings are in, in import order. */
export function prevalenceDocuments(db: SqlDb, root: string | null): RootDocumentRow[] {
  return stmt(
    db,
    `${TREE}
     SELECT h.root, d.guid, d.name, count(*) AS codings
     FROM hits h JOIN documents d ON d.id = h.document_id
     GROUP BY h.root, d.id ORDER BY h.root, d.id`,
  ).all({ root }) as RootDocumentRow[];
}

export interface RootPersonRow {
  root: number;
  guid: string | null;
  label: string;
  codings: number;
}

/**
 * Per root, the people its codings are attributed to: participant-role speakers whose turns a
 * coding overlaps, counted as their participant when mapped, else as the speaker of that group.
 */
export function prevalencePeople(db: SqlDb, root: string | null): RootPersonRow[] {
  return stmt(
    db,
    `${TREE},
     attributed AS (
       SELECT DISTINCT h.root, h.id AS coding, s.participant_id, CASE WHEN s.participant_id IS NULL THEN s.id END AS speaker
       FROM hits h
       CROSS JOIN turns t ON ${OVERLAPPING_TURN('h')}
       ${COUNTED_SPEAKER}
     )
     SELECT a.root, p.guid, coalesce(p.label, s.label) AS label, count(*) AS codings
     FROM attributed a
     LEFT JOIN participants p ON p.id = a.participant_id
     LEFT JOIN speakers s ON s.id = a.speaker
     GROUP BY a.root, p.id, s.id
     ORDER BY a.root, coalesce(p.label, s.label) COLLATE NOCASE`,
  ).all({ root }) as RootPersonRow[];
}


export function documentCount(db: SqlDb): number {
  return (stmt(db, `SELECT count(*) AS n FROM documents`).get() as { n: number }).n;
}

export interface CandidateRow {
  guid: string;
  documentId: number;
  documentGuid: string;
  documentName: string;
  start: number;
  end: number;
  /** Rank within its document: 1 is the best fit for a quote. */
  rank: number;
}

/**
 * Codings under a theme that could serve as its quotes, the best `perDocument` of each document:
 * the longest that fit within `maxLength` first, then those that run over (they are shortened, so
 * the least over first), then those shorter than `minLength`.
 */
export function quoteCandidates(
  db: SqlDb,
  rootId: number,
  limits: { minLength: number; maxLength: number; perDocument: number },
): CandidateRow[] {
  return stmt(
    db,
    `WITH RECURSIVE tree(id) AS (SELECT CAST(@root AS INTEGER) UNION ALL SELECT c.id FROM codes c JOIN tree ON c.parent_id = tree.id),
     ranked AS (
       SELECT x.guid, x.document_id, x.start, x.end,
              row_number() OVER (
                PARTITION BY x.document_id
                ORDER BY CASE WHEN x.end - x.start > @max THEN 1 WHEN x.end - x.start >= @min THEN 0 ELSE 2 END,
                         CASE WHEN x.end - x.start > @max THEN x.end - x.start ELSE x.start - x.end END,
                         x.start
              ) AS rank
       FROM tree CROSS JOIN codings x ON x.code_id = tree.id
     )
     SELECT r.guid, r.document_id AS documentId, d.guid AS documentGuid, d.name AS documentName, r.start, r.end, r.rank
     FROM ranked r JOIN documents d ON d.id = r.document_id
     WHERE r.rank <= @perDocument
     ORDER BY r.rank, r.document_id`,
  ).all({ root: rootId, min: limits.minLength, max: limits.maxLength, perDocument: limits.perDocument }) as CandidateRow[];
}

/** A coding by guid, with its document: the exemplar a theme names. */
export function codingForQuote(db: SqlDb, guid: string): CandidateRow | undefined {
  return stmt(
    db,
    `SELECT x.guid, x.document_id AS documentId, d.guid AS documentGuid, d.name AS documentName, x.start, x.end, 0 AS rank
     FROM codings x JOIN documents d ON d.id = x.document_id WHERE x.guid = ?`,
  ).get(guid) as CandidateRow | undefined;
}

export interface SpanTurnRow {
  start: number;
  end: number;
  speakerId: number;
  speakerLabel: string;
  role: SpeakerRole;
  participantId: number | null;
  participantLabel: string | null;
}

/** The speaker turns a span overlaps, in order. */
export function turnsOverlapping(db: SqlDb, documentId: number, start: number, end: number): SpanTurnRow[] {
  return stmt(
    db,
    `WITH span(document_id, start, end) AS (SELECT CAST(@doc AS INTEGER), CAST(@start AS INTEGER), CAST(@end AS INTEGER))
     SELECT t.start, t.end, s.id AS speakerId, s.label AS speakerLabel, s.role,
            p.id AS participantId, p.label AS participantLabel
     FROM span CROSS JOIN turns t ON ${OVERLAPPING_TURN('span')}
     JOIN speakers s ON s.id = t.speaker_id
     LEFT JOIN participants p ON p.id = s.participant_id
     ORDER BY t.start`,
  ).all({ doc: documentId, start, end }) as SpanTurnRow[];
}

/** Attribute values by attribute name, of a participant or a document. */
export function attributeValuesOf(
  db: SqlDb,
  scope: 'participant' | 'document',
  ownerId: number,
): { name: string; value: string }[] {
  const sql =
    scope === 'participant'
      ? `SELECT a.name, v.value FROM participant_values v JOIN attributes a ON a.id = v.attribute_id WHERE v.participant_id = ?`
      : `SELECT a.name, v.value FROM document_values v JOIN attributes a ON a.id = v.attribute_id WHERE v.document_id = ?`;
  return stmt(db, sql).all(ownerId) as { name: string; value: string }[];
}

/** Turns a code into a theme (or updates a theme's status and central organising concept). */
export function setThemeFields(
  db: SqlDb,
  id: number,
  fields: { status: ThemeStatus; centralConcept: string },
): void {
  stmt(db, `UPDATE codes SET kind = 'theme', status = ?, central_concept = ? WHERE id = ?`).run(
    fields.status,
    fields.centralConcept,
    id,
  );
}

/** The coding a theme or code holds up as its example. */
export function setExampleCoding(db: SqlDb, id: number, codingGuid: string | null): void {
  stmt(db, `UPDATE codes SET example_coding_guid = ? WHERE id = ?`).run(codingGuid, id);
}
