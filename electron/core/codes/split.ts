import type { OpParsed } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Code } from '../../../shared/types.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import * as tree from '../store/codebook.js';
import * as store from '../store/codes.js';
import { createCode, requireCode } from './service.js';

/**
 * Splits off some codings of a code into a new code right after it, among the same siblings and of
 * the same kind (a theme splits into two candidate themes). The codings keep their guids, spans,
 * coders and memos. If the code's example was one of them, it becomes the new code's example.
 */
export function splitCodeCommand(
  project: Project,
  input: OpParsed<'codes.split'>,
  log: CommandScope,
): { code: Code; moved: number } {
  const { db } = project;
  const code = requireCode(project, input.code);
  const picked = [...new Set(input.codings)];
  if (tree.countCodingsOf(db, code.id, picked) !== picked.length) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, `Only codings of "${code.name}" itself can be split off it.`);
  }
  const before = store.codeFields(db, code.id);
  const created = createCode(project, { name: input.name, color: input.color, parent: null, parentId: code.parent_id });
  if (code.kind === 'theme') tree.setKind(db, created.id, 'theme', 'candidate');
  const siblings = tree.childIds(db, code.parent_id).filter((id) => id !== created.id);
  siblings.splice(siblings.indexOf(code.id) + 1, 0, created.id);
  tree.setOrder(db, code.parent_id, siblings);

  const moved = tree.moveCodings(db, picked, created.id);
  if (before.example_coding_guid !== null && picked.includes(before.example_coding_guid)) {
    store.setExampleCoding(db, code.id, null);
    store.setExampleCoding(db, created.id, before.example_coding_guid);
  }
  tree.clearStaleExamples(db);

  const noun = code.kind === 'theme' ? 'theme' : 'code';
  log.summary(`Split ${moved} coding${moved === 1 ? '' : 's'} of ${noun} "${code.name}" into "${input.name}"`);
  log.about(code.guid, 'split-into', `split ${moved} coding${moved === 1 ? '' : 's'} off into "${input.name}"`);
  log.about(created.guid, 'split-from', `created from ${moved} coding${moved === 1 ? '' : 's'} of "${code.name}"`);
  return { code: store.codeById(db, created.id), moved };
}
