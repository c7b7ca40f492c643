import type { OpParsed, OpOutput } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { CodedSegment, Coding } from '../../../shared/types.js';
import { createCode, requireCode } from '../codes/service.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import * as codes from '../store/codes.js';
import * as store from '../store/codings.js';
import { firstEndingAfter, turnIndex } from '../analysis/turn-index.js';
import { documentByGuid, documentById, speakerLabels, type DocumentRow } from '../store/documents.js';
import { deleteMemosOf } from '../store/memos.js';

/**
 * Who a coding is attributed to: the speakers whose turns it overlaps, most overlap first (ties
 * in order of appearance). Turns come from the project's in-memory turn index and labels are read
 * once per document, so listing the 4,000 segments of a broad code does not read 200 documents'
 * turns from the table again, as it did once per call.
 */
export function speakerAttribution(project: Project): (documentId: number, start: number, end: number) => string[] {
  const turnsOf = turnIndex(project);
  const labels = new Map<number, Map<number, string>>();
  return (documentId, start, end) => {
    const turns = turnsOf(documentId);
    let names = labels.get(documentId);
    if (!names) {
      names = new Map(speakerLabels(project.db, documentId));
      labels.set(documentId, names);
    }
    const overlap = new Map<string, number>();
    for (let i = firstEndingAfter(turns, start); i < turns.start.length && turns.start[i]! < end; i++) {
      const speaker = turns.speaker[i]!;
      const n = Math.min(turns.end[i]!, end) - Math.max(turns.start[i]!, start);
      if (speaker < 0 || n <= 0) continue;
      const label = names.get(speaker)!;
      overlap.set(label, (overlap.get(label) ?? 0) + n);
    }
    // Map keeps first-appearance order; a stable sort keeps it among equals.
    return [...overlap.entries()].sort((a, b) => b[1] - a[1]).map(([label]) => label);
  };
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
  const speakersOf = speakerAttribution(project);
  return rows.map(({ documentId, ...c }) => ({
    ...c,
    text: project.textOf(c.documentGuid)!.slice(c.start, c.end),
    speakers: speakersOf(documentId, c.start, c.end),
  }));
}
