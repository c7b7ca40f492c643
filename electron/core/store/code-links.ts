import type { SqlDb } from './engine.js';
import type { ThemeLink } from '../../../shared/types.js';
import type { Stamp } from './documents.js';
import { stmt } from './statements.js';

const SELECT = `
  SELECT l.guid, s.guid AS source, t.guid AS target, l.label, l.created_at AS createdAt, l.created_by AS createdBy
  FROM code_links l JOIN codes s ON s.id = l.source_id JOIN codes t ON t.id = l.target_id`;

export function listLinks(db: SqlDb): ThemeLink[] {
  return stmt(db, `${SELECT} ORDER BY l.id`).all() as ThemeLink[];
}

export function linkByGuid(db: SqlDb, guid: string): (ThemeLink & { id: number }) | undefined {
  return stmt(db, `${SELECT.replace('SELECT', 'SELECT l.id,')} WHERE l.guid = ?`).get(guid) as
    | (ThemeLink & { id: number })
    | undefined;
}

/** The link from source to target, whatever its label: the map draws one arrow per pair and direction. */
export function linkBetween(db: SqlDb, sourceId: number, targetId: number): { id: number; guid: string } | undefined {
  return stmt(db, `SELECT id, guid FROM code_links WHERE source_id = ? AND target_id = ?`).get(sourceId, targetId) as
    | { id: number; guid: string }
    | undefined;
}

export function insertLink(
  db: SqlDb,
  l: { guid: string; sourceId: number; targetId: number; label: string },
  s: Stamp,
): void {
  stmt(
    db,
    `INSERT INTO code_links (guid, source_id, target_id, label, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(l.guid, l.sourceId, l.targetId, l.label, s.by, s.at);
}

export function setLinkLabel(db: SqlDb, id: number, label: string): void {
  stmt(db, `UPDATE code_links SET label = ? WHERE id = ?`).run(label, id);
}

export function deleteLink(db: SqlDb, id: number): void {
  stmt(db, `DELETE FROM code_links WHERE id = ?`).run(id);
}
