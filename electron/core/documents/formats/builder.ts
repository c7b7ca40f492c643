import type { SourceTurn, TurnsOf } from './types.js';

// Under the u flag a surrogate pair is one code point, so this matches lone surrogates only.
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;
// C0 controls other than tab and line feed, and DEL: they have no place in a transcript's text.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F]/gu;
// eslint-disable-next-line no-control-regex
const NEEDS_CLEANING = /[\u0000-\u0008\u000B-\u001F\u007F\u2028\u2029\uD800-\uDFFF]/;

/**
 * Text that came out of a structure (a cue, a table cell, a Word paragraph): NFC, `\n` line ends,
 * no lone surrogates, no control characters.
 */
export function cleanPiece(s: string): string {
  if (!NEEDS_CLEANING.test(s)) return s.normalize('NFC');
  return s
    .replace(/\r\n?|[\u2028\u2029]/gu, '\n')
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(CONTROLS, '')
    .normalize('NFC');
}

/** Speakers in order of first appearance. */
export function speakersOf(turns: readonly SourceTurn[]): string[] {
  const seen = new Set<string>();
  for (const t of turns) if (t.speaker !== null) seen.add(t.speaker);
  return [...seen];
}

/** Gives each turn without an end time the start of the next turn, when it has one. */
export function fillEndTimes(turns: SourceTurn[]): void {
  for (let i = 0; i < turns.length - 1; i++) {
    const t = turns[i]!;
    if (t.timeEnd === null && t.timeStart !== null) t.timeEnd = turns[i + 1]!.timeStart;
  }
}

/**
 * Writes the text Chorus generates for a structured source (subtitles, tables): paragraphs
 * separated by a blank line, each turn's span covering only what was said. Every piece appended
 * is NFC and starts and ends with characters that do not compose across the joins (space, colon,
 * brackets, line feeds), so the whole text stays NFC.
 */
export class TranscriptBuilder {
  private readonly parts: string[] = [];
  private length = 0;
  readonly turns: SourceTurn[] = [];

  private append(s: string): void {
    if (s.length === 0) return;
    this.parts.push(s);
    this.length += s.length;
  }

  private paragraph(): void {
    if (this.length > 0) this.append('\n\n');
  }

  /** `[hh:mm:ss] Name: text`: prefix is written before the span, text is the span. */
  addTurn(prefix: string, text: string, turn: Omit<SourceTurn, 'start' | 'end'>): void {
    this.paragraph();
    this.append(prefix);
    const start = this.length;
    this.append(text);
    this.turns.push({ ...turn, start, end: this.length });
  }

  /** Extends the last turn with more of what was said. */
  continueTurn(separator: string, text: string, timeEnd: number | null): boolean {
    const last = this.turns[this.turns.length - 1];
    if (!last || last.end !== this.length) return false;
    this.append(separator);
    this.append(text);
    last.end = this.length;
    if (timeEnd !== null) last.timeEnd = timeEnd;
    return true;
  }

  /** A block of free text with the turns found in it (offsets relative to the block). */
  addBlock(text: string, found: TurnsOf): void {
    if (text.length === 0) return;
    this.paragraph();
    const offset = this.length;
    this.append(text);
    for (const t of found.turns) this.turns.push({ ...t, start: t.start + offset, end: t.end + offset });
  }

  build(): { text: string; turns: SourceTurn[]; speakers: string[] } {
    return { text: this.parts.join(''), turns: this.turns, speakers: speakersOf(this.turns) };
  }
}
