/**
 * Where a node of the thematic map goes when the researcher has not placed it yet. Themes form a
 * tree read top-down: a theme sits above its subthemes, each subtree taking as many columns as it
 * has leaves. A theme's own codes are stacked in one column of their own beside its subthemes, so
 * a theme with thirty codes is tall rather than thirty columns wide. Codes in no theme get a last
 * column at the top level ("not yet in a theme").
 */

export interface LayoutItem {
  id: string;
  parentId: string | null;
  kind: 'code' | 'theme';
}

export interface Point {
  x: number;
  y: number;
}

export const COLUMN_WIDTH = 230;
export const ROW_HEIGHT = 120;
/** Codes stacked in a column sit closer together than tree levels. */
export const CODE_ROW_HEIGHT = 56;

interface Slot {
  /** A subtheme (with its own subtree) or a column of codes. */
  theme?: string;
  codes?: string[];
}

/**
 * Tree positions for every item (parents must be among the items or absent: an item whose parent
 * is not on the map counts as top-level). Order among siblings follows the input order.
 */
export function layoutTree(items: readonly LayoutItem[]): Map<string, Point> {
  const ids = new Set(items.map((i) => i.id));
  const children = new Map<string | null, LayoutItem[]>();
  for (const item of items) {
    const parent = item.parentId !== null && ids.has(item.parentId) ? item.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(item);
    children.set(parent, list);
  }

  const slotsOf = (parent: string | null): Slot[] => {
    const kids = children.get(parent) ?? [];
    const slots: Slot[] = kids.filter((k) => k.kind === 'theme').map((k) => ({ theme: k.id }));
    const codes = kids.filter((k) => k.kind === 'code').map((k) => k.id);
    if (codes.length > 0) slots.push({ codes });
    return slots;
  };

  const widths = new Map<string, number>();
  const widthOf = (theme: string): number => {
    const known = widths.get(theme);
    if (known !== undefined) return known;
    const w = Math.max(1, slotsOf(theme).reduce((sum, s) => sum + (s.theme ? widthOf(s.theme) : 1), 0));
    widths.set(theme, w);
    return w;
  };

  const out = new Map<string, Point>();
  const place = (slots: Slot[], left: number, depth: number): void => {
    let column = left;
    for (const slot of slots) {
      if (slot.theme) {
        const w = widthOf(slot.theme);
        out.set(slot.theme, { x: (column + (w - 1) / 2) * COLUMN_WIDTH, y: depth * ROW_HEIGHT });
        place(slotsOf(slot.theme), column, depth + 1);
        column += w;
      } else {
        // Codes under a code (subcodes) are not map items; a code column is a plain stack.
        slot.codes!.forEach((id, i) => out.set(id, { x: column * COLUMN_WIDTH, y: depth * ROW_HEIGHT + i * CODE_ROW_HEIGHT }));
        column += 1;
      }
    }
  };
  place(slotsOf(null), 0, 0);
  return out;
}
