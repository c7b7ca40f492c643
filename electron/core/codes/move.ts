import type { OpParsed } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Code } from '../../../shared/types.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import * as tree from '../store/codebook.js';
import * as store from '../store/codes.js';
import { assertNameFree, requireCode } from './service.js';

/** Where a code lives, in words: `under "Barriers"` or `at the top`. */
export function placeName(project: Project, parentId: number | null): string {
  return parentId === null ? 'the top level' : `"${store.codeFields(project.db, parentId).name}"`;
}

/**
 * Whether `parentId` may hold `code`: not the code itself or one of its descendants (the tree
 * would become a loop), and a theme sits at the top or under another theme, never under a code.
 */
export function assertCanHold(project: Project, code: store.CodeRow, parentId: number | null): void {
  if (parentId === null) return;
  if (parentId === code.id || tree.ancestorIds(project.db, parentId).includes(code.id)) {
    throw new ChorusError(
      ErrorCode.INVALID_INPUT,
      `"${code.name}" cannot go under ${parentId === code.id ? 'itself' : `${placeName(project, parentId)}, which is one of its own subcodes`}.`,
    );
  }
  const parent = store.codeFields(project.db, parentId);
  if (code.kind === 'theme' && parent.kind !== 'theme') {
    throw new ChorusError(
      ErrorCode.INVALID_INPUT,
      `The theme "${code.name}" can sit at the top or under another theme, not under the code "${parent.name}".`,
    );
  }
}

/**
 * Puts a code under `parentId` at `position` among its new siblings (clamped; undefined: last),
 * renumbering both the old and the new siblings so positions stay 0, 1, 2…
 */
export function placeCode(project: Project, code: store.CodeRow, parentId: number | null, position?: number): void {
  const { db } = project;
  const siblings = tree.childIds(db, parentId).filter((id) => id !== code.id);
  const at = Math.min(position ?? siblings.length, siblings.length);
  siblings.splice(at, 0, code.id);
  if (code.parent_id !== parentId) tree.setOrder(db, code.parent_id, tree.childIds(db, code.parent_id).filter((id) => id !== code.id));
  tree.setOrder(db, parentId, siblings);
}

export function moveCodeCommand(project: Project, input: OpParsed<'codes.move'>, log: CommandScope): Code {
  const code = requireCode(project, input.code);
  const parentId = input.parent === null ? null : requireCode(project, input.parent).id;
  assertCanHold(project, code, parentId);
  if (parentId !== code.parent_id) assertNameFree(project, parentId, code.name, code.id);
  placeCode(project, code, parentId, input.position);
  tree.clearStaleExamples(project.db);
  const noun = code.kind === 'theme' ? 'theme' : 'code';
  if (parentId === code.parent_id) {
    log.summary(`Reordered ${noun} "${code.name}"`);
    log.about(code.guid, 'moved', `reordered within ${placeName(project, parentId)}`);
  } else {
    const from = placeName(project, code.parent_id);
    const to = placeName(project, parentId);
    log.summary(`Moved ${noun} "${code.name}" from ${from} to ${to}`);
    log.about(code.guid, 'moved', `moved from ${from} to ${to}`);
  }
  return store.codeById(project.db, code.id);
}
