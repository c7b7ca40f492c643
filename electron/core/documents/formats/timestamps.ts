/**
 * Timestamps as transcripts write them: `0:03`, `12:34`, `01:02:03`, `00:00:01.5`, `00:00:01,250`
 * (SRT). Every pattern here is bounded, so matching stays linear on any input.
 */

/** h:mm:ss or m:ss, with an optional fraction. */
export const TS = String.raw`\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?`;
/** With hours only (h:mm:ss): safe to take at the start of a line without brackets. */
export const TS_HMS = String.raw`\d{1,3}:\d{2}:\d{2}(?:[.,]\d{1,3})?`;
/** A timestamp or a range of two in brackets or parentheses: `[00:01:23]`, `(1:02 - 1:10)`. */
export const TS_BOXED = String.raw`[\[(]${TS}(?:[ \t]{0,3}(?:-{1,2}>?|–|—|to)[ \t]{0,3}${TS})?[\])]`;

const FIRST_TS = new RegExp(TS);
const ALL_TS = new RegExp(TS, 'g');

/** Seconds from the start of the recording, to the millisecond: `1:02:03.5` → 3723.5. */
export function parseTimestamp(stamp: string): number {
  let total = 0;
  let part = 0;
  let fraction = 0;
  let scale = 1;
  let inFraction = false;
  for (let i = 0; i < stamp.length; i++) {
    const c = stamp.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (inFraction) {
        fraction = fraction * 10 + (c - 48);
        scale *= 10;
      } else part = part * 10 + (c - 48);
    } else if (c === 58 /* : */) {
      total = total * 60 + part;
      part = 0;
    } else if (c === 46 || c === 44 /* . , */) inFraction = true;
  }
  return Math.round((total * 60 + part + fraction / scale) * 1000) / 1000;
}

/** The seconds of the first timestamp in `s`, or null. */
export function firstTimestamp(s: string | undefined): number | null {
  if (!s) return null;
  const m = FIRST_TS.exec(s);
  return m ? parseTimestamp(m[0]) : null;
}

/** Start and end of a cell like `00:01:02 - 00:01:09` (end null when there is one stamp). */
export function timeRange(s: string): [number | null, number | null] {
  const found = s.slice(0, 200).match(ALL_TS) ?? [];
  return [found[0] ? parseTimestamp(found[0]) : null, found[1] ? parseTimestamp(found[1]) : null];
}

/** `[hh:mm:ss]` as Chorus writes it into the text it generates (whole seconds). */
export function formatTimestamp(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(h)}:${two(m)}:${two(s)}`;
}
