/**
 * The units of agreement for one code in one document, as a distribution: for each pattern of
 * which coders coded a unit (a bit mask, bit i = coder i), how many units have that pattern.
 * Every statistic of binary coded / not-coded ratings without missing values is a function of
 * this distribution, so a document of 200,000 characters is a handful of weighted units, never
 * 200,000 array entries: the character unit sweeps over span boundaries, the turn unit looks up
 * the turns a coding touches, the segment unit matches each segment against the others' segments.
 *
 * Pure: spans in, distributions out. Positions are UTF-16 offsets, half-open [start, end).
 */
import { partitionPoint } from '../../../../shared/partition-point.js';

export interface Span {
  start: number;
  end: number;
}

/** Units (or their weight) by coder pattern. Masks are unsigned 32-bit numbers. */
export type Distribution = Map<number, number>;

export function addTo(dist: Distribution, mask: number, weight: number): void {
  if (weight <= 0) return;
  dist.set(mask, (dist.get(mask) ?? 0) + weight);
}

export function mergeInto(target: Distribution, source: Distribution): void {
  for (const [mask, weight] of source) addTo(target, mask, weight);
}

export function bit(coder: number): number {
  return (1 << coder) >>> 0;
}

export function fullMask(coders: number): number {
  return coders >= 32 ? 0xffffffff : (1 << coders) - 1;
}

export function totalWeight(dist: Distribution): number {
  let sum = 0;
  for (const w of dist.values()) sum += w;
  return sum;
}

/** A coder's spans as disjoint runs: characters a coder coded twice still count once. */
export function unionOf(spans: readonly Span[]): Span[] {
  let ordered = true;
  for (let i = 1; i < spans.length && ordered; i++) ordered = spans[i - 1]!.start <= spans[i]!.start;
  const sorted = ordered ? spans : [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/**
 * Character unit: every character of a document of `length` characters, by which coders coded
 * it. A sweep over the coders' run boundaries; between two boundaries the pattern is constant, so
 * a run is one weighted unit. An event is `position * 64 + coder` in a typed array, so one native
 * numeric sort orders them (positions stay far below 2^47).
 */
export function characterDistribution(byCoder: readonly (readonly Span[])[], length: number): Distribution {
  const runs = byCoder.map(unionOf);
  let count = 0;
  for (const r of runs) count += 2 * r.length;
  const events = new Float64Array(count);
  let e = 0;
  runs.forEach((list, coder) => {
    for (const run of list) {
      const start = Math.min(run.start, length);
      const end = Math.min(run.end, length);
      if (end <= start) continue;
      events[e++] = start * 64 + coder;
      events[e++] = end * 64 + coder;
    }
  });
  const sorted = events.subarray(0, e).sort();
  const dist: Distribution = new Map();
  let mask = 0;
  let at = 0;
  for (const event of sorted) {
    const coder = event % 64;
    const pos = (event - coder) / 64;
    addTo(dist, mask, pos - at);
    mask = (mask ^ bit(coder)) >>> 0;
    at = pos;
  }
  addTo(dist, mask, length - at);
  return dist;
}

/**
 * The turns of one document in text order. Turns do not overlap, so their ends increase with
 * their starts and a binary search on the ends finds the first turn a span reaches into.
 */
export interface TurnIndex {
  starts: Int32Array;
  ends: Int32Array;
}

export function turnIndex(turns: readonly Span[]): TurnIndex {
  return { starts: Int32Array.from(turns, (t) => t.start), ends: Int32Array.from(turns, (t) => t.end) };
}

/** Indexes of the turns a span overlaps by at least one character. */
export function turnsOverlapping(index: TurnIndex, span: Span): number[] {
  const lo = partitionPoint(index.ends.length, (i) => index.ends[i]! <= span.start);
  const out: number[] = [];
  for (let t = lo; t < index.starts.length && index.starts[t]! < span.end; t++) {
    if (index.ends[t]! > index.starts[t]! && index.ends[t]! > span.start) out.push(t);
  }
  return out;
}

/** Turn unit: for each turn touched by a coding, which coders touched it. */
export function turnMasks(byCoder: readonly (readonly Span[])[], index: TurnIndex): Map<number, number> {
  const masks = new Map<number, number>();
  byCoder.forEach((spans, coder) => {
    for (const span of spans) {
      for (const t of turnsOverlapping(index, span)) masks.set(t, ((masks.get(t) ?? 0) | bit(coder)) >>> 0);
    }
  });
  return masks;
}

/** Turn unit: every turn of the document, coded by a coder when any of it is. */
export function turnDistribution(byCoder: readonly (readonly Span[])[], index: TurnIndex): Distribution {
  const masks = turnMasks(byCoder, index);
  const dist: Distribution = new Map();
  for (const mask of masks.values()) addTo(dist, mask, 1);
  addTo(dist, 0, index.starts.length - masks.size);
  return dist;
}

/**
 * Segment unit, the rule: two segments are the same segment when the characters both cover are
 * at least `threshold` percent of the characters either covers (intersection over union). Exact
 * in integers, so 90 % of a 10-character union is 9 characters, not 8.999….
 */
export function sameSegment(a: Span, b: Span, threshold: number): boolean {
  const shared = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  if (shared <= 0) return false;
  const union = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return shared * 100 >= threshold * union;
}

/**
 * Whether `spans` (sorted by start) hold a segment that is the same as `s`. A match must start
 * before `s` ends, and its union with `s` is at most |s| * 100 / threshold characters long, so it
 * cannot start earlier than that before `s` ends: the scan goes back from the first span starting
 * at or after `s.end` only that far.
 */
export function hasSameSegment(s: Span, spans: readonly Span[], threshold: number): boolean {
  const lo = partitionPoint(spans.length, (i) => spans[i]!.start < s.end);
  const earliest = s.end - ((s.end - s.start) * 100) / threshold;
  for (let k = lo - 1; k >= 0 && spans[k]!.start >= earliest; k--) {
    if (sameSegment(s, spans[k]!, threshold)) return true;
  }
  return false;
}

/**
 * Segment unit, MAXQDA's way: each segment any coder coded is a unit. Its coder coded it; each
 * other coder "coded it too" when they coded a segment that is the same by `sameSegment`. A pair
 * of matching segments is thus two agreeing units, one from each side, as in MAXQDA's table.
 * `byCoder` spans must be sorted by start.
 */
export function segmentMask(coder: number, s: Span, byCoder: readonly (readonly Span[])[], threshold: number): number {
  let mask = bit(coder);
  byCoder.forEach((others, other) => {
    if (other !== coder && hasSameSegment(s, others, threshold)) mask = (mask | bit(other)) >>> 0;
  });
  return mask;
}

export function segmentDistribution(byCoder: readonly (readonly Span[])[], threshold: number): Distribution {
  const dist: Distribution = new Map();
  byCoder.forEach((spans, coder) => {
    for (const s of spans) addTo(dist, segmentMask(coder, s, byCoder, threshold), 1);
  });
  return dist;
}

/**
 * Stretches of overlapping spans (any coder): where a disagreement is shown. Spans touching end
 * to start belong to separate stretches.
 */
export function clustersOf(byCoder: readonly (readonly Span[])[]): Span[] {
  const all = byCoder.flat().sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of all) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}
