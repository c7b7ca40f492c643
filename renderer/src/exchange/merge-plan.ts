/**
 * How a codebook merge plan reads in its preview: one row per code of the file, saying what
 * happens to it and which of the project's codes it matched, and how (same GUID: the same code,
 * perhaps renamed by a co-coder; same name: a code that only looks alike).
 */
import type { CodebookMergeItem, CodebookMergePlan } from '../../../shared/types';

export type MergeAction = CodebookMergeItem['action'];

export const ACTION_LABEL: Record<MergeAction, string> = { add: 'Add', rename: 'Rename', keep: 'Keep' };

export interface MergeRow {
  guid: string;
  action: MergeAction;
  /** The code as the file names it. */
  name: string;
  /** Where it sits in the file: its ancestors, outermost first. */
  parents: string;
  /** The project's code it matched, or '' for a code to add. */
  matched: string;
  /** "same GUID" / "same name"; '' for a code to add. */
  how: string;
  note: string;
}

export function mergeRows(plan: CodebookMergePlan): MergeRow[] {
  return plan.items.map((item) => ({
    guid: item.guid,
    action: item.action,
    name: item.name,
    parents: item.path.join(' › '),
    matched: item.match?.name ?? '',
    how: item.match ? (item.match.by === 'guid' ? 'same GUID' : 'same name') : '',
    note: item.note ?? '',
  }));
}

/** Rows that change the project (adds and renames) first, each group in the file's order. */
export function changesFirst(rows: readonly MergeRow[]): MergeRow[] {
  return [...rows.filter((r) => r.action !== 'keep'), ...rows.filter((r) => r.action === 'keep')];
}

/** "2 codes to add, 1 to rename, 30 kept as they are" */
export function planSummary(counts: CodebookMergePlan['counts']): string {
  const codes = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'code' : 'codes'}`;
  const parts = [`${codes(counts.add)} to add`, `${counts.rename.toLocaleString()} to rename`, `${counts.keep.toLocaleString()} kept as they are`];
  return parts.join(', ');
}

export function planChangesNothing(plan: CodebookMergePlan): boolean {
  return plan.counts.add === 0 && plan.counts.rename === 0;
}
