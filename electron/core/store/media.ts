import type { MediaInfo, MediaKind } from '../../../shared/media.js';
import type { SqlDb } from './engine.js';
import type { Stamp } from './documents.js';
import { stmt } from './statements.js';

/** The recordings linked to transcripts (`media`, migration 70) and the turns' times they sync with. */

export interface MediaRow extends MediaInfo {
  id: number;
  documentId: number;
}

const SELECT = `
  SELECT m.id, m.guid, m.document_id AS documentId, d.guid AS document, m.kind, m.path, m.name, m.mime, m.size,
         m.sha256, m.duration, m.created_at AS createdAt, m.created_by AS createdBy
  FROM media m JOIN documents d ON d.id = m.document_id`;

export function mediaOfDocument(db: SqlDb, documentId: number): MediaRow | undefined {
  return stmt(db, `${SELECT} WHERE m.document_id = ?`).get(documentId) as MediaRow | undefined;
}

export function mediaByGuid(db: SqlDb, guid: string): MediaRow | undefined {
  return stmt(db, `${SELECT} WHERE m.guid = ?`).get(guid) as MediaRow | undefined;
}

/** Every linked recording, by document id (REFI-QDA export). */
export function allMedia(db: SqlDb): MediaRow[] {
  return stmt(db, `${SELECT} ORDER BY m.id`).all() as MediaRow[];
}

export interface NewMedia {
  guid: string;
  documentId: number;
  kind: MediaKind;
  path: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  duration: number | null;
}

export function insertMedia(db: SqlDb, m: NewMedia, s: Stamp): number {
  const r = stmt(
    db,
    `INSERT INTO media (guid, document_id, kind, path, name, mime, size, sha256, duration, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(m.guid, m.documentId, m.kind, m.path, m.name, m.mime, m.size, m.sha256, m.duration, s.by, s.at);
  return Number(r.lastInsertRowid);
}

/** A moved recording found again: where it is now (and, when it was never read, its size and hash). */
export function updateMediaFile(db: SqlDb, id: number, f: { path: string; name: string; size: number; sha256: string }): void {
  stmt(db, `UPDATE media SET path = ?, name = ?, size = ?, sha256 = ? WHERE id = ?`).run(f.path, f.name, f.size, f.sha256, id);
}

export function deleteMedia(db: SqlDb, id: number): void {
  stmt(db, `DELETE FROM media WHERE id = ?`).run(id);
}

export interface TurnTimeRow {
  id: number;
  guid: string;
  documentId: number;
  seq: number;
  timeStart: number | null;
  timeEnd: number | null;
  speaker: string | null;
}

export function turnTimeRow(db: SqlDb, guid: string): TurnTimeRow | undefined {
  return stmt(
    db,
    `SELECT t.id, t.guid, t.document_id AS documentId, t.seq, t.time_start AS timeStart, t.time_end AS timeEnd, s.label AS speaker
     FROM turns t LEFT JOIN speakers s ON s.id = t.speaker_id WHERE t.guid = ?`,
  ).get(guid) as TurnTimeRow | undefined;
}

export function setTurnTimes(db: SqlDb, id: number, timeStart: number | null, timeEnd: number | null): void {
  stmt(db, `UPDATE turns SET time_start = ?, time_end = ? WHERE id = ?`).run(timeStart, timeEnd, id);
}

/** A document's turns in order, with what syncing them to a recording needs. */
export function turnSpans(db: SqlDb, documentId: number): { id: number; start: number; end: number; timeEnd: number | null }[] {
  return stmt(db, `SELECT id, start, "end", time_end AS timeEnd FROM turns WHERE document_id = ? ORDER BY seq`).all(documentId) as {
    id: number;
    start: number;
    end: number;
    timeEnd: number | null;
  }[];
}
