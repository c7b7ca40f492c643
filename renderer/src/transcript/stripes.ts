/**
 * Pure layout of the coding stripes in the transcript's margin.
 *
 * A coding's column is decided from text offsets alone, so it never depends on layout: codings
 * in reading order take the first column free at their start, so overlapping codings sit side by
 * side and stay distinguishable, and a stripe keeps its column from turn to turn. Each turn then
 * draws the parts of the stripes that cross it (measured from its own marks), so only the turns
 * on screen are ever measured.
 */
export interface StripeCoding {
  guid: string;
  start: number;
  end: number;
}

/**
 * Greedy interval colouring in reading order. Codings less than `gap` characters apart (about a
 * line of text) may share a line on screen, so they get different columns too.
 */
export function stripeColumns(codings: readonly StripeCoding[], gap = 100): Map<string, number> {
  const sorted = [...codings].sort((a, b) => a.start - b.start || b.end - a.end || (a.guid < b.guid ? -1 : 1));
  const columnEnds: number[] = [];
  const columns = new Map<string, number>();
  for (const c of sorted) {
    let column = columnEnds.findIndex((end) => end + gap <= c.start);
    if (column === -1) column = columnEnds.length;
    columnEnds[column] = c.end;
    columns.set(c.guid, column);
  }
  return columns;
}

/** Where a coding's marks lie within one turn block, in pixels from the block's top. */
export interface MarkExtent {
  top: number;
  bottom: number;
}

export interface StripePart {
  guid: string;
  column: number;
  top: number;
  bottom: number;
  /** The part in the coding's first turn: the one that stands for the whole stripe. */
  first: boolean;
}

/**
 * The stripe parts of one turn block. A coding that goes on past the turn reaches to the next
 * block (`height + gapBelow`), and one that began in an earlier turn starts at the block's top,
 * so a stripe over several turns reads as one line. `startsHere` holds the codings whose first
 * turn this is.
 */
export function turnStripeParts(
  turn: StripeCoding,
  codings: readonly StripeCoding[],
  startsHere: ReadonlySet<string>,
  extents: ReadonlyMap<string, MarkExtent>,
  columns: ReadonlyMap<string, number>,
  height: number,
  gapBelow: number,
): StripePart[] {
  const parts: StripePart[] = [];
  for (const c of codings) {
    const extent = extents.get(c.guid);
    if (!extent) continue;
    const first = startsHere.has(c.guid);
    parts.push({
      guid: c.guid,
      column: columns.get(c.guid) ?? 0,
      top: first ? extent.top : 0,
      bottom: c.end > turn.end ? height + gapBelow : extent.bottom,
      first,
    });
  }
  return parts;
}

export interface StripeGroup {
  /** The group's key (a coder's place in the list of coders). */
  group: number;
  /** Its first column and how many columns it takes. */
  offset: number;
  width: number;
}

/**
 * Stripe columns in groups side by side (one group per coder), each group laid out on its own by
 * `stripeColumns`, in ascending group order, with `gapColumns` empty columns between groups.
 * Groups without codings take no room. Like `stripeColumns`, it depends on text offsets only,
 * so every turn agrees on where a group starts.
 */
export function groupedStripeColumns(
  codings: readonly StripeCoding[],
  groupOf: (guid: string) => number,
  gapColumns = 1,
): { columns: Map<string, number>; groups: StripeGroup[] } {
  const members = new Map<number, StripeCoding[]>();
  for (const c of codings) {
    const g = groupOf(c.guid);
    let list = members.get(g);
    if (!list) members.set(g, (list = []));
    list.push(c);
  }
  const columns = new Map<string, number>();
  const groups: StripeGroup[] = [];
  let offset = 0;
  for (const g of [...members.keys()].sort((a, b) => a - b)) {
    const own = stripeColumns(members.get(g)!);
    let width = 0;
    for (const [guid, column] of own) {
      columns.set(guid, offset + column);
      width = Math.max(width, column + 1);
    }
    groups.push({ group: g, offset, width });
    offset += width + gapColumns;
  }
  return { columns, groups };
}
