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
  codingsPerDocumentAndCoder,
  usersByGuid,
  type AgreementCodeRow,
  type AgreementDocumentRow,
  type CodingColumns,
} from '../../store/agreement.js';

export interface ScopedCode {
  id: number;
  guid: string;
  name: string;
  path: string[];
}

/** Who coded where, in the coders' order: enough to decide the scope without reading every coding. */
export interface CodingSummary {
  /** Codings per coder. */
  counts: number[];
  /** Document id → bit mask of the coders with codings in it. */
  documentCoders: Map<number, number>;
  /** Codes used in the given documents; only needed when no codes are named. */
  codesIn?: (documents: ReadonlySet<number>) => Set<number>;
}

export function summaryOfColumns(columns: CodingColumns, coders: number): CodingSummary {
  const counts = Array<number>(coders).fill(0);
  const documentCoders = new Map<number, number>();
  for (let i = 0; i < columns.length; i++) {
    counts[columns.coder[i]!]!++;
    const doc = columns.document[i]!;
    documentCoders.set(doc, ((documentCoders.get(doc) ?? 0) | (1 << columns.coder[i]!)) >>> 0);
  }
  const codesIn = (documents: ReadonlySet<number>) => {
    const used = new Set<number>();
    for (let i = 0; i < columns.length; i++) if (documents.has(columns.document[i]!)) used.add(columns.code[i]!);
    return used;
  };
  return { counts, documentCoders, codesIn };
}

export function summaryFromStore(project: Project, coders: readonly string[]): CodingSummary {
  const counts = Array<number>(coders.length).fill(0);
  const documentCoders = new Map<number, number>();
  for (const [doc, coder, n] of codingsPerDocumentAndCoder(project.db, coders)) {
    counts[coder]! += n;
    documentCoders.set(doc, ((documentCoders.get(doc) ?? 0) | (1 << coder)) >>> 0);
  }
  return { counts, documentCoders };
}

export interface Scope {
  coders: AgreementCoder[];
  /** Coder guid → its index (bit) in the comparison. */
  coderIndex: Map<string, number>;
  codes: ScopedCode[];
  documents: AgreementDocumentRow[];
  notes: string[];
}

/** Checks the coders before anything is read; names and counts come with the scope. */
export function checkCoders(project: Project, guids: readonly string[]): Map<string, { guid: string; name: string }> {
  if (guids.length < 2) throw new ChorusError(ErrorCode.INVALID_INPUT, 'Choose at least two coders to compare.');
  if (new Set(guids).size !== guids.length) throw new ChorusError(ErrorCode.INVALID_INPUT, 'A coder is named twice.');
  const found = new Map(usersByGuid(project.db, guids).map((u) => [u.guid, u]));
  const missing = guids.filter((g) => !found.has(g));
  if (missing.length > 0) {
    throw new ChorusError(ErrorCode.NOT_FOUND, `This project has no coder with the id ${missing.join(', ')}.`);
  }
  return found;
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
  summary: CodingSummary,
): Scope {
  const found = checkCoders(project, input.coders);
  const coders = input.coders.map((g, i) => ({ guid: g, name: found.get(g)!.name, codings: summary.counts[i] ?? 0 }));
  const notes = coders
    .filter((c) => c.codings === 0)
    .map((c) => `${c.name} has no codings in this project: everything counts as not coded by them.`);
  const coderIndex = new Map(coders.map((c, i) => [c.guid, i]));
  const documents = scopeDocuments(project, input.documents, summary, notes);
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
    const used = summary.codesIn?.(docIds) ?? new Set<number>();
    codes = allInOrder.filter((c) => used.has(c.id));
  }
  return { coders, coderIndex, codes, documents, notes };
}

function scopeDocuments(
  project: Project,
  wanted: readonly string[] | undefined,
  summary: CodingSummary,
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
  let active = 0;
  summary.counts.forEach((n, i) => {
    if (n > 0) active = (active | (1 << i)) >>> 0;
  });
  const isKept = (d: AgreementDocumentRow) => (((summary.documentCoders.get(d.id) ?? 0) & active) >>> 0) === active;
  const kept = all.filter(isKept);
  const left = all.filter((d) => summary.documentCoders.has(d.id) && !isKept(d));
  if (left.length > 0) {
    const names = left.slice(0, 5).map((d) => d.name).join(', ') + (left.length > 5 ? `, and ${left.length - 5} more` : '');
    notes.push(`Left out ${left.length} document${left.length === 1 ? '' : 's'} that not every coder coded: ${names}.`);
  }
  if (kept.length === 0) notes.push('No document was coded by every coder, so there is nothing to compare.');
  return kept;
}
