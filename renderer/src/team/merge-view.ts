/**
 * How the merge preview words a `MergePlan`: conflict kinds and fields as a researcher says them,
 * one side's value of a field, the summary line, and whether every conflict has a choice.
 */
import type { MergeCodeField, MergeCodeVersion, MergeConflict, MergeConflictKind, MergePlan, MergeResolution } from '../../../shared/merge';

export const CONFLICT_TITLES: Readonly<Record<MergeConflictKind, string>> = {
  rename: 'Renamed differently',
  redefine: 'Redefined differently',
  move: 'Moved to different places',
  merge: 'Merged on one side, changed on the other',
  split: 'Split on one side, changed on the other',
  delete: 'Deleted on one side, changed on the other',
};

export const FIELD_LABELS: Readonly<Record<MergeCodeField, string>> = {
  name: 'Name',
  parent: 'Under',
  definition: 'Definition',
  inclusion: 'Include when',
  exclusion: 'Exclude when',
  example: 'Example',
  centralConcept: 'Central concept',
};

/** The fields an edited resolution may write (a rename or redefinition); `parent` never. */
export type EditableField = Exclude<MergeCodeField, 'parent'>;

export function editableFields(conflict: MergeConflict): EditableField[] {
  return conflict.fields.filter((f): f is EditableField => f !== 'parent');
}

/** One side's value of a field, as text; the top of the tree for an empty parent path. */
export function fieldValue(version: MergeCodeVersion, field: MergeCodeField): string {
  if (field === 'parent') return version.parentPath.length > 0 ? version.parentPath.join(' › ') : 'Top level';
  return version[field];
}

/** The fields a conflict shows: those it is about, or the name when it lists none (a deletion). */
export function shownFields(conflict: MergeConflict): MergeCodeField[] {
  return conflict.fields.length > 0 ? conflict.fields : ['name'];
}

export type Choice = MergeResolution['take'];

/** Resolutions for the contract from the researcher's choices; conflicts without a choice are left out. */
export function resolutionsOf(
  conflicts: readonly MergeConflict[],
  choices: Readonly<Record<string, Choice>>,
  edits: Readonly<Record<string, Partial<Record<EditableField, string>>>>,
): Record<string, MergeResolution> {
  const out: Record<string, MergeResolution> = {};
  for (const c of conflicts) {
    const take = choices[c.id];
    if (!take) continue;
    out[c.id] = take === 'edited' ? { take, fields: { ...edits[c.id] } } : { take };
  }
  return out;
}

/** Conflicts still without a usable choice (an edited name may not be empty). */
export function unsettled(
  conflicts: readonly MergeConflict[],
  choices: Readonly<Record<string, Choice>>,
  edits: Readonly<Record<string, Partial<Record<EditableField, string>>>>,
): MergeConflict[] {
  return conflicts.filter((c) => {
    const take = choices[c.id];
    if (!take) return true;
    return take === 'edited' && edits[c.id]?.name !== undefined && edits[c.id]!.name!.trim() === '';
  });
}

const n = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString()} ${count === 1 ? one : many}`;

/** "3 documents, 412 codings, 2 codes and 5 memos to add": what the merge brings, in a line. */
export function planSummary(plan: MergePlan): string {
  const c = plan.counts;
  const parts = [
    c.documentsAdded ? n(c.documentsAdded, 'document') : '',
    c.codingsAdded ? n(c.codingsAdded, 'coding') : '',
    c.codesAdded ? n(c.codesAdded, 'code') : '',
    c.memosAdded ? n(c.memosAdded, 'memo') : '',
    c.participantsAdded ? n(c.participantsAdded, 'participant') : '',
  ].filter(Boolean);
  if (parts.length === 0) return 'Nothing new to add';
  const last = parts.pop()!;
  return `${parts.length ? `${parts.join(', ')} and ${last}` : last} to add`;
}

/** Nothing to add, nothing to change, nothing to settle: merging would write nothing. */
export function planIsEmpty(plan: MergePlan): boolean {
  const c = plan.counts;
  const codeChanges = plan.codes.renamed.length + plan.codes.moved.length + plan.codes.changed.filter((x) => x.side === 'theirs').length + plan.codes.removed.length;
  return c.documentsAdded + c.codesAdded + c.codingsAdded + c.memosAdded + c.participantsAdded + c.conflicts + codeChanges === 0;
}
