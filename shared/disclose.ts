/**
 * What may leave the app: the one place that decides how text is written when an export is
 * pseudonymised or carries redactions. The stored text never changes (DESIGN.md: text is
 * immutable after import); every export passes its text through here instead.
 *
 * - Redacted spans (document offsets, half-open, like codings) become `REDACTION_MARK`, whatever
 *   their length, so the length of what was blacked out does not leak either.
 * - Real names on the project's list become their pseudonyms: whole words only (a letter, digit or
 *   combining mark on either side means "not this name", so "Ann" is not found in "Annual" and
 *   "José" is one word), case-insensitively, longest name first ("Maria Lopez" before "Maria").
 *   An apostrophe is not a word character, so "Maria's" becomes "Participant 3's".
 * - Nothing else changes: text outside names and redactions is copied as it is.
 *
 * Pure (no Node, no DOM), so the core's exports and the renderer's preview use the same rules.
 */

/** What a redacted passage is written as in every text format (Word shades it black as well). */
export const REDACTION_MARK = '█████';

export interface NameRule {
  realName: string;
  pseudonym: string;
}

/** A span of the text, in UTF-16 units, half-open. */
export interface TextSpan {
  start: number;
  end: number;
}

const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}]';
const WORD_CHAR_RE = new RegExp(WORD_CHAR, 'u');

/** A name as the list keeps it: NFC, trimmed, inner whitespace collapsed. */
export function normaliseName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

function escapeChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/u.test(ch) ? `\\${ch}` : ch;
}

/**
 * The pattern of one name: literal, but any run of whitespace matches any other (a name broken
 * across a line), and the typewriter and typographic apostrophes and hyphens match each other.
 */
function namePattern(name: string): string {
  let out = '';
  for (const part of normaliseName(name).match(/\s+|[^\s]/gu) ?? []) {
    if (/^\s+$/u.test(part)) out += '\\s+';
    else if (part === "'" || part === '’') out += "['’]";
    else if (part === '-' || part === '‐' || part === '‑') out += '[-‐‑]';
    else out += escapeChar(part);
  }
  return out;
}

/** Whether a name has anything a word boundary can hold on to. */
export function isMatchableName(name: string): boolean {
  return WORD_CHAR_RE.test(name) && !name.includes(REDACTION_MARK);
}

/** Finds the listed real names in a text. Build once per export; reuse for every text. */
export class NameMatcher {
  private readonly regex: RegExp | null;
  private readonly pseudonyms: string[];

  constructor(rules: readonly NameRule[]) {
    const usable = rules
      .filter((r) => isMatchableName(r.realName))
      .map((r) => ({ name: normaliseName(r.realName), pseudonym: r.pseudonym }))
      // Longest first: an alternation tries its branches in order at each position.
      .sort((a, b) => b.name.length - a.name.length || (a.name < b.name ? -1 : 1));
    this.pseudonyms = usable.map((r) => r.pseudonym);
    this.regex = usable.length
      ? new RegExp(`(?<!${WORD_CHAR})(?:${usable.map((r) => `(${namePattern(r.name)})`).join('|')})(?!${WORD_CHAR})`, 'giu')
      : null;
  }

  get empty(): boolean {
    return this.regex === null;
  }

  /** Every listed name in `text`, left to right, not overlapping, with its pseudonym. */
  matches(text: string): { start: number; end: number; replacement: string }[] {
    if (!this.regex) return [];
    const out: { start: number; end: number; replacement: string }[] = [];
    this.regex.lastIndex = 0;
    for (const m of text.matchAll(this.regex)) {
      let group = 1;
      while (m[group] === undefined) group++;
      out.push({ start: m.index, end: m.index + m[0].length, replacement: this.pseudonyms[group - 1]! });
    }
    return out;
  }
}

/**
 * One piece of the output: `[from, to)` of the input became `text`. Pieces cover the input in
 * order; `changed` pieces are a pseudonym or a redaction mark, the others are copied as they are.
 */
export interface Piece {
  from: number;
  to: number;
  text: string;
  changed: boolean;
}

export interface Disclosed {
  text: string;
  pieces: Piece[];
  /** Where each piece starts in `text`. */
  outStarts: number[];
}

