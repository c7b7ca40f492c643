import type { OpParsed } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { CodeMergeResult } from '../../../shared/types.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import * as tree from '../store/codebook.js';
import * as store from '../store/codes.js';
import { requireCode } from './service.js';

const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');

/**
 * What the target's text field becomes: its own text, then each merged code's text under a line
 * naming the code it came from. Nothing a researcher wrote is lost, and where each part came from
 * stays visible until they rewrite it.
 */
function combined(own: string, merged: { name: string; text: string }[]): string {
  const parts = [own.trim(), ...merged.filter((m) => m.text.trim()).map((m) => `From "${m.name}":\n${m.text.trim()}`)];
  return parts.filter(Boolean).join('\n\n');
}

/**
 * Merges codes into one, set-based: a handful of statements whatever the number of codings (see
 * store/codebook.ts). The codings become the target's (the same coder's coding of the same
 * passage once), subcodes move under it, memos, journal links and map links follow, the merged
 * codes' definitions, criteria and examples are appended to the target's, and the merged codes
 * are deleted. One undo step brings everything back.
 */
export function mergeCodesCommand(project: Project, input: OpParsed<'codes.merge'>, log: CommandScope): CodeMergeResult {
  const { db } = project;
  const into = requireCode(project, input.into);
  const mergedRows = [...new Set(input.codes)].map((g) => requireCode(project, g));
  if (mergedRows.some((m) => m.id === into.id)) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, `"${into.name}" cannot be merged into itself.`);
  }
  const merged = mergedRows.map((m) => m.id);
  const above = tree.ancestorIds(db, into.id);
  const containing = mergedRows.find((m) => above.includes(m.id));
  if (containing) {
    throw new ChorusError(
      ErrorCode.INVALID_INPUT,
      `"${into.name}" is below "${containing.name}": merge the other way round, or move "${into.name}" out first.`,
    );
  }
  // Subcodes that would sit side by side under the target with the same name.
  const seen = new Map<string, string>();
  for (const name of [...tree.childNames(db, [into.id], merged), ...tree.childNames(db, merged, merged)]) {
    const key = name.toLocaleLowerCase();
    if (seen.has(key)) {
      throw new ChorusError(
        ErrorCode.CONFLICT,
        `Two subcodes named "${name}" would end up under "${into.name}": rename or merge one of them first.`,
      );
    }
    seen.set(key, name);
  }

  const target = store.codeFields(db, into.id);
  const sources = merged.map((id) => store.codeFields(db, id));

  const duplicatesCollapsed = tree.collapseDuplicateCodings(db, into.id, merged);
  const codingsMoved = tree.repointCodings(db, merged, into.id);
  const childrenMoved = tree.adoptChildren(db, merged, into.id);
  tree.retargetMemos(db, merged, { guid: into.guid, kind: into.kind });
  tree.retargetCodeLinks(db, merged, into.id);

  for (const [key, column] of [
    ['definition', 'definition'],
    ['inclusion', 'inclusion'],
    ['exclusion', 'exclusion'],
    ['example', 'example'],
    ['central_concept', 'central_concept'],
  ] as const) {
    const text = combined(target[key], sources.map((s) => ({ name: s.name, text: s[key] })));
    store.updateCodeField(db, into.id, column, text);
  }
  if (target.example_coding_guid === null) {
    // The first merged code's exemplar, as it is after duplicates were collapsed.
    const adopted = merged.map((id) => store.codeFields(db, id).example_coding_guid).find((g) => g !== null);
    if (adopted) store.setExampleCoding(db, into.id, adopted);
  }
  tree.deleteCodes(db, merged);
  tree.clearStaleExamples(db);

  const names = sources.map((s) => s.name);
  const noun = into.kind === 'theme' ? 'theme' : 'code';
  log.summary(`Merged ${quoted(names)} into ${noun} "${into.name}"`);
  log.about(into.guid, 'merged-from', `merged in ${quoted(names)} (${codingsMoved} coding${codingsMoved === 1 ? '' : 's'})`);
  for (const s of sources) log.about(s.guid, 'merged-into', `merged into "${into.name}"`);
  return {
    code: store.codeById(db, into.id),
    merged: merged.length,
    codingsMoved,
    duplicatesCollapsed,
    childrenMoved,
  };
}
