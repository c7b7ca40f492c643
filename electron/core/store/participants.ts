import type { SqlDb } from './engine.js';
import type { SpeakerRole } from '../../../shared/types.js';
import type { Stamp } from './documents.js';
import { dialect, stmt } from './statements.js';

export interface ParticipantRow {
  id: number;
  guid: string;
  label: string;
}

export function participantByLabel(db: SqlDb, label: string): ParticipantRow | undefined {
  return stmt(db, `SELECT id, guid, label FROM participants WHERE label = ? COLLATE NOCASE`).get(label) as
    | ParticipantRow
    | undefined;
}

export function participantIdByLabel(db: SqlDb, label: string): number | undefined {
  return participantByLabel(db, label)?.id;
}

export function participantByGuid(db: SqlDb, guid: string): ParticipantRow | undefined {
  return stmt(db, `SELECT id, guid, label FROM participants WHERE guid = ?`).get(guid) as ParticipantRow | undefined;
}

export function insertParticipant(db: SqlDb, p: { guid: string; label: string }, s: Stamp): number {
  const r = stmt(db, `INSERT INTO participants (guid, label, created_by, created_at) VALUES (?, ?, ?, ?)`).run(
    p.guid,
    p.label,
    s.by,
    s.at,
  );
  return Number(r.lastInsertRowid);
}

export function renameParticipant(db: SqlDb, id: number, label: string): void {
  stmt(db, `UPDATE participants SET label = ? WHERE id = ?`).run(label, id);
}

export function deleteParticipant(db: SqlDb, id: number): void {
  stmt(db, `DELETE FROM participants WHERE id = ?`).run(id);
}

/** Participants with where they speak: documents, turns and words of their mapped speakers. */
export function listParticipants(db: SqlDb): {
  guid: string;
  label: string;
  documents: number;
  turns: number;
  roles: string | null;
}[] {
  return stmt(
    db,
    `SELECT p.guid, p.label,
            (SELECT count(DISTINCT s.document_id) FROM speakers s WHERE s.participant_id = p.id) AS documents,
            (SELECT count(*) FROM turns t JOIN speakers s ON s.id = t.speaker_id WHERE s.participant_id = p.id) AS turns,
            (SELECT ${dialect(db, { sqlite: 'group_concat(DISTINCT s.role)', postgres: `string_agg(DISTINCT s.role, ',')` })}
             FROM speakers s WHERE s.participant_id = p.id) AS roles
     FROM participants p ORDER BY p.label COLLATE NOCASE`,
  ).all() as { guid: string; label: string; documents: number; turns: number; roles: string | null }[];
}

export function setSpeakerParticipant(db: SqlDb, speakerId: number, participantId: number | null): void {
  stmt(db, `UPDATE speakers SET participant_id = ? WHERE id = ?`).run(participantId, speakerId);
}

export function setSpeakerRole(db: SqlDb, speakerId: number, role: SpeakerRole): void {
  stmt(db, `UPDATE speakers SET role = ? WHERE id = ?`).run(role, speakerId);
}

export function setSpeakerLabel(db: SqlDb, speakerId: number, label: string): void {
  stmt(db, `UPDATE speakers SET label = ? WHERE id = ?`).run(label, speakerId);
}

export function speakersByLabel(db: SqlDb, label: string): { id: number }[] {
  return stmt(db, `SELECT id FROM speakers WHERE label = ?`).all(label) as { id: number }[];
}

export interface SpeakerRow {
  id: number;
  guid: string;
  document_id: number;
  label: string;
  role: SpeakerRole;
  participant_id: number | null;
}

export function speakerByGuid(db: SqlDb, guid: string): SpeakerRow | undefined {
  return stmt(db, `SELECT id, guid, document_id, label, role, participant_id FROM speakers WHERE guid = ?`).get(guid) as
    | SpeakerRow
    | undefined;
}

export function speakerInDocumentByLabel(db: SqlDb, documentId: number, label: string): SpeakerRow | undefined {
  return stmt(
    db,
    `SELECT id, guid, document_id, label, role, participant_id FROM speakers WHERE document_id = ? AND label = ?`,
  ).get(documentId, label) as SpeakerRow | undefined;
}

/** Gives `from`'s turns to `into` and removes `from`: two labels were one person. */
export function mergeSpeakerInto(db: SqlDb, fromId: number, intoId: number): void {
  stmt(db, `UPDATE turns SET speaker_id = ? WHERE speaker_id = ?`).run(intoId, fromId);
  stmt(db, `DELETE FROM speakers WHERE id = ?`).run(fromId);
}
