import type { SqlDb } from './engine.js';
import type { DocumentInfo, DocumentSummary, Speaker, SpeakerRole, Turn } from '../../../shared/types.js';
import { dialect, insertRows, stmt } from './statements.js';

export interface Stamp {
  by: string;
  at: string;
}

export interface NewDocument {
  guid: string;
  name: string;
  text: string;
  textHash: string;
  textLength: number;
  wordCount: number;
  sourceFormat: string;
  sourceName: string | null;
}

export function insertDocument(db: SqlDb, d: NewDocument, s: Stamp): number {
  const r = stmt(
    db,
    `INSERT INTO documents (guid, name, text, text_hash, text_length, word_count, source_format, source_name, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(d.guid, d.name, d.text, d.textHash, d.textLength, d.wordCount, d.sourceFormat, d.sourceName, s.by, s.at);
  return Number(r.lastInsertRowid);
}

export function insertSpeaker(
  db: SqlDb,
  sp: { guid: string; documentId: number; label: string; role: SpeakerRole; participantId: number | null },
  s: Stamp,
): number {
  const r = stmt(
    db,
    `INSERT INTO speakers (guid, document_id, label, role, participant_id, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(sp.guid, sp.documentId, sp.label, sp.role, sp.participantId, s.by, s.at);
  return Number(r.lastInsertRowid);
}

export interface NewTurn {
  guid: string;
  documentId: number;
  seq: number;
  speakerId: number | null;
  start: number;
  end: number;
  timeStart: number | null;
  timeEnd: number | null;
  text: string;
}

const TURN_COLUMNS = ['guid', 'document_id', 'seq', 'speaker_id', 'start', 'end', 'time_start', 'time_end', 'text', 'created_by', 'created_at'];

/** Inserts turns in order, a few hundred rows per statement. */
export function insertTurns(db: SqlDb, turns: readonly NewTurn[], s: Stamp): void {
  insertRows(
    db,
    'turns',
    TURN_COLUMNS,
    turns.map((t) => [t.guid, t.documentId, t.seq, t.speakerId, t.start, t.end, t.timeStart, t.timeEnd, t.text, s.by, s.at]),
  );
}

/**
 * Adds the documents' turns to the full-text index, in one statement. A batch is indexed once,
 * after all its documents are stored: FTS5 writes its pending terms to disk at every savepoint,
 * so indexing each file inside its own savepoint wrote one small index segment per file, which
 * FTS5 then kept merging.
 */
export function indexTurns(db: SqlDb, documentIds: readonly number[]): void {
  // PostgreSQL's search index is an index on turns (postgres/project-schema.ts): it is up to date.
  const sql = dialect(db, {
    sqlite: `INSERT INTO turns_fts (rowid, text)
     SELECT id, text FROM turns WHERE document_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    postgres: null,
  });
  if (documentIds.length === 0 || sql === null) return;
  stmt(db, sql).run(JSON.stringify(documentIds));
}

export function documentNameTaken(db: SqlDb, name: string, except?: number): boolean {
  return stmt(db, `SELECT 1 FROM documents WHERE name = ? COLLATE NOCASE AND id IS NOT ?`).get(name, except ?? null) !== undefined;
}

export function renameDocument(db: SqlDb, id: number, name: string): void {
  stmt(db, `UPDATE documents SET name = ? WHERE id = ?`).run(name, id);
}

export interface DocumentRow {
  id: number;
  guid: string;
  name: string;
  textLength: number;
}

/** A document without its text (which can be large): see Project.textOf for the text. */
export function documentByGuid(db: SqlDb, guid: string): DocumentRow | undefined {
  return stmt(db, `SELECT id, guid, name, text_length AS textLength FROM documents WHERE guid = ?`).get(guid) as
    | DocumentRow
    | undefined;
}

export function documentById(db: SqlDb, id: number): DocumentRow | undefined {
  return stmt(db, `SELECT id, guid, name, text_length AS textLength FROM documents WHERE id = ?`).get(id) as
    | DocumentRow
    | undefined;
}

export function documentText(db: SqlDb, guid: string): string | undefined {
  return (stmt(db, `SELECT text FROM documents WHERE guid = ?`).get(guid) as { text: string } | undefined)?.text;
}

const SUMMARY = `
  SELECT d.guid, d.name, d.source_format AS sourceFormat, d.source_name AS sourceName,
         d.text_length AS length,
         d.word_count AS words,
         (SELECT count(*) FROM turns t WHERE t.document_id = d.id) AS turns,
         (SELECT count(*) FROM speakers s WHERE s.document_id = d.id) AS speakers,
         (SELECT count(*) FROM codings c WHERE c.document_id = d.id) AS codings,
         d.created_at AS createdAt, d.created_by AS createdBy
  FROM documents d`;

export function listDocuments(db: SqlDb): DocumentSummary[] {
  return stmt(db, `${SUMMARY} ORDER BY d.name COLLATE NOCASE`).all() as DocumentSummary[];
}

export function documentSummary(db: SqlDb, id: number): DocumentSummary {
  return stmt(db, `${SUMMARY} WHERE d.id = ?`).get(id) as DocumentSummary;
}

export function speakersOf(db: SqlDb, documentId: number): Speaker[] {
  const rows = stmt(
    db,
    `SELECT s.guid, s.label, s.role, p.guid AS pguid, p.label AS plabel
     FROM speakers s LEFT JOIN participants p ON p.id = s.participant_id
     WHERE s.document_id = ? ORDER BY s.id`,
  ).all(documentId) as { guid: string; label: string; role: SpeakerRole; pguid: string | null; plabel: string | null }[];
  return rows.map((r) => ({
    guid: r.guid,
    label: r.label,
    role: r.role,
    participant: r.pguid ? { guid: r.pguid, label: r.plabel! } : null,
  }));
}

export function turnsOf(db: SqlDb, documentId: number): Turn[] {
  return stmt(
    db,
    `SELECT t.guid, t.seq AS "index", s.guid AS speakerGuid, t.start, t.end,
            t.time_start AS timeStart, t.time_end AS timeEnd
     FROM turns t LEFT JOIN speakers s ON s.id = t.speaker_id
     WHERE t.document_id = ? ORDER BY t.seq`,
  ).all(documentId) as Turn[];
}

/** Per document: its speakers with their turn counts, for `chorus info`. */
export function documentInfos(db: SqlDb): DocumentInfo[] {
  const docs = stmt(
    db,
    `SELECT d.id, d.guid, d.name, (SELECT count(*) FROM turns t WHERE t.document_id = d.id) AS turns
     FROM documents d ORDER BY d.name COLLATE NOCASE`,
  ).all() as { id: number; guid: string; name: string; turns: number }[];
  const speakers = stmt(
    db,
    `SELECT s.label, s.role, (SELECT count(*) FROM turns t WHERE t.speaker_id = s.id) AS turns
     FROM speakers s WHERE s.document_id = ? ORDER BY s.id`,
  );
  return docs.map((d) => ({
    guid: d.guid,
    name: d.name,
    turns: d.turns,
    speakers: speakers.all(d.id) as DocumentInfo['speakers'],
  }));
}

/** A document's speaker turns as spans with their speaker's label, in order. */
/** A document's speakers as [id, label] pairs. */
export function speakerLabels(db: SqlDb, documentId: number): [number, string][] {
  return stmt(db, `SELECT id, label FROM speakers WHERE document_id = ?`).raw(true).all(documentId) as [number, string][];
}
