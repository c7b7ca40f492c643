/**
 * A coded passage as it is quoted in a manuscript: only the words of the person quoted, whole
 * words only, on one line, and no longer than the limit.
 */

const WORD_UNIT = /[\p{L}\p{N}\p{M}'’]/u;

function isWordUnit(ch: string | undefined): boolean {
  return ch !== undefined && WORD_UNIT.test(ch);
}

/** How a span of the document is written: as stored, or as it may leave the app (privacy/disclosure.ts). */
export type Slice = (start: number, end: number) => string;

/**
 * `text[start, end)` without the partial words a loose selection leaves at its edges: a start or
 * end inside a word moves to the nearest word boundary inward. `[lo, hi)` is the turn the piece
 * lies in, whose edges are word boundaries.
 */
function wholeWords(text: string, start: number, end: number, slice: Slice): string {
  let a = start;
  let b = end;
  if (isWordUnit(text[a - 1]) && isWordUnit(text[a])) while (a < b && isWordUnit(text[a])) a++;
  if (isWordUnit(text[b - 1]) && isWordUnit(text[b])) while (b > a && isWordUnit(text[b - 1])) b--;
  return slice(a, b)
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:.)\]}—–-]+/u, '')
    .trim();
}

/** Shortens to at most `max` characters at a word boundary, marking the cut with an ellipsis. */
export function shorten(quote: string, max: number): string {
  if (quote.length <= max) return quote;
  let cut = quote.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  if (space > max / 2) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,;:—–-]+$/u, '')}…`;
}

/**
 * The quote for a coding: the pieces of `[start, end)` inside the given turns (those of the
 * speaker quoted), joined with an ellipsis where other speech or a speaker label lies between.
 */
export function quoteText(
  text: string,
  start: number,
  end: number,
  turns: readonly { start: number; end: number }[],
  max: number,
  slice: Slice = (a, b) => text.slice(a, b),
): string {
  const pieces = turns
    .map((t) => wholeWords(text, Math.max(start, t.start), Math.min(end, t.end), slice))
    .filter((p) => p.length > 0);
  if (pieces.length === 0) return '';
  // A passage that starts or stops mid-sentence is marked as an excerpt, as quotes in papers are.
  let quote = shorten(pieces.join(' … '), max);
  if (/^\p{Ll}/u.test(quote)) quote = `…${quote}`;
  if (/[\p{L}\p{N}]$/u.test(quote)) quote = `${quote}…`;
  return quote;
}
