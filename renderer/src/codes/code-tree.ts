/** The codebook as a tree, and the quick-code box's ranking of codes by a typed name. Pure. */
import type { Code } from '../../../shared/types';

export interface CodeTreeRow {
  code: Code;
  depth: number;
  hasChildren: boolean;
}

/**
 * Codes in tree order (depth first, siblings by `position`), each with its depth. A code whose
 * parent is missing is shown at the top level rather than lost.
 */
export function codeTree(codes: readonly Code[]): CodeTreeRow[] {
  const known = new Set(codes.map((c) => c.guid));
  const children = new Map<string | null, Code[]>();
  for (const c of codes) {
    const parent = c.parentGuid && known.has(c.parentGuid) ? c.parentGuid : null;
    const list = children.get(parent) ?? [];
    list.push(c);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  const rows: CodeTreeRow[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const code of children.get(parent) ?? []) {
      if (seen.has(code.guid)) continue;
      seen.add(code.guid);
      rows.push({ code, depth, hasChildren: (children.get(code.guid)?.length ?? 0) > 0 });
      walk(code.guid, depth + 1);
    }
  };
  walk(null, 0);
  return rows;
}

/** How code names compare for the "does this code exist" question (as the core compares them). */
export function normalizeName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Codes whose name contains `query` (case-insensitive), best first: the exact name, then names
 * starting with it, then a word starting with it, then anywhere; ties keep tree order. An empty
 * query lists every code in tree order.
 */
export function rankCodes<T extends { code: Code }>(rows: readonly T[], query: string): T[] {
  const q = normalizeName(query);
  if (!q) return [...rows];
  const scored: { row: T; score: number; at: number; order: number }[] = [];
  rows.forEach((row, order) => {
    const name = normalizeName(row.code.name);
    const at = name.indexOf(q);
    if (at === -1) return;
    const score = name === q ? 0 : at === 0 ? 1 : /[\s\-/(]/.test(name[at - 1] ?? '') ? 2 : 3;
    scored.push({ row, score, at, order });
  });
  scored.sort((a, b) => a.score - b.score || a.at - b.at || a.order - b.order);
  return scored.map((s) => s.row);
}

/** The path of a code in the tree, for telling apart codes with the same name under different parents. */
export function codePath(codes: ReadonlyMap<string, Code>, code: Code): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  let parent = code.parentGuid ? codes.get(code.parentGuid) : undefined;
  while (parent && !seen.has(parent.guid)) {
    seen.add(parent.guid);
    path.unshift(parent.name);
    parent = parent.parentGuid ? codes.get(parent.parentGuid) : undefined;
  }
  return path;
}
