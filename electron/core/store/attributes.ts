import type { SqlDb } from './engine.js';
import type { AttributeScope, AttributeType } from '../../../shared/types.js';
import type { Stamp } from './documents.js';
import { stmt } from './statements.js';

export type { AttributeScope, AttributeType };

export interface AttributeRow {
  id: number;
  guid: string;
  scope: AttributeScope;
  name: string;
  type: AttributeType;
}

const OWNER = {
  document: { values: 'document_values', owner: 'document_id', table: 'documents', label: 'name' },
  participant: { values: 'participant_values', owner: 'participant_id', table: 'participants', label: 'label' },
} as const;

const SELECT = `SELECT id, guid, scope, name, value_type AS type FROM attributes`;

export function listAttributes(db: SqlDb, scope: AttributeScope): AttributeRow[] {
  return stmt(db, `${SELECT} WHERE scope = ? ORDER BY id`).all(scope) as AttributeRow[];
}

export function attributeByGuid(db: SqlDb, guid: string): AttributeRow | undefined {
  return stmt(db, `${SELECT} WHERE guid = ?`).get(guid) as AttributeRow | undefined;
}

export function attributeByName(db: SqlDb, scope: AttributeScope, name: string): AttributeRow | undefined {
  return stmt(db, `${SELECT} WHERE scope = ? AND name = ? COLLATE NOCASE`).get(scope, name) as AttributeRow | undefined;
}

export function insertAttribute(
  db: SqlDb,
  a: { guid: string; scope: AttributeScope; name: string; type: AttributeType },
  s: Stamp,
): number {
  const r = stmt(
    db,
    `INSERT INTO attributes (guid, scope, name, value_type, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(a.guid, a.scope, a.name, a.type, s.by, s.at);
  return Number(r.lastInsertRowid);
}

export function updateAttribute(db: SqlDb, id: number, name: string, type: AttributeType): void {
  stmt(db, `UPDATE attributes SET name = ?, value_type = ? WHERE id = ?`).run(name, type, id);
}

export function deleteAttribute(db: SqlDb, id: number): void {
  stmt(db, `DELETE FROM attributes WHERE id = ?`).run(id);
}

export function setValue(db: SqlDb, scope: AttributeScope, ownerId: number, attributeId: number, value: string): void {
  const o = OWNER[scope];
  stmt(
    db,
    `INSERT INTO ${o.values} (${o.owner}, attribute_id, value) VALUES (?, ?, ?)
     ON CONFLICT (${o.owner}, attribute_id) DO UPDATE SET value = excluded.value`,
  ).run(ownerId, attributeId, value);
}

export function clearValue(db: SqlDb, scope: AttributeScope, ownerId: number, attributeId: number): void {
  const o = OWNER[scope];
  stmt(db, `DELETE FROM ${o.values} WHERE ${o.owner} = ? AND attribute_id = ?`).run(ownerId, attributeId);
}

export function valuesOf(db: SqlDb, attributeId: number, scope: AttributeScope): string[] {
  const o = OWNER[scope];
  return (stmt(db, `SELECT value FROM ${o.values} WHERE attribute_id = ?`).all(attributeId) as { value: string }[]).map(
    (r) => r.value,
  );
}

export interface OwnerRow {
  id: number;
  guid: string;
  label: string;
}

/** Documents or participants, by name, for the attribute grid and CSV matching. */
export function owners(db: SqlDb, scope: AttributeScope): OwnerRow[] {
  const o = OWNER[scope];
  return stmt(db, `SELECT id, guid, ${o.label} AS label FROM ${o.table} ORDER BY ${o.label} COLLATE NOCASE`).all() as OwnerRow[];
}

/** Every value of a scope: (owner guid, attribute guid, value). */
export function allValues(
  db: SqlDb,
  scope: AttributeScope,
): { owner: string; attribute: string; value: string }[] {
  const o = OWNER[scope];
  return stmt(
    db,
    `SELECT w.guid AS owner, a.guid AS attribute, v.value
     FROM ${o.values} v JOIN ${o.table} w ON w.id = v.${o.owner} JOIN attributes a ON a.id = v.attribute_id`,
  ).all() as { owner: string; attribute: string; value: string }[];
}
