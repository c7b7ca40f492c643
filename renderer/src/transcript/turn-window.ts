/**
 * Which turns of the transcript are materialised: the pure decisions of the view's window.
 *
 * Why a window: a two-hour group is ~550 turns and ~6,000 highlights. Rendered whole, that is
 * over 20,000 elements, a few hundred MB of renderer memory and a style recalculation over all of
 * them whenever a highlight is added. So only the turns on or near the screen carry their text and
 * marks ("live"); every other turn is a placeholder block of the height it had (or is estimated
 * to have), which keeps the scroll bar, the scroll position and the turn's DOM element in place.
 * A turn's text is always built from the document's text and its turn span, so the offsets a
 * selection maps to are the same whether a turn was live from the start or materialised later.
 *
 * Nothing here touches the DOM: the view (./TurnWindow.ts) observes where the turns are and asks
 * these functions what to do.
 */
import { turnAt, type Span } from './offsets';

export interface WindowPolicy {
  /**
   * A transcript with less text than this (UTF-16 units) is kept whole: it is smaller than the
   * window of a long one, so a window would only cost estimates and placeholder flashes. About
   * 4,000 words, a half-hour group or a long interview.
   */
  wholeBelow: number;
  /** Placeholders closer than this many screen heights above or below the screen are materialised. */
  near: number;
  /**
   * Live turns further than this many screen heights away are released. Larger than `near`, so a
   * reader scrolling back and forth over a boundary does not build and drop the same turn each time.
   */
  keep: number;
  /**
   * Turns near the screen but off it are materialised at most this many per task, nearest first.
   * A jump (the scroll bar dragged, Page Down, a fast wheel) then pays in its frame only for the
   * turns on the screen, and the turns around them follow in short tasks between frames, not in
   * one task three screens long.
   */
  batch: number;
  /**
   * Turns on the screen that are still placeholders (after a jump) are materialised at most this
   * many per task, top first. The tasks follow one another before the next frame when there is
   * time, so the screen usually fills in one frame all the same; a screen of short turns no longer
   * makes one long task.
   */
  screenBatch: number;
  /**
   * Live turns gone far are released at most this many per task, farthest first: after a fast
   * scroll through a long transcript the turns left behind are many, and releasing them all in
   * one update was a long task of its own.
   */
  releaseBatch: number;
}

export const WINDOW_POLICY: WindowPolicy = { wholeBelow: 24_000, near: 1, keep: 2.5, batch: 6, screenBatch: 3, releaseBatch: 8 };

/** Whether a transcript of `textLength` units is shown whole, without a window. */
export function keepsWhole(textLength: number, policy: WindowPolicy = WINDOW_POLICY): boolean {
  return textLength < policy.wholeBelow;
}

/** What the height of a turn block is made of, in CSS pixels. */
export interface TextMetrics {
  /** Characters of the transcript's font that fit a line of a turn body (after word wrapping). */
  charsPerLine: number;
  lineHeight: number;
  /** Block height beyond the text lines for a turn with a speaker (header, padding, border). */
  headed: number;
  /** The same for a turn without a speaker (front matter: no header). */
  bare: number;
}

/**
 * Until the view is laid out: the column is set to ~75 characters (styles.css), the transcript's
 * 15.5px text at line-height 1.7, a header line of 12.5px at 1.6 plus 1px, 6px padding above and below.
 */
export const DEFAULT_METRICS: TextMetrics = { charsPerLine: 72, lineHeight: 26.35, headed: 33, bare: 12 };

/**
 * The estimated height of a turn block whose text is `text`: each line of the text (the text
 * keeps its line breaks, `white-space: pre-wrap`) wraps into ceil(length / charsPerLine) lines.
 */
export function estimateTurnHeight(text: string, headed: boolean, m: TextMetrics): number {
  let lines = 0;
  let from = 0;
  for (;;) {
    const to = text.indexOf('\n', from);
    const length = (to === -1 ? text.length : to) - from;
    lines += Math.max(1, Math.ceil(length / Math.max(1, m.charsPerLine)));
    if (to === -1) break;
    from = to + 1;
  }
  // An empty turn still has an (empty) line in its body.
  return Math.round((headed ? m.headed : m.bare) + lines * m.lineHeight);
}

/** How many turns from the top fill `height` pixels (at least one, when there is a turn). */
export function leadingTurns(heights: readonly number[], height: number): number {
  let sum = 0;
  for (let i = 0; i < heights.length; i++) {
    sum += heights[i]!;
    if (sum >= height) return i + 1;
  }
  return heights.length;
}

/**
 * The turns to materialise so that `span` can be selected and shown: the turns it overlaps
 * (a span in the gap between two turns takes the next one), widened on both sides by turns
 * filling `around` pixels, so that the screen scrolled to it is full of text, not placeholders.
 * Inclusive indexes; null when there are no turns.
 */
