import type { SqlDb } from './engine.js';
import { stmt } from './statements.js';

export interface UserRow {
  guid: string;
  name: string;
}

/** Makes sure the coder exists in this project; renames them if their name changed in settings. */
export function ensureUser(db: SqlDb, user: UserRow, now: string): void {
  stmt(
    db,
    `INSERT INTO users (guid, name, created_at) VALUES (?, ?, ?)
     ON CONFLICT (guid) DO UPDATE SET name = excluded.name WHERE users.name <> excluded.name`,
  ).run(user.guid, user.name, now);
}

export function userName(db: SqlDb, guid: string): string {
  const row = stmt(db, `SELECT name FROM users WHERE guid = ?`).get(guid) as { name: string } | undefined;
  return row?.name ?? 'unknown coder';
}

export interface CoderRow {
  guid: string;
  name: string;
  codings: number;
}

/** Every user of the project with their number of codings, most codings first. */
export function codersWithCounts(db: SqlDb): CoderRow[] {
  return stmt(
    db,
    `SELECT u.guid, u.name, (SELECT count(*) FROM codings c WHERE c.created_by = u.guid) AS codings
     FROM users u ORDER BY codings DESC, u.name`,
  ).all() as CoderRow[];
}
