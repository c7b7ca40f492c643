import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ImportSource, OpParsed } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { AttributeDef, AttributeScope, AttributeTable, CsvImportReport } from '../../../shared/types.js';
import { decodeText } from '../documents/decode.js';
import { readSource } from '../documents/read-source.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import * as store from '../store/attributes.js';
import { inferType, normalizeValue } from './values.js';

const SCOPE_NOUN: Record<AttributeScope, string> = { document: 'document', participant: 'participant' };

function toDef(project: Project, row: store.AttributeRow): AttributeDef {
  const values = [...new Set(store.valuesOf(project.db, row.id, row.scope))].sort((a, b) =>
    a.localeCompare(b, undefined, { numeric: true }),
  );
  return { guid: row.guid, scope: row.scope, name: row.name, type: row.type, values };
}

export function listAttributeDefs(project: Project, scope: AttributeScope): AttributeDef[] {
  return store.listAttributes(project.db, scope).map((r) => toDef(project, r));
}

export function attributeTable(project: Project, scope: AttributeScope): AttributeTable {
  const byOwner = new Map<string, Record<string, string>>();
  for (const v of store.allValues(project.db, scope)) {
    const row = byOwner.get(v.owner) ?? {};
    row[v.attribute] = v.value;
    byOwner.set(v.owner, row);
  }
  return {
    scope,
    attributes: listAttributeDefs(project, scope),
    rows: store.owners(project.db, scope).map((o) => ({ guid: o.guid, label: o.label, values: byOwner.get(o.guid) ?? {} })),
  };
}

function requireAttribute(project: Project, guid: string): store.AttributeRow {
  const row = store.attributeByGuid(project.db, guid);
  if (!row) throw new ChorusError(ErrorCode.NOT_FOUND, 'That attribute no longer exists.');
  return row;
}

function assertNameFree(project: Project, scope: AttributeScope, name: string, self?: number): void {
  const clash = store.attributeByName(project.db, scope, name);
  if (clash && clash.id !== self) {
    throw new ChorusError(ErrorCode.CONFLICT, `There is already a ${SCOPE_NOUN[scope]} attribute called "${clash.name}".`);
  }
}

export function defineAttributeCommand(project: Project, input: OpParsed<'attributes.define'>, log: CommandScope): AttributeDef {
  assertNameFree(project, input.scope, input.name);
  const id = store.insertAttribute(
    project.db,
    { guid: project.env.newGuid(), scope: input.scope, name: input.name, type: input.type },
    project.stamp(),
  );
  log.summary(`Added ${SCOPE_NOUN[input.scope]} attribute "${input.name}" (${input.type})`);
  return toDef(project, store.listAttributes(project.db, input.scope).find((a) => a.id === id)!);
}

export function updateAttributeCommand(project: Project, input: OpParsed<'attributes.update'>, log: CommandScope): AttributeDef {
  const row = requireAttribute(project, input.attribute);
  const name = input.name ?? row.name;
  const type = input.type ?? row.type;
  assertNameFree(project, row.scope, name, row.id);
  if (type !== row.type) {
    // Every value must fit the new type; normalising also rewrites "3,5" to "3.5".
    const owners = store.owners(project.db, row.scope);
    const values = store.allValues(project.db, row.scope).filter((v) => v.attribute === row.guid);
    for (const v of values) {
      const owner = owners.find((o) => o.guid === v.owner)!;
      store.setValue(project.db, row.scope, owner.id, row.id, normalizeValue(v.value, type, name));
    }
  }
  store.updateAttribute(project.db, row.id, name, type);
  log.summary(
    name !== row.name ? `Renamed attribute "${row.name}" to "${name}"` : `Changed attribute "${row.name}" to ${type}`,
  );
  return toDef(project, requireAttribute(project, row.guid));
}

export function deleteAttributeCommand(project: Project, input: OpParsed<'attributes.delete'>, log: CommandScope): { removed: string } {
  const row = requireAttribute(project, input.attribute);
  store.deleteAttribute(project.db, row.id);
  log.summary(`Removed attribute "${row.name}" and its values`);
  return { removed: row.guid };
}

