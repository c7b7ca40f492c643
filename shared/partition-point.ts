/**
 * The first index in [0, n) at which `before` turns false, for a `before` that is true for a
 * prefix of the range and false after it (a sorted array searched by binary search): the
 * position of a lower bound, the first span ending after an offset, and the like. O(log n).
 */
export function partitionPoint(n: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
