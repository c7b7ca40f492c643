/**
 * Small pure pieces of the comparing tabs: table sorting, scopes as option values, the stop-word
 * box, and what a matrix cell shows in counts, row % or column %.
 */
import { TextScope } from '../../../../shared/analysis-compare';
import type { Matrix, MatrixCell } from '../../../../shared/analysis-compare';
import type { Code } from '../../../../shared/types';

export type SortDir = 'asc' | 'desc';
export interface SortState<K extends string> {
  key: K;
  dir: SortDir;
}

/**
 * Rows sorted by one column, ties kept in their incoming order (the core's order: most frequent
 * first). Text sorts by the reader's locale, so "Zoë" and "Åsa" land where a reader expects.
 */
export function sortRows<R, K extends string>(rows: readonly R[], sort: SortState<K>, value: (row: R, key: K) => string | number): R[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, v: value(row, sort.key) }))
    .sort((a, b) => {
      const c = typeof a.v === 'string' || typeof b.v === 'string' ? String(a.v).localeCompare(String(b.v)) : a.v - b.v;
      return c !== 0 ? sign * c : a.index - b.index;
    })
    .map((x) => x.row);
}

/** Clicking a column's header: sorts by it (text A→Z, numbers largest first), a second click reverses. */
export function nextSort<K extends string>(current: SortState<K>, key: K, textKeys: readonly K[]): SortState<K> {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: textKeys.includes(key) ? 'asc' : 'desc' };
}

/** A scope as a `<select>` value and back; anything that is not a valid scope is the project. */
export function scopeValue(scope: TextScope): string {
  return JSON.stringify(scope);
}

export function parseScopeValue(value: string): TextScope {
  try {
    const parsed = TextScope.safeParse(JSON.parse(value));
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON: falls through to the whole project.
  }
  return { kind: 'project' };
}

/** "um, yeah  like\nokay" → ["um", "yeah", "like", "okay"]: commas, spaces or lines separate. */
export function parseStopWords(text: string): string[] {
  const seen = new Set<string>();
  for (const w of text.split(/[\s,;]+/)) {
    const word = w.trim().toLowerCase();
    if (word) seen.add(word);
  }
  return [...seen];
}

/** Codes and themes in tree order with their depth, for pickers that indent. */
export function codeTree(codes: readonly Code[]): { code: Code; depth: number }[] {
  const children = new Map<string | null, Code[]>();
  for (const c of codes) {
    const list = children.get(c.parentGuid) ?? [];
    list.push(c);
    children.set(c.parentGuid, list);
  }
  const known = new Set(codes.map((c) => c.guid));
  const out: { code: Code; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const c of (children.get(parent) ?? []).sort((a, b) => a.position - b.position)) {
      out.push({ code: c, depth });
      walk(c.guid, depth + 1);
    }
  };
  walk(null, 0);
  // A code whose parent is not in the list (should not happen) is still offered, at the top.
  for (const c of codes) if (c.parentGuid !== null && !known.has(c.parentGuid)) out.push({ code: c, depth: 0 });
  return out;
}

export type MatrixShow = 'counts' | 'row' | 'col';

function shown(cell: MatrixCell, show: MatrixShow): number | null {
  return show === 'counts' ? cell.value : show === 'row' ? cell.rowPercent : cell.colPercent;
}

/**
 * The largest value shown in the matrix: the shading runs from 0 to it, so column percentages of
 * a few per cent are told apart as well as counts are.
 */
export function matrixMax(matrix: Matrix, show: MatrixShow): number {
  let max = 0;
  for (const r of matrix.rows) for (const c of r.cells) max = Math.max(max, shown(c, show) ?? 0);
  return max;
}

/** What a cell shows ("3", "42.9", "–" for a percentage of nothing) and its shade (0–1 of `max`). */
export function cellDisplay(cell: MatrixCell, show: MatrixShow, max: number): { label: string; t: number } {
  const v = shown(cell, show);
  if (v === null) return { label: '–', t: 0 };
  const label = show === 'counts' ? String(v) : v === 0 ? '0' : v >= 99.95 ? '100' : v.toFixed(1);
  return { label, t: max > 0 ? v / max : 0 };
}