/** Sorted, clipped to `[0, length)`, overlapping and touching spans merged. */
export function mergeSpans(spans: readonly TextSpan[], length = Number.POSITIVE_INFINITY): TextSpan[] {
  const sorted = spans
    .map((s) => ({ start: Math.max(0, s.start), end: Math.min(length, s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TextSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

function assemble(pieces: Piece[]): Disclosed {
  const outStarts: number[] = [];
  let at = 0;
  for (const p of pieces) {
    outStarts.push(at);
    at += p.text.length;
  }
  return { text: pieces.map((p) => p.text).join(''), pieces, outStarts };
}

/**
 * The text as it may leave the app. `redactions` are spans of `text` (already relative to it).
 * A name is looked for only in what is visible between redactions: the part of a name left
 * beside a redaction is not that name.
 */
export function disclose(text: string, options: { names?: NameMatcher | null; redactions?: readonly TextSpan[] }): Disclosed {
  const names = options.names && !options.names.empty ? options.names : null;
  const pieces: Piece[] = [];
  const keep = (from: number, to: number) => {
    if (to > from) pieces.push({ from, to, text: text.slice(from, to), changed: false });
  };
  const visible = (from: number, to: number) => {
    if (!names) return keep(from, to);
    let at = from;
    for (const m of names.matches(text.slice(from, to))) {
      keep(at, from + m.start);
      pieces.push({ from: from + m.start, to: from + m.end, text: m.replacement, changed: true });
      at = from + m.end;
    }
    keep(at, to);
  };
  let at = 0;
  for (const r of mergeSpans(options.redactions ?? [], text.length)) {
    visible(at, r.start);
    pieces.push({ from: r.start, to: r.end, text: REDACTION_MARK, changed: true });
    at = r.end;
  }
  visible(at, text.length);
  return names ? guard(assemble(pieces), names) : assemble(pieces);
}

/**
 * A pseudonym put next to the words around it could, in principle, spell another listed name
 * ("Lopez" → "Smith" before "Jones", with "Smith Jones" on the list). The list's rules make that
 * unlikely; this makes it impossible: any listed name still found in the output is blacked out
 * with the pieces it touches, until none is left. Each round removes letters, so it ends.
 */
function guard(d: Disclosed, names: NameMatcher): Disclosed {
  for (;;) {
    const found = names.matches(d.text);
    if (found.length === 0) return d;
    // Split copied pieces at the match edges so only the pieces a match touches are merged.
    const cuts = new Set(found.flatMap((m) => [m.start, m.end]));
    const pieces: Piece[] = [];
    d.pieces.forEach((p, i) => {
      const out0 = d.outStarts[i]!;
      if (p.changed) return pieces.push(p);
      let from = 0;
      for (let k = 1; k < p.text.length; k++) {
        if (cuts.has(out0 + k)) {
          pieces.push({ from: p.from + from, to: p.from + k, text: p.text.slice(from, k), changed: false });
          from = k;
        }
      }
      pieces.push({ from: p.from + from, to: p.to, text: p.text.slice(from), changed: false });
    });
    const split = assemble(pieces);
    const merged: Piece[] = [];
    // The mark of the matches being merged, and the last match it covers.
    let run: { piece: Piece; lastMatch: number } | null = null;
    let m = 0;
    split.pieces.forEach((p, i) => {
      const start = split.outStarts[i]!;
      const end = start + p.text.length;
      while (m < found.length && found[m]!.end <= start) m++;
      if (m >= found.length || found[m]!.start >= end) {
        run = null;
        merged.push(p);
        return;
      }
      let last = m;
      while (last + 1 < found.length && found[last + 1]!.start < end) last++;
      if (run && m <= run.lastMatch) {
        run.piece.to = p.to;
        run.lastMatch = Math.max(run.lastMatch, last);
      } else {
        run = { piece: { from: p.from, to: p.to, text: REDACTION_MARK, changed: true }, lastMatch: last };
        merged.push(run.piece);
      }
    });
    d = assemble(merged);
  }
}

function pieceAt(d: Disclosed, pos: number, side: 'start' | 'end'): number {
  // The first piece with `to > pos` (start) or `to >= pos` (end).
  let lo = 0;
  let hi = d.pieces.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const to = d.pieces[mid]!.to;
    if (side === 'start' ? to > pos : to >= pos) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Where an input offset lands in the output, as the start of a span: inside a pseudonym or a
 * redaction it moves to the start of it, so a span never holds half a pseudonym.
 */
export function mapStart(d: Disclosed, pos: number): number {
  const i = pieceAt(d, pos, 'start');
  if (i >= d.pieces.length) return d.text.length;
  const p = d.pieces[i]!;
  if (pos <= p.from) return d.outStarts[i]!;
  return p.changed ? d.outStarts[i]! : d.outStarts[i]! + (pos - p.from);
}

/** As `mapStart`, for the end of a span: inside a pseudonym or a redaction it moves to its end. */
export function mapEnd(d: Disclosed, pos: number): number {
  if (pos <= 0) return 0;
  const i = pieceAt(d, pos, 'end');
  if (i >= d.pieces.length) return d.text.length;
  const p = d.pieces[i]!;
  const out0 = d.outStarts[i]!;
  return p.changed ? out0 + p.text.length : out0 + (pos - p.from);
}

/** The output of the input span `[start, end)`, grown to whole pseudonyms and redactions. */
export function disclosedSlice(d: Disclosed, start: number, end: number): string {
  return d.text.slice(mapStart(d, start), Math.max(mapStart(d, start), mapEnd(d, end)));
}

/**
 * Where verbatim copies of redacted passages lie in free text (a memo or a code's example that
 * quotes one): passages of fewer than 4 letters or digits are not looked for, since a short word
 * would black out every occurrence of it.
 */
export function phraseSpans(text: string, phrases: readonly RegExp[]): TextSpan[] {
  const out: TextSpan[] = [];
  for (const re of phrases) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** A pattern finding a redacted passage's words in other text, or null when it is too short. */
export function phrasePattern(passage: string): RegExp | null {
  const trimmed = passage.normalize('NFC').trim();
  if ((trimmed.match(/[\p{L}\p{N}]/gu) ?? []).length < 4) return null;
  const body = namePattern(trimmed);
  const before = WORD_CHAR_RE.test(trimmed[0]!) ? `(?<!${WORD_CHAR})` : '';
  const after = WORD_CHAR_RE.test(trimmed[trimmed.length - 1]!) ? `(?!${WORD_CHAR})` : '';
  return new RegExp(`${before}${body}${after}`, 'giu');
}
