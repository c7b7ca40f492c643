import type { OpParsed } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Code } from '../../../shared/types.js';
import { placeName } from '../codes/move.js';
import { assertNameFree, createCode, requireCode } from '../codes/service.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import * as tree from '../store/codebook.js';
import * as store from '../store/codes.js';

/**
 * Groups codes (or themes, which then become its subthemes) under a new candidate theme. The
 * theme takes the place of the first code given when that place can hold a theme (the top level
 * or a theme), else it goes to the top level; the codes follow in the order given.
 */
export function wrapCodesCommand(project: Project, input: OpParsed<'themes.wrap'>, log: CommandScope): Code {
  const { db } = project;
  const codes = [...new Set(input.codes)].map((g) => requireCode(project, g));
  for (const c of codes) {
    const above = tree.ancestorIds(db, c.id);
    const outer = codes.find((o) => above.includes(o.id));
    if (outer) {
      throw new ChorusError(ErrorCode.INVALID_INPUT, `"${c.name}" is already below "${outer.name}"; choose one of them.`);
    }
  }
  const names = new Set<string>();
  for (const c of codes) {
    const key = c.name.toLocaleLowerCase();
    if (names.has(key)) throw new ChorusError(ErrorCode.CONFLICT, `Two of the codes are named "${c.name}": rename one first.`);
    names.add(key);
  }
  const first = codes[0]!;
  const firstParentKind = first.parent_id === null ? 'theme' : store.codeFields(db, first.parent_id).kind;
  const parentId = firstParentKind === 'theme' ? first.parent_id : null;
  assertNameFree(project, parentId, input.name);

  const theme = createCode(project, { name: input.name, color: input.color, parentId });
  tree.setKind(db, theme.id, 'theme', 'candidate');
  // The theme takes the first code's place among its siblings (the end, when it came from elsewhere).
  const wrapped = new Set(codes.map((c) => c.id));
  const siblings: number[] = [];
  for (const id of tree.childIds(db, parentId)) {
    if (id === first.id) siblings.push(theme.id);
    if (id !== theme.id && !wrapped.has(id)) siblings.push(id);
  }
  if (!siblings.includes(theme.id)) siblings.push(theme.id);
  for (const p of new Set(codes.map((c) => c.parent_id))) {
    if (p !== parentId) tree.setOrder(db, p, tree.childIds(db, p).filter((id) => !wrapped.has(id)));
  }
  tree.setOrder(db, parentId, siblings);
  tree.setOrder(db, theme.id, codes.map((c) => c.id));
  tree.clearStaleExamples(db);

  const list = codes.map((c) => `"${c.name}"`).join(', ');
  log.summary(`Grouped ${list} into the new theme "${input.name}"`);
  log.about(theme.guid, 'created', `created as the theme "${input.name}" around ${list}`);
  for (const c of codes) log.about(c.guid, 'wrapped', `grouped into the theme "${input.name}" (from ${placeName(project, c.parent_id)})`);
  return store.codeById(db, theme.id);
}
