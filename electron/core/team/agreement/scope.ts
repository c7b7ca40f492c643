/**
 * What an agreement comparison covers: the coders (checked to exist), the documents and the codes.
 *
 * Documents: those named, else those every coder with codings has coded. A study often has a
 * second coder code only some groups to check reliability; counting the groups they never opened
 * as "not coded" would report disagreement that is only absence. Codes: those named, else those
 * one of the coders used in the compared documents. A coder without any codings is kept (their
 * ratings are all "not coded") and named in the notes.
 */
import type { AgreementCoder } from '../../../../shared/agreement-report.js';
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import type { Project } from '../../project.js';
import {
  allCodes,
  allDocuments,
  codingCountsByCoder,
  usersByGuid,
  type AgreementCodeRow,
  type AgreementDocumentRow,
  type CodingTuple,
} from '../../store/agreement.js';

export interface ScopedCode {
  id: number;
  guid: string;
  name: string;
  path: string[];
}

export interface Scope {
  coders: AgreementCoder[];
  /** Coder guid → its index (bit) in the comparison. */
  coderIndex: Map<string, number>;
  codes: ScopedCode[];
  documents: AgreementDocumentRow[];
  notes: string[];
}

export function resolveCoders(project: Project, guids: readonly string[]): { coders: AgreementCoder[]; notes: string[] } {
  if (guids.length < 2) throw new ChorusError(ErrorCode.INVALID_INPUT, 'Choose at least two coders to compare.');
  if (new Set(guids).size !== guids.length) throw new ChorusError(ErrorCode.INVALID_INPUT, 'A coder is named twice.');
  const found = new Map(usersByGuid(project.db, guids).map((u) => [u.guid, u]));
  const missing = guids.filter((g) => !found.has(g));
  if (missing.length > 0) {
    throw new ChorusError(ErrorCode.NOT_FOUND, `This project has no coder with the id ${missing.join(', ')}.`);
  }
  const counts = codingCountsByCoder(project.db, guids);
  const coders = guids.map((g) => ({ guid: g, name: found.get(g)!.name, codings: counts.get(g) ?? 0 }));
  const notes = coders
    .filter((c) => c.codings === 0)
    .map((c) => `${c.name} has no codings in this project: everything counts as not coded by them.`);
  return { coders, notes };
}

/** Code rows in codebook order (depth first, by position), with the names above each. */
function codebookOrder(rows: readonly AgreementCodeRow[]): ScopedCode[] {
  const children = new Map<number | null, AgreementCodeRow[]>();
  for (const r of rows) {
    const list = children.get(r.parentId) ?? [];
    list.push(r);
    children.set(r.parentId, list);
  }
  const out: ScopedCode[] = [];
  const walk = (parent: number | null, path: string[]) => {
    for (const r of children.get(parent) ?? []) {
      out.push({ id: r.id, guid: r.guid, name: r.name, path });
      walk(r.id, [...path, r.name]);
    }
  };
  walk(null, []);
  return out;
}

export function resolveScope(
  project: Project,
  input: { coders: readonly string[]; codes?: readonly string[] | undefined; documents?: readonly string[] | undefined },
  codings: readonly CodingTuple[],
): Scope {
  const { coders, notes } = resolveCoders(project, input.coders);
  const coderIndex = new Map(coders.map((c, i) => [c.guid, i]));
  const documents = scopeDocuments(project, input.documents, coders, codings, notes);
  const docIds = new Set(documents.map((d) => d.id));
  const allInOrder = codebookOrder(allCodes(project.db));
  let codes: ScopedCode[];
  if (input.codes) {
    const byGuid = new Map(allInOrder.map((c) => [c.guid, c]));
    const missing = input.codes.filter((g) => !byGuid.has(g));
    if (missing.length > 0) throw new ChorusError(ErrorCode.NOT_FOUND, `This project has no code with the id ${missing.join(', ')}.`);
    const wanted = new Set(input.codes);
    codes = allInOrder.filter((c) => wanted.has(c.guid));
  } else {
    const used = new Set<number>();
    for (const c of codings) if (docIds.has(c[0])) used.add(c[1]);
    codes = allInOrder.filter((c) => used.has(c.id));
  }
  return { coders, coderIndex, codes, documents, notes };
}

function scopeDocuments(
  project: Project,
  wanted: readonly string[] | undefined,
  coders: readonly AgreementCoder[],
  codings: readonly CodingTuple[],
  notes: string[],
): AgreementDocumentRow[] {
  const all = allDocuments(project.db);
  if (wanted) {
    const byGuid = new Map(all.map((d) => [d.guid, d]));
    const missing = wanted.filter((g) => !byGuid.has(g));
    if (missing.length > 0) throw new ChorusError(ErrorCode.NOT_FOUND, `This project has no document with the id ${missing.join(', ')}.`);
    const set = new Set(wanted);
    return all.filter((d) => set.has(d.guid));
  }
  const active = coders.filter((c) => c.codings > 0).map((c) => c.guid);
  const codedBy = new Map<number, Set<string>>();
  for (const c of codings) {
    let set = codedBy.get(c[0]);
    if (!set) codedBy.set(c[0], (set = new Set()));
    set.add(c[4]);
  }
  const kept = all.filter((d) => active.every((g) => codedBy.get(d.id)?.has(g)));
  const left = all.filter((d) => codedBy.has(d.id) && !kept.includes(d));
  if (left.length > 0) {
    const names = left.slice(0, 5).map((d) => d.name).join(', ') + (left.length > 5 ? `, and ${left.length - 5} more` : '');
    notes.push(`Left out ${left.length} document${left.length === 1 ? '' : 's'} that not every coder coded: ${names}.`);
  }
  if (kept.length === 0) notes.push('No document was coded by every coder, so there is nothing to compare.');
  return kept;
}
