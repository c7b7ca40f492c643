import type Database from 'better-sqlite3';
import type { Stamp } from './documents.js';
import { stmt } from './statements.js';

export function participantIdByLabel(db: Database.Database, label: string): number | undefined {
  return (stmt(db, `SELECT id FROM participants WHERE label = ?`).get(label) as { id: number } | undefined)?.id;
}

export function insertParticipant(db: Database.Database, p: { guid: string; label: string }, s: Stamp): number {
  const r = stmt(db, `INSERT INTO participants (guid, label, created_by, created_at) VALUES (?, ?, ?, ?)`).run(
    p.guid,
    p.label,
    s.by,
    s.at,
  );
  return Number(r.lastInsertRowid);
}

export type AttributeScope = 'document' | 'participant';
export type AttributeType = 'text' | 'number' | 'category' | 'date';

export function attributeId(
  db: Database.Database,
  a: { guid: string; scope: AttributeScope; name: string; type: AttributeType },
  s: Stamp,
): number {
  const found = stmt(db, `SELECT id FROM attributes WHERE scope = ? AND name = ?`).get(a.scope, a.name) as
    | { id: number }
    | undefined;
  if (found) return found.id;
  const r = stmt(
    db,
    `INSERT INTO attributes (guid, scope, name, value_type, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(a.guid, a.scope, a.name, a.type, s.by, s.at);
  return Number(r.lastInsertRowid);
}

export function setValue(db: Database.Database, scope: AttributeScope, ownerId: number, attributeId: number, value: string): void {
  const table = scope === 'document' ? 'document_values' : 'participant_values';
  const owner = scope === 'document' ? 'document_id' : 'participant_id';
  stmt(
    db,
    `INSERT INTO ${table} (${owner}, attribute_id, value) VALUES (?, ?, ?)
     ON CONFLICT (${owner}, attribute_id) DO UPDATE SET value = excluded.value`,
  ).run(ownerId, attributeId, value);
}

export function setSpeakerParticipant(
  db: Database.Database,
  speakerId: number,
  participantId: number,
  role: string,
): void {
  stmt(db, `UPDATE speakers SET participant_id = ?, role = ? WHERE id = ?`).run(participantId, role, speakerId);
}

export function speakersByLabel(db: Database.Database, label: string): { id: number }[] {
  return stmt(db, `SELECT id FROM speakers WHERE label = ?`).all(label) as { id: number }[];
}