export function setValuesCommand(project: Project, input: OpParsed<'attributes.setValues'>, log: CommandScope): { changed: number } {
  const owners = new Map(store.owners(project.db, input.scope).map((o) => [o.guid, o]));
  const attributes = new Map<string, store.AttributeRow>();
  for (const v of input.values) {
    const owner = owners.get(v.owner);
    if (!owner) throw new ChorusError(ErrorCode.NOT_FOUND, `No ${SCOPE_NOUN[input.scope]} has the id ${v.owner}.`);
    let attribute = attributes.get(v.attribute);
    if (!attribute) {
      attribute = requireAttribute(project, v.attribute);
      if (attribute.scope !== input.scope) {
        throw new ChorusError(ErrorCode.INVALID_INPUT, `"${attribute.name}" is not a ${SCOPE_NOUN[input.scope]} attribute.`);
      }
      attributes.set(v.attribute, attribute);
    }
    if (v.value === null || v.value.trim() === '') store.clearValue(project.db, input.scope, owner.id, attribute.id);
    else store.setValue(project.db, input.scope, owner.id, attribute.id, normalizeValue(v.value, attribute.type, attribute.name));
  }
  log.summary(
    input.values.length === 1
      ? `Set "${attributes.values().next().value!.name}" of ${owners.get(input.values[0]!.owner)!.label}`
      : `Set ${input.values.length} attribute values`,
  );
  return { changed: input.values.length };
}

function sourceName(source: ImportSource): string {
  return source.kind === 'path' ? path.basename(source.path) : source.name;
}

/**
 * Attribute values from a CSV keyed by document or participant name. Unknown columns become
 * attributes with an inferred type; rows whose key matches nothing are reported, not guessed at.
 */
export async function importCsvCommand(
  project: Project,
  input: OpParsed<'attributes.importCsv'>,
  log: CommandScope,
): Promise<CsvImportReport> {
  const { bytes } = await readSource(input.source, project.env.maxImportBytes);
  const name = sourceName(input.source);
  const text = decodeText(bytes, name);
  let records: string[][];
  try {
    const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
    // Spreadsheets in many locales save CSV with semicolons or tabs.
    const delimiter = [',', ';', '\t'].sort((a, b) => firstLine.split(b).length - firstLine.split(a).length)[0]!;
    records = parse(text, { delimiter, skip_empty_lines: true, relax_column_count: true, trim: true, bom: true });
  } catch (e) {
    throw new ChorusError(ErrorCode.CORRUPT_FILE, `${name} is not a readable CSV file: ${(e as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header || header.length < 2) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, `${name} needs a header row with a name column and at least one attribute column.`);
  }
  const keyIndex = input.keyColumn ? header.findIndex((h) => h.toLowerCase() === input.keyColumn!.toLowerCase()) : 0;
  if (keyIndex < 0) throw new ChorusError(ErrorCode.INVALID_INPUT, `${name} has no column "${input.keyColumn}".`);

  const owners = new Map(store.owners(project.db, input.scope).map((o) => [o.label.toLowerCase(), o]));
  const stamp = project.stamp();
  const report: CsvImportReport = { matched: 0, unmatched: [], createdAttributes: [], valuesSet: 0 };
  const columns = header.map((h, i) => ({ name: h, index: i })).filter((c) => c.index !== keyIndex && c.name !== '');
  const attributeIds = columns.map((c) => {
    const existing = store.attributeByName(project.db, input.scope, c.name);
    if (existing) return existing;
    const type = inferType(rows.map((r) => r[c.index] ?? ''));
    const guid = project.env.newGuid();
    store.insertAttribute(project.db, { guid, scope: input.scope, name: c.name, type }, stamp);
    report.createdAttributes.push(c.name);
    return store.attributeByGuid(project.db, guid)!;
  });
  for (const row of rows) {
    const key = (row[keyIndex] ?? '').trim();
    if (!key) continue;
    const owner = owners.get(key.toLowerCase());
    if (!owner) {
      report.unmatched.push(key);
      continue;
    }
    report.matched++;
    columns.forEach((c, i) => {
      const raw = row[c.index] ?? '';
      if (raw.trim() === '') return;
      const attribute = attributeIds[i]!;
      store.setValue(project.db, input.scope, owner.id, attribute.id, normalizeValue(raw, attribute.type, attribute.name));
      report.valuesSet++;
    });
  }
  log.summary(`Imported ${report.valuesSet} ${SCOPE_NOUN[input.scope]} attribute values from ${name}`);
  return report;
}
