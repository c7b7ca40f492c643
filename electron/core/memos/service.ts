import type { OpParsed } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Memo, MemoKind } from '../../../shared/types.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import { requireDocument } from '../codings/service.js';
import * as store from '../store/memos.js';

/** Which table a memo of each kind is about; journal and project memos stand alone. */
const TARGET_TABLE: Record<MemoKind, 'documents' | 'codes' | 'codings' | 'turns' | null> = {
  journal: null,
  project: null,
  document: 'documents',
  code: 'codes',
  theme: 'codes',
  segment: 'codings',
  turn: 'turns',
};

const KIND_NOUN: Record<MemoKind, string> = {
  journal: 'journal entry',
  project: 'project memo',
  document: 'document memo',
  code: 'code memo',
  theme: 'theme memo',
  segment: 'memo on a coding',
  turn: 'memo on a turn',
};

function checkContent(content: string): void {
  try {
    const state = JSON.parse(content) as { root?: unknown };
    if (typeof state !== 'object' || state === null || !('root' in state)) throw new Error('no root');
  } catch {
    throw new ChorusError(ErrorCode.INVALID_INPUT, 'The memo content is not a saved editor state.');
  }
}

/** Journal links point at codes, themes and documents of this project. */
function checkLinks(project: Project, links: readonly string[]): void {
  const unknown = store.unknownLinkTargets(project.db, links);
  if (unknown.length) {
    throw new ChorusError(ErrorCode.NOT_FOUND, `A memo can be linked to codes, themes and documents of this project; ${unknown.length === 1 ? 'one link points' : `${unknown.length} links point`} elsewhere.`);
  }
}

function requireMemo(project: Project, guid: string): Memo & { id: number } {
  const memo = store.memoByGuid(project.db, guid);
  if (!memo) throw new ChorusError(ErrorCode.NOT_FOUND, 'That memo no longer exists.');
  return memo;
}

export function createMemoCommand(project: Project, input: OpParsed<'memos.create'>, log: CommandScope): Memo {
  const table = TARGET_TABLE[input.kind];
  if (table === null && input.target) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, `A ${KIND_NOUN[input.kind]} is not attached to anything.`);
  }
  if (table !== null && (!input.target || !store.targetExists(project.db, table, input.target))) {
    throw new ChorusError(ErrorCode.NOT_FOUND, `What this ${KIND_NOUN[input.kind]} is about is not in the project.`);
  }
  checkContent(input.content);
  if (input.links) checkLinks(project, input.links);
  const guid = project.env.newGuid();
  // A journal entry belongs to the phase the analysis is in unless the researcher says otherwise.
  const phase = input.phase !== undefined ? input.phase : input.kind === 'journal' ? store.projectPhase(project.db) : null;
  const id = store.insertMemo(
    project.db,
    {
      guid,
      kind: input.kind,
      target: input.target ?? null,
      title: input.title ?? '',
      content: input.content,
      text: input.text,
      phase,
    },
    project.stamp(),
  );
  if (input.links?.length) store.setMemoLinks(project.db, id, [...new Set(input.links)]);
  log.summary(`Wrote a ${KIND_NOUN[input.kind]}${input.title ? ` "${input.title}"` : ''}`);
  return requireMemo(project, guid);
}

export function updateMemoCommand(project: Project, input: OpParsed<'memos.update'>, log: CommandScope): Memo {
  const memo = requireMemo(project, input.memo);
  if (input.content !== undefined) checkContent(input.content);
  if (input.links) checkLinks(project, input.links);
  if (input.phase !== undefined) store.setMemoPhase(project.db, memo.id, input.phase);
  if (input.links !== undefined) store.setMemoLinks(project.db, memo.id, [...new Set(input.links)]);
  store.updateMemo(
    project.db,
    memo.id,
    { title: input.title ?? memo.title, content: input.content ?? memo.content, text: input.text ?? memo.text },
    project.stamp().at,
  );
  log.summary(`Edited a ${KIND_NOUN[memo.kind]}${memo.title ? ` "${memo.title}"` : ''}`);
  return requireMemo(project, memo.guid);
}

export function deleteMemoCommand(project: Project, input: OpParsed<'memos.delete'>, log: CommandScope): { removed: string } {
  const memo = requireMemo(project, input.memo);
  store.deleteMemo(project.db, memo.id);
  log.summary(`Deleted a ${KIND_NOUN[memo.kind]}${memo.title ? ` "${memo.title}"` : ''}`);
  return { removed: memo.guid };
}

export function listMemos(project: Project, input: OpParsed<'memos.list'>): Memo[] {
  if (input.document !== undefined) {
    const doc = requireDocument(project, input.document);
    return store.memosOfDocument(project.db, doc.id, doc.guid);
  }
  return store.listMemos(project.db, {
    ...(input.target !== undefined ? { target: input.target } : {}),
    ...(input.kind !== undefined ? { kind: input.kind } : {}),
    ...(input.phase !== undefined ? { phase: input.phase } : {}),
    ...(input.link !== undefined ? { link: input.link } : {}),
  });
}
