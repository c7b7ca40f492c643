import type { OpParsed, OpOutput } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { CodedSegment, Coding } from '../../../shared/types.js';
import { createCode, requireCode } from '../codes/service.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import * as codes from '../store/codes.js';
import * as store from '../store/codings.js';
import { documentByGuid, documentById, speakerSpans, type DocumentRow } from '../store/documents.js';
import { deleteMemosOf } from '../store/memos.js';

type Span = { label: string; start: number; end: number };

/**
 * The speakers a coding is attributed to: those whose turns it overlaps, most overlap first
 * (ties in order of appearance). `turns` is sorted by start and non-overlapping.
 */
export function attributeToSpeakers(turns: Span[], start: number, end: number): string[] {
  let lo = 0;
  let hi = turns.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (turns[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  const overlap = new Map<string, number>();
  for (let i = lo; i < turns.length && turns[i]!.start < end; i++) {
    const t = turns[i]!;
    const n = Math.min(t.end, end) - Math.max(t.start, start);
    if (n > 0) overlap.set(t.label, (overlap.get(t.label) ?? 0) + n);
  }
  // Map keeps first-appearance order; a stable sort keeps it among equals.
  return [...overlap.entries()].sort((a, b) => b[1] - a[1]).map(([label]) => label);
}

export function requireDocument(project: Project, guid: string): DocumentRow {
  const doc = documentByGuid(project.db, guid);
  if (!doc) throw new ChorusError(ErrorCode.NOT_FOUND, 'That document is not in this project.');
  return doc;
}

/** Makes sure a span lies inside the text and does not split a surrogate pair. */
function assertSpan(project: Project, doc: DocumentRow, start: number, end: number): void {
  if (end > doc.textLength) {
    throw new ChorusError(
      ErrorCode.INVALID_INPUT,
      `The passage [${start}, ${end}) runs past the end of "${doc.name}" (${doc.textLength}).`,
    );
  }
  const text = project.textOf(doc.guid)!;
  const splitsPair = (i: number) =>
    i > 0 && i < text.length && /[\uDC00-\uDFFF]/.test(text[i]!) && /[\uD800-\uDBFF]/.test(text[i - 1]!);
  if (splitsPair(start) || splitsPair(end)) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, 'A coding cannot start or end inside a character.');
  }
}

export function applyCodingCommand(
  project: Project,
  input: OpParsed<'codings.apply'>,
  log: CommandScope,
): OpOutput<'codings.apply'> {
  const doc = requireDocument(project, input.document);
  assertSpan(project, doc, input.start, input.end);
  let codeId: number;
  let createdCode = false;
  if ('guid' in input.code) codeId = requireCode(project, input.code.guid).id;
  else {
    const existing = codes.codeNamed(project.db, input.code.name);
    createdCode = existing === undefined;
    if (existing) codeId = existing.id;
    else {
      const created = createCode(project, { name: input.code.name });
      codeId = created.id;
      log.about(created.guid, 'created', `created as "${input.code.name}" while coding`);
    }
  }
  const stamp = project.stamp();
  const existing = store.sameCoding(project.db, {
    documentId: doc.id,
    codeId,
    start: input.start,
    end: input.end,
    coder: stamp.by,
  });
  const id =
    existing?.id ??
    store.insertCoding(
      project.db,
      { guid: project.env.newGuid(), documentId: doc.id, codeId, start: input.start, end: input.end },
      stamp,
    );
  const code = codes.codeById(project.db, codeId);
  log.summary(`${createdCode ? 'Created and applied' : 'Applied'} code "${code.name}" in ${doc.name}`);
  return { coding: store.codingById(project.db, id), code, createdCode };
}

export function removeCodingCommand(
  project: Project,
  input: OpParsed<'codings.remove'>,
  log: CommandScope,
): { removed: string } {
  const row = store.codingRowByGuid(project.db, input.coding);
  if (!row) throw new ChorusError(ErrorCode.NOT_FOUND, 'That coding no longer exists.');
  const code = codes.codeById(project.db, row.code_id);
  deleteMemosOf(project.db, row.guid);
  store.deleteCoding(project.db, row.id);
  log.summary(`Removed a coding of "${code.name}"`);
  return { removed: row.guid };
}

export function resizeCodingCommand(project: Project, input: OpParsed<'codings.resize'>, log: CommandScope): Coding {
  const row = store.codingRowByGuid(project.db, input.coding);
  if (!row) throw new ChorusError(ErrorCode.NOT_FOUND, 'That coding no longer exists.');
  const doc = documentById(project.db, row.document_id)!;
  assertSpan(project, doc, input.start, input.end);
  const clash = store.sameCoding(project.db, {
    documentId: row.document_id,
    codeId: row.code_id,
    start: input.start,
    end: input.end,
    coder: row.created_by,
  });
  if (clash && clash.id !== row.id) {
    throw new ChorusError(ErrorCode.CONFLICT, 'The same code already covers exactly that passage.');
  }
  store.setCodingSpan(project.db, row.id, input.start, input.end);
  log.summary(`Adjusted a coding of "${codes.codeById(project.db, row.code_id).name}" in ${doc.name}`);
  return store.codingById(project.db, row.id);
}

export function listCodings(project: Project, input: OpParsed<'codings.list'>): CodedSegment[] {
  if (!input.document && !input.code) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, 'Name a document or a code to list codings of.');
  }
  const { db } = project;
  let rows = input.code
    ? store.codingsOfCode(db, requireCode(project, input.code).id)
    : store.codingsOfDocument(db, requireDocument(project, input.document!).id);
  if (input.code && input.document) rows = rows.filter((r) => r.documentGuid === input.document);
  const docs = new Map<number, { doc: DocumentRow; turns: Span[] }>();
  return rows.map(({ documentId, ...c }) => {
    let d = docs.get(documentId);
    if (!d) {
      d = { doc: requireDocument(project, c.documentGuid), turns: speakerSpans(db, documentId) };
      docs.set(documentId, d);
    }
    return {
      ...c,
      documentName: d.doc.name,
      text: project.textOf(d.doc.guid)!.slice(c.start, c.end),
      speakers: attributeToSpeakers(d.turns, c.start, c.end),
    };
  });
}
