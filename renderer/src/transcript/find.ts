/**
 * Pure parts of the transcript's filters and find box: which turns a filter keeps, and where a
 * query occurs in the turns' text (case-insensitive; text between turns is not shown, so hits
 * never span a turn boundary).
 */
import { sliceByTurns, type Span } from './offsets';

export interface TurnFilterData extends Span {
  speaker: { label: string; role: string } | null;
}

export type SpeakerFilter = { kind: 'all' } | { kind: 'speaker'; label: string } | { kind: 'role'; role: string };

/** Indices of the turns shown under a speaker/role filter and an optional code filter (the spans of that code's codings). */
export function visibleTurns(turns: readonly TurnFilterData[], who: SpeakerFilter, coded: readonly Span[] | null): Set<number> | null {
  if (who.kind === 'all' && !coded) return null;
  let keep = new Set<number>();
  turns.forEach((t, i) => {
    if (who.kind === 'all' || (who.kind === 'speaker' ? t.speaker?.label === who.label : t.speaker?.role === who.role)) keep.add(i);
  });
  if (coded) {
    const withCode = new Set<number>();
    for (const c of coded) for (const s of sliceByTurns(turns, c)) withCode.add(s.turn);
    keep = new Set([...keep].filter((i) => withCode.has(i)));
  }
  return keep;
}

/** Every occurrence of `query` inside the turns, in reading order, at most `limit`. */
export function findInTurns(text: string, turns: readonly Span[], query: string, limit = 2000): Span[] {
  const q = query.toLocaleLowerCase();
  if (!q.trim()) return [];
  const hits: Span[] = [];
  for (const t of turns) {
    const said = text.slice(t.start, t.end).toLocaleLowerCase();
    // Lower-casing may change lengths for a few scripts; then offsets would drift, so skip those turns' mapping.
    if (said.length !== t.end - t.start) continue;
    for (let at = said.indexOf(q); at !== -1; at = said.indexOf(q, at + Math.max(1, q.length))) {
      hits.push({ start: t.start + at, end: t.start + at + q.length });
      if (hits.length >= limit) return hits;
    }
  }
  return hits;
}