export function turnsToReveal(turns: readonly Span[], heights: readonly number[], span: Span, around: number): { first: number; last: number } | null {
  if (turns.length === 0) return null;
  let first = Math.max(0, turnAt(turns, span.start));
  if (turns[first]!.end <= span.start && first + 1 < turns.length) first++;
  let last = Math.max(first, turnAt(turns, Math.max(span.start, span.end - 1)));
  for (let sum = 0; first > 0 && sum < around; ) sum += heights[--first] ?? 0;
  for (let sum = 0; last + 1 < turns.length && sum < around; ) sum += heights[++last] ?? 0;
  return { first, last };
}

/** The indexes of the turns that `spans` overlap (or touch, for an empty span). */
export function turnsOf(turns: readonly Span[], spans: readonly Span[]): Set<number> {
  const out = new Set<number>();
  for (const s of spans) {
    const first = Math.max(0, turnAt(turns, s.start));
    const last = Math.max(first, turnAt(turns, Math.max(s.start, s.end - 1)));
    for (let i = first; i <= last && i < turns.length; i++) out.add(i);
  }
  return out;
}

export interface WindowState {
  /** Turns that carry their text and marks now. */
  live: ReadonlySet<number>;
  /** Turns within `near` screens of the screen. */
  near: ReadonlySet<number>;
  /** Turns within `keep` screens of the screen (a superset of `near` when measured together). */
  kept: ReadonlySet<number>;
  /** Turns that must stay live wherever they are: a pending selection, a passage shown as found, a drag under way. */
  pinned: ReadonlySet<number>;
}

/**
 * What to change: placeholders near the screen are materialised; live turns that are neither
 * within `keep` screens nor pinned are released. Both lists ascending.
 */
export function planWindow(s: WindowState): { materialise: number[]; release: number[] } {
  const materialise = [...s.near].filter((i) => !s.live.has(i)).sort((a, b) => a - b);
  const release = [...s.live].filter((i) => !s.kept.has(i) && !s.near.has(i) && !s.pinned.has(i)).sort((a, b) => a - b);
  return { materialise, release };
}

/** How many turns turn `i` is from the turns on the screen (0 on it); null while none is known. */
function distanceFromScreen(onScreen: ReadonlySet<number>): ((i: number) => number) | null {
  if (onScreen.size === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const i of onScreen) {
    lo = Math.min(lo, i);
    hi = Math.max(hi, i);
  }
  return (i) => (i < lo ? lo - i : i > hi ? i - hi : 0);
}

/**
 * The turns of `materialise` (ascending) to materialise in this task: those on the screen first,
 * at most `screenBatch` of them from the top; when none is, the `batch` nearest to the screen (or
 * the first `batch`, before the screen is known). `more` says whether turns are left for a later task.
 */
export function nextBatch(
  materialise: readonly number[],
  onScreen: ReadonlySet<number>,
  { batch, screenBatch }: Pick<WindowPolicy, 'batch' | 'screenBatch'>,
): { now: number[]; more: boolean } {
  const visible = materialise.filter((i) => onScreen.has(i));
  if (visible.length > 0) {
    const now = visible.slice(0, Math.max(1, screenBatch));
    return { now, more: now.length < materialise.length };
  }
  // Before the screen is known: in order.
  const distance = distanceFromScreen(onScreen) ?? ((i: number) => i);
  const nearest = [...materialise].sort((a, b) => distance(a) - distance(b) || a - b).slice(0, Math.max(1, batch));
  return { now: nearest.sort((a, b) => a - b), more: nearest.length < materialise.length };
}

/**
 * The turns of `release` (ascending) to release in this task: at most `releaseBatch`, those
 * farthest from the screen first (a reader turning back finds the nearest still live). `more` says
 * whether turns are left for a later task.
 */
export function nextRelease(
  release: readonly number[],
  onScreen: ReadonlySet<number>,
  { releaseBatch }: Pick<WindowPolicy, 'releaseBatch'>,
): { now: number[]; more: boolean } {
  const count = Math.max(1, releaseBatch);
  if (release.length <= count) return { now: [...release], more: false };
  // Before the screen is known: in order.
  const distance = distanceFromScreen(onScreen) ?? (() => 0);
  const farthest = [...release].sort((a, b) => distance(b) - distance(a) || a - b).slice(0, count);
  return { now: farthest.sort((a, b) => a - b), more: true };
}

/**
 * The text metrics from one laid-out turn body: its width, line height and the average width of a
 * character of the transcript's text in its font. Word wrapping leaves on average half a word's
 * room at the end of each line, hence the allowance.
 */
export function metricsFrom(bodyWidth: number, lineHeight: number, charWidth: number, headed: number, bare: number): TextMetrics {
  const raw = bodyWidth / Math.max(1, charWidth);
  return { charsPerLine: Math.max(8, Math.floor(raw - 3.5)), lineHeight, headed, bare };
}
