import type { OpParsed } from '../../../shared/api.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import * as tree from '../store/codebook.js';
import { requireCode } from './service.js';

/**
 * Deletes a code with every code below it, their codings, the memos on the codes and on their
 * codings, and journal links to them (map links go with the codes). Undo brings all of it back.
 */
export function deleteCodeCommand(
  project: Project,
  input: OpParsed<'codes.delete'>,
  log: CommandScope,
): { removed: string; codes: number; codings: number } {
  const { db } = project;
  const code = requireCode(project, input.code);
  const subtree = tree.subtreeIds(db, code.id);
  const codings = tree.codingCountOf(db, subtree);
  tree.deleteMemosOfCodes(db, subtree);
  tree.deleteCodes(db, [code.id]);
  tree.clearStaleExamples(db);
  const noun = code.kind === 'theme' ? 'theme' : 'code';
  const below = subtree.length - 1;
  log.summary(
    `Deleted ${noun} "${code.name}"` +
      (below ? ` with ${below} code${below === 1 ? '' : 's'} below it` : '') +
      ` and ${codings} coding${codings === 1 ? '' : 's'}`,
  );
  log.about(code.guid, 'deleted', `deleted with ${codings} coding${codings === 1 ? '' : 's'}`);
  return { removed: code.guid, codes: subtree.length, codings };
}
