/**
 * The Codebook view's rows: the code tree with counts, folded where the researcher folded it, and
 * narrowed by a name filter. Pure.
 */
import type { Code, CodeStats } from '../../../shared/types';
import { codeTree, normalizeName } from '../codes/code-tree';

export interface CodebookRow {
  code: Code;
  depth: number;
  hasChildren: boolean;
  /** Its children are shown (always true while a filter is typed: matches must be visible). */
  expanded: boolean;
  stats: CodeStats | undefined;
  /** The row's own name matches the filter (ancestors of a match are shown, but dimmed). */
  match: boolean;
}

/**
 * The rows to show, in tree order. With a filter, a code is shown when its name contains the
 * filter or one of its descendants' does, so every match is seen in its place in the tree; folds
 * are ignored then. Without a filter, the children of a folded code are hidden.
 */
export function codebookRows(
  codes: readonly Code[],
  stats: readonly CodeStats[] | undefined,
  collapsed: ReadonlySet<string>,
  filter: string,
): CodebookRow[] {
  const tree = codeTree(codes);
  const byGuid = new Map((stats ?? []).map((s) => [s.guid, s]));
  const q = normalizeName(filter);
  if (!q) {
    const rows: CodebookRow[] = [];
    // Depth of the nearest folded ancestor still open on the walk; rows deeper than it are hidden.
    let hiddenBelow = Infinity;
    for (const { code, depth, hasChildren } of tree) {
      if (depth > hiddenBelow) continue;
      hiddenBelow = Infinity;
      const expanded = !collapsed.has(code.guid);
      if (hasChildren && !expanded) hiddenBelow = depth;
      rows.push({ code, depth, hasChildren, expanded, stats: byGuid.get(code.guid), match: true });
    }
    return rows;
  }
  const matches = tree.map((r) => normalizeName(r.code.name).includes(q));
  // A match keeps itself and its ancestors (the open path above it on the walk).
  const keep = new Array<boolean>(tree.length).fill(false);
  const path: number[] = [];
  tree.forEach(({ depth }, i) => {
    while (path.length && tree[path[path.length - 1]!]!.depth >= depth) path.pop();
    if (matches[i]) {
      keep[i] = true;
      // Once an ancestor is kept, those above it are too.
      for (let k = path.length - 1; k >= 0 && !keep[path[k]!]; k--) keep[path[k]!] = true;
    }
    path.push(i);
  });
  return tree.flatMap(({ code, depth, hasChildren }, i) =>
    keep[i] ? [{ code, depth, hasChildren, expanded: true, stats: byGuid.get(code.guid), match: matches[i]! }] : [],
  );
}

/** The guids of a code and everything below it. */
export function subtreeOf(codes: readonly Code[], guid: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const c of codes) {
    if (!c.parentGuid) continue;
    const list = children.get(c.parentGuid) ?? [];
    list.push(c.guid);
    children.set(c.parentGuid, list);
  }
  const out = new Set<string>();
  const stack = [guid];
  while (stack.length) {
    const g = stack.pop()!;
    if (out.has(g)) continue;
    out.add(g);
    stack.push(...(children.get(g) ?? []));
  }
  return out;
}

/**
 * Past this many codes the view opens with every code folded: the top level first, as a table of
 * contents (and 2,000 rows would take longer to show than a researcher should wait).
 */
export const FOLD_FROM = 500;

export function defaultFolds(codes: readonly Code[]): ReadonlySet<string> {
  if (codes.length <= FOLD_FROM) return new Set();
  return new Set(codes.flatMap((c) => (c.parentGuid ? [c.parentGuid] : [])));
}
