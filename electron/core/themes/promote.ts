import type { OpParsed } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Code } from '../../../shared/types.js';
import { placeCode, placeName } from '../codes/move.js';
import { requireCode } from '../codes/service.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import * as tree from '../store/codebook.js';
import * as store from '../store/codes.js';

/**
 * A code becomes a candidate theme, keeping its codings, subcodes, memos and place. A theme sits
 * at the top or under another theme, so a code under a plain code moves to the top level (the log
 * says so) — unless a top-level code already has its name.
 */
export function promoteCodeCommand(project: Project, input: OpParsed<'codes.promote'>, log: CommandScope): Code {
  const { db } = project;
  const code = requireCode(project, input.code);
  if (code.kind === 'theme') throw new ChorusError(ErrorCode.INVALID_INPUT, `"${code.name}" is already a theme.`);
  const parentKind = code.parent_id === null ? null : store.codeFields(db, code.parent_id).kind;
  tree.setKind(db, code.id, 'theme', 'candidate');
  let moved = '';
  if (parentKind === 'code') {
    const clash = store.siblingNamed(db, null, code.name);
    if (clash) {
      throw new ChorusError(
        ErrorCode.CONFLICT,
        `"${code.name}" would move to the top level as a theme, where "${clash.name}" already is: rename one first.`,
      );
    }
    moved = placeName(project, code.parent_id);
    placeCode(project, code, null);
    tree.clearStaleExamples(db);
  }
  log.summary(`Promoted code "${code.name}" to a theme${moved ? ` (moved from ${moved} to the top level)` : ''}`);
  log.about(code.guid, 'promoted', `promoted to a candidate theme${moved ? `, moved from ${moved} to the top level` : ''}`);
  return store.codeById(db, code.id);
}
