import type { SqlDb } from './engine.js';
import type { Stamp } from './documents.js';
import { stmt } from './statements.js';

export interface SnapshotRow {
  guid: string;
  name: string;
  content_json: string;
  createdAt: string;
  author: string;
}

const SELECT = `SELECT s.guid, s.name, s.content_json, s.created_at AS createdAt, coalesce(u.name, s.created_by) AS author
                FROM snapshots s LEFT JOIN users u ON u.guid = s.created_by`;

export function insertSnapshot(db: SqlDb, s: { guid: string; name: string; content: string }, stamp: Stamp): void {
  stmt(db, `INSERT INTO snapshots (guid, name, content_json, created_by, created_at) VALUES (?, ?, ?, ?, ?)`).run(
    s.guid,
    s.name,
    s.content,
    stamp.by,
    stamp.at,
  );
}

export function listSnapshots(db: SqlDb): SnapshotRow[] {
  return stmt(db, `${SELECT} ORDER BY s.created_at, s.id`).all() as SnapshotRow[];
}

export function snapshotByGuid(db: SqlDb, guid: string): SnapshotRow | undefined {
  return stmt(db, `${SELECT} WHERE s.guid = ?`).get(guid) as SnapshotRow | undefined;
}
