/**
 * Multi-selection in the code tree as file managers do it: a click selects one row, Ctrl/Cmd+click
 * adds or removes a row, Shift+click selects the rows between the anchor and the clicked one. Pure.
 */
export interface TreeSelection {
  selected: ReadonlySet<string>;
  /** Where a Shift+click range starts. */
  anchor: string | null;
}

export const EMPTY_SELECTION: TreeSelection = { selected: new Set(), anchor: null };

export function clickSelection(
  current: TreeSelection,
  order: readonly string[],
  clicked: string,
  keys: { toggle: boolean; range: boolean },
): TreeSelection {
  if (keys.range && current.anchor && order.includes(current.anchor)) {
    const a = order.indexOf(current.anchor);
    const b = order.indexOf(clicked);
    const [from, to] = a <= b ? [a, b] : [b, a];
    return { selected: new Set(order.slice(from, to + 1)), anchor: current.anchor };
  }
  if (keys.toggle) {
    const selected = new Set(current.selected);
    if (selected.has(clicked)) selected.delete(clicked);
    else selected.add(clicked);
    return { selected, anchor: clicked };
  }
  return { selected: new Set([clicked]), anchor: clicked };
}

/** The selection without codes that are gone (merged, deleted, undone). */
export function pruneSelection(current: TreeSelection, exists: (guid: string) => boolean): TreeSelection {
  const kept = [...current.selected].filter(exists);
  if (kept.length === current.selected.size && (!current.anchor || exists(current.anchor))) return current;
  return { selected: new Set(kept), anchor: current.anchor && exists(current.anchor) ? current.anchor : null };
}
