/**
 * What every comparison needs to know about the project: the code tree (rows and what each row
 * covers), who the speakers and people are, attributes, and a document's text.
 */
import type { MatrixRows } from '../../../shared/analysis-compare.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { CodeKind } from '../../../shared/types.js';
import type { Project } from '../project.js';
import * as store from '../store/analysis-compare.js';
import { attributeByGuid, attributeByName } from '../store/attributes.js';

export interface TreeCode extends store.CodeRow {
  depth: number;
  /** The code and everything below it. */
  subtree: number[];
}

/** The code tree in tree order (parents first, siblings by position). */
export function codeTree(project: Project): TreeCode[] {
  const rows = store.codeRows(project.db);
  const children = new Map<number | null, store.CodeRow[]>();
  for (const r of rows) {
    const list = children.get(r.parentId) ?? [];
    list.push(r);
    children.set(r.parentId, list);
  }
  const out: TreeCode[] = [];
  const walk = (parent: number | null, depth: number): number[] => {
    const ids: number[] = [];
    for (const r of children.get(parent) ?? []) {
      const node: TreeCode = { ...r, depth, subtree: [r.id] };
      out.push(node);
      node.subtree.push(...walk(r.id, depth + 1));
      ids.push(...node.subtree);
    }
    return ids;
  };
  walk(null, 0);
  return out;
}

/** A row of a comparison: a code on its own codings, or a theme with everything below it. */
export interface CodeUnit {
  id: number;
  guid: string;
  name: string;
  kind: CodeKind;
  color: string;
  depth: number;
  members: number[];
}

/**
 * The rows asked for: `codes` each code on its own codings, `themes` each theme with everything
 * below it, `all` both. `pick` keeps the named ones (and refuses a guid that is not a code).
 */
export function codeUnits(project: Project, rows: MatrixRows, pick?: readonly string[]): CodeUnit[] {
  const tree = codeTree(project);
  if (pick) {
    const known = new Set(tree.map((c) => c.guid));
    const missing = pick.find((g) => !known.has(g));
    if (missing) throw new ChorusError(ErrorCode.NOT_FOUND, 'One of the chosen codes is not in this project.');
  }
  const picked = pick ? new Set(pick) : null;
  const out: CodeUnit[] = [];
  for (const c of tree) {
    if (picked && !picked.has(c.guid)) continue;
    const theme = c.kind === 'theme';
    if (rows === 'codes' && theme && !picked) continue;
    if (rows === 'themes' && !theme && !picked) continue;
    out.push({
      id: c.id,
      guid: c.guid,
      name: c.name,
      kind: c.kind,
      color: c.color,
      depth: c.depth,
      // A picked theme is read as a theme whatever `rows` says: it stands for its subtree.
      members: theme && rows !== 'codes' ? c.subtree : [c.id],
    });
  }
  return out;
}

/**
 * The codes the units stand for, or null when they are every code of the project: codings are
 * then read in document order through their index, not gathered by code and sorted.
 */
export function memberCodes(project: Project, units: readonly CodeUnit[]): number[] | null {
  const ids = [...new Set(units.flatMap((u) => u.members))];
  return ids.length === store.codeCount(project.db) ? null : ids;
}

/** One code or theme with everything below it, by guid. */
export function codeWithSubtree(project: Project, guid: string): TreeCode {
  const code = codeTree(project).find((c) => c.guid === guid);
  if (!code) throw new ChorusError(ErrorCode.NOT_FOUND, 'That code is not in this project.');
  return code;
}

/** A person: a participant, or a speaker not mapped to one (who counts once, in their group). */
export interface Person {
  key: string;
  label: string;
  document?: string;
}

export interface People {
  speakers: Map<number, store.SpeakerRow>;
  /** By attribution key (`p12`, `s40`). */
  persons: Map<string, Person>;
}

export function people(project: Project): People {
  const speakers = new Map<number, store.SpeakerRow>();
  const persons = new Map<string, Person>();
  for (const s of store.speakerRows(project.db)) {
    speakers.set(s.id, s);
    if (persons.has(s.person)) continue;
    persons.set(
      s.person,
      s.participantGuid !== null
        ? { key: s.participantGuid, label: s.participantLabel! }
        : { key: s.guid, label: s.label, document: s.documentName },
    );
  }
  return { speakers, persons };
}

/** A participant attribute (or, failing that, a document attribute) by guid or name. */
export function resolveAttribute(project: Project, ref: string): { id: number; name: string; scope: 'participant' | 'document' } {
  const found =
    attributeByGuid(project.db, ref) ??
    attributeByName(project.db, 'participant', ref) ??
    attributeByName(project.db, 'document', ref);
  if (!found) throw new ChorusError(ErrorCode.NOT_FOUND, `There is no attribute "${ref}" in this project.`);
  return { id: found.id, name: found.name, scope: found.scope };
}

/** Document texts by id. */
export function textsById(project: Project): (documentId: number) => string {
  const docs = new Map(store.documentRows(project.db).map((d) => [d.id, d.guid]));
  return (id) => project.textOf(docs.get(id)!) ?? '';
}
