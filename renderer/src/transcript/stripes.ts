/**
 * Pure layout of the coding stripes in the transcript's margin: each coding's vertical extent
 * (measured from its marks' DOM rects) goes into the first column free at its top, so
 * overlapping codings sit side by side and stay distinguishable.
 */
export interface StripeExtent {
  guid: string;
  top: number;
  bottom: number;
}

export interface PlacedStripe extends StripeExtent {
  column: number;
}

/** Greedy interval colouring, in reading order; `gap` pixels keep touching stripes apart. */
export function layoutStripes(extents: Iterable<StripeExtent>, gap = 2): PlacedStripe[] {
  const sorted = [...extents].sort((a, b) => a.top - b.top || b.bottom - a.bottom || (a.guid < b.guid ? -1 : 1));
  const columnEnds: number[] = [];
  return sorted.map((e) => {
    let column = columnEnds.findIndex((end) => end + gap <= e.top);
    if (column === -1) column = columnEnds.length;
    columnEnds[column] = e.bottom;
    return { ...e, column };
  });
}
