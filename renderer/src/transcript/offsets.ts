/**
 * Pure position arithmetic of the transcript view. Every position is a UTF-16 code-unit offset
 * into the document's text, half-open [start, end) — the unit of DOM selections, so no
 * conversion is ever needed, only sums of text lengths.
 */
import { partitionPoint } from '../../../shared/partition-point';

export interface Span {
  start: number;
  end: number;
}

/** A point inside one turn: the turn's index and an offset into that turn's text. */
export interface TurnPoint {
  turn: number;
  offset: number;
}

/** The document offset of a point, clamped to its turn. */
export function documentOffset(turns: readonly Span[], point: TurnPoint): number {
  const turn = turns[point.turn];
  if (!turn) throw new RangeError(`No turn ${point.turn}.`);
  return Math.min(turn.end, Math.max(turn.start, turn.start + point.offset));
}

/**
 * The document span between two points of a selection, in either order (a selection made
 * upwards has its anchor after its focus). A selection across turns is one span from the first
 * point to the last. Null when the selection is empty.
 */
export function spanBetween(turns: readonly Span[], a: TurnPoint, b: TurnPoint): Span | null {
  const x = documentOffset(turns, a);
  const y = documentOffset(turns, b);
  if (x === y) return null;
  return { start: Math.min(x, y), end: Math.max(x, y) };
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * What a researcher meant by a selection: without the white space dragged along at either end,
 * and never cutting a character outside the Basic Multilingual Plane in half. Null when nothing
 * but white space is left.
 */
export function tidySpan(text: string, span: Span): Span | null {
  let { start, end } = span;
  start = Math.max(0, Math.min(start, text.length));
  end = Math.max(start, Math.min(end, text.length));
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (start > 0 && start < text.length && isLowSurrogate(text.charCodeAt(start)) && isHighSurrogate(text.charCodeAt(start - 1))) start--;
  if (end > 0 && end < text.length && isLowSurrogate(text.charCodeAt(end)) && isHighSurrogate(text.charCodeAt(end - 1))) end++;
  return end > start ? { start, end } : null;
}

/** Index of the turn containing `offset` (the last turn starting at or before it), or -1. */
export function turnAt(turns: readonly Span[], offset: number): number {
  return partitionPoint(turns.length, (i) => turns[i]!.start <= offset) - 1;
}

/**
 * Moves the ends of a span off the gaps between turns (labels and blank lines, not shown in the
 * view): a start at or after the end of a turn moves to the next turn's start, an end beyond a
 * turn's end back to that end. Null when nothing of a turn is left.
 */
export function snapToTurns(turns: readonly Span[], span: Span): Span | null {
  if (turns.length === 0) return null;
  let { start, end } = span;
  const si = turnAt(turns, start);
  if (si === -1) start = turns[0]!.start;
  else if (start >= turns[si]!.end) {
    const next = turns[si + 1];
    if (!next) return null;
    start = next.start;
  }
  const ei = turnAt(turns, end - 1);
  if (ei === -1) return null;
  end = Math.min(end, turns[ei]!.end);
  return end > start ? { start, end } : null;
}

/** A span clipped to one turn, in offsets local to that turn's text. */
export interface TurnSlice {
  turn: number;
  start: number;
  end: number;
}

/**
 * The non-empty pieces of `span` inside each turn it overlaps, in turn-local offsets. Text
 * between turns (speaker labels, blank lines) is not shown in the view, so it has no piece.
 */
export function sliceByTurns(turns: readonly Span[], span: Span): TurnSlice[] {
  const slices: TurnSlice[] = [];
  for (let i = Math.max(0, turnAt(turns, span.start)); i < turns.length; i++) {
    const t = turns[i]!;
    if (t.start >= span.end) break;
    const start = Math.max(span.start, t.start);
    const end = Math.min(span.end, t.end);
    if (end > start) slices.push({ turn: i, start: start - t.start, end: end - t.start });
  }
  return slices;
}

/** A run of a turn's text with the ids of the codings covering all of it. */
export interface Segment {
  start: number;
  end: number;
  ids: string[];
}

/**
 * Cuts a turn's text [0, length) at every boundary of the codings over it, so each piece is
 * covered by one fixed set of codings: the marks of a freshly opened document. Ids keep the order
 * of `codings` within each piece.
 */
export function segmentTurn(length: number, codings: readonly { id: string; start: number; end: number }[]): Segment[] {
  const cuts = new Set<number>([0, length]);
  for (const c of codings) {
    cuts.add(Math.max(0, Math.min(length, c.start)));
    cuts.add(Math.max(0, Math.min(length, c.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    const ids = codings.filter((c) => c.start <= start && c.end >= end).map((c) => c.id);
    const last = segments[segments.length - 1];
    if (last && sameIds(last.ids, ids)) last.end = end;
    else segments.push({ start, end, ids });
  }
  return segments;
}

export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((id) => set.has(id));
}

/** What changed between two lists of codings of a document, by guid. */
export function diffCodings<C extends { guid: string; start?: number; end?: number }>(
  before: ReadonlyMap<string, C>,
  after: readonly C[],
): { added: C[]; removed: C[] } {
  // A coding whose boundaries moved (codings.resize keeps its guid) is taken off and put back.
  const moved = (a: C, b: C) => a.start !== b.start || a.end !== b.end;
  const next = new Map(after.map((c) => [c.guid, c]));
  const added = after.filter((c) => {
    const old = before.get(c.guid);
    return !old || moved(old, c);
  });
  const removed = [...before.values()].filter((c) => {
    const now = next.get(c.guid);
    return !now || moved(c, now);
  });
  return { added, removed };
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}\p{M}'’_-]/u.test(c);

/**
 * A span widened to whole words: a start inside a word moves back to the word's start, an end
 * inside a word forward to its end (the "snap selection to whole words" option). Punctuation and
 * white space are word boundaries; apostrophes and hyphens belong to the word.
 */
export function snapToWords(text: string, span: Span): Span {
  let start = Math.max(0, Math.min(span.start, text.length));
  let end = Math.max(start, Math.min(span.end, text.length));
  if (end === start) return { start, end };
  while (start > 0 && isWordChar(text[start - 1]) && isWordChar(text[start])) start--;
  while (end < text.length && isWordChar(text[end - 1]) && isWordChar(text[end])) end++;
  return { start, end };
}

/** The span of a word-wise nudge: `edge` moves by one word in `direction`, never past the other edge. */
export function nudgeSpan(text: string, span: Span, edge: 'start' | 'end', direction: -1 | 1): Span | null {
  const move = (at: number): number => {
    let i = at;
    if (direction > 0) {
      while (i < text.length && !isWordChar(text[i])) i++;
      while (i < text.length && isWordChar(text[i])) i++;
    } else {
      while (i > 0 && !isWordChar(text[i - 1])) i--;
      while (i > 0 && isWordChar(text[i - 1])) i--;
    }
    return i;
  };
  const next = edge === 'start' ? { start: move(span.start), end: span.end } : { start: span.start, end: move(span.end) };
  if (edge === 'start' && direction > 0) {
    // A start moved forward lands on the next word's start, not on the space after this word.
    while (next.start < next.end && !isWordChar(text[next.start])) next.start++;
  }
  if (edge === 'end' && direction < 0) {
    while (next.end > next.start && !isWordChar(text[next.end - 1])) next.end--;
  }
  return next.end > next.start ? next : null;
}

/** How the keyboard changes a selection (Shift+arrows; see `keyboardSelect`). */
export type SelectKey = 'end-forward' | 'end-back' | 'start-forward' | 'start-back' | 'to-turn-end';

/**
 * Selecting with the keyboard in the read-only transcript, a word at a time. Without a selection
 * the first key selects the first word of `turn` (the current turn); `end-*` and `start-*` move
 * one edge by a word, `to-turn-end` takes the end to the end of the turn it is in (or of the next
 * turn when it is there already). Null when the key would leave nothing selected.
 */
export function keyboardSelect(text: string, turns: readonly Span[], turn: Span, current: Span | null, key: SelectKey): Span | null {
  if (!current) {
    let start = turn.start;
    while (start < turn.end && !isWordChar(text[start])) start++;
    return nudgeSpan(text, { start, end: start }, 'end', 1) ?? null;
  }
  switch (key) {
    case 'end-forward':
      return nudgeSpan(text, current, 'end', 1);
    case 'end-back':
      return nudgeSpan(text, current, 'end', -1);
    case 'start-forward':
      return nudgeSpan(text, current, 'start', 1);
    case 'start-back':
      return nudgeSpan(text, current, 'start', -1);
    case 'to-turn-end': {
      const at = turns.findIndex((t) => t.end >= current.end && t.start < current.end);
      const here = turns[at];
      const target = here && here.end > current.end ? here : turns[at + 1];
      return target ? { start: current.start, end: target.end } : current;
    }
  }
}

/** The name of an in-vivo code: the selected words, white space collapsed, at most ~60 characters. */
export function inVivoName(words: string): string {
  const name = words.replace(/\s+/g, ' ').trim().replace(/^["“'‘]+|["”'’]+$/g, '');
  if (name.length <= 60) return name;
  const cut = name.slice(0, 60);
  const space = /\s/.test(name[60]!) ? cut.length : cut.lastIndexOf(' ');
  return `${(space > 30 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
