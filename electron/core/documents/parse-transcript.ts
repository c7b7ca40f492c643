/**
 * Finds speaker turns in a plain-text transcript.
 *
 * A turn starts at the beginning of a line with a speaker label and a colon, optionally after a
 * timestamp: `Moderator: …`, `P3: …`, `Dr. Lee: …`, `[00:01:23] Name: …`. Paragraphs without a
 * label continue the turn before them. Text before the first turn (a heading, front matter) is
 * kept as a turn without a speaker.
 *
 * The text is never changed: a turn is a span [start, end) of it (UTF-16 offsets) covering what
 * was said, without the label and timestamp.
 */

export interface ParsedTurn {
  speaker: string | null;
  start: number;
  end: number;
  /** Seconds from the start of the recording. */
  timeStart: number | null;
}

export interface ParsedTranscript {
  turns: ParsedTurn[];
  /** Labels in order of first appearance. */
  speakers: string[];
}

const TIMESTAMP = String.raw`\[(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)\]`;
// A label: up to six words of letters, digits and the punctuation names carry (Dr. O’Neil,
// Participant 3, Moderator (Dr Kim)). Sentence punctuation (?!;,) rules a line out.
const LABEL = String.raw`([\p{L}\p{N}][\p{L}\p{M}\p{N} .'’()\-]{0,48}?)`;
const TURN_START = new RegExp(String.raw`^(?:${TIMESTAMP}[ \t]*)?${LABEL}[ \t]*:(?:[ \t]+|$)`, 'u');
/** Labels that name a speaker even if they occur once. */
const TYPICAL_LABEL =
  /^(?:(?:moderator|facilitator|interviewer|participant|respondent|speaker|p|r|m|i)\s*\d*|(?:dr|prof|mr|mrs|ms)\.?\s+\S.*)$/iu;
/**
 * A name in capitals (NAME, JOHN SMITH, ZOË). Kept apart from TYPICAL_LABEL because it must be
 * case-sensitive: under its `i` flag any capitalised prose ("For example: …") passed as a speaker.
 */
const CAPITALS_LABEL = /^\p{Lu}[\p{Lu}\p{M} .'’-]+$/u;
const MAX_LABEL_WORDS = 6;

export function parseTimestamp(stamp: string): number {
  const parts = stamp.replace(',', '.').split(':').map(Number);
  return parts.reduce((acc, p) => acc * 60 + p, 0);
}

interface Candidate {
  lineStart: number;
  label: string;
  timeStart: number | null;
  /** Where the spoken text begins (after the colon and its spaces). */
  speechStart: number;
  hasTimestamp: boolean;
}

function isPlausibleLabel(label: string): boolean {
  if (label.split(/\s+/).length > MAX_LABEL_WORDS) return false;
  const opens = (label.match(/\(/g) ?? []).length;
  const closes = (label.match(/\)/g) ?? []).length;
  return opens === closes;
}

function findCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const m = TURN_START.exec(text.slice(lineStart, lineEnd));
    if (m) {
      const label = m[2]!.trim();
      if (isPlausibleLabel(label)) {
        out.push({
          lineStart,
          label,
          timeStart: m[1] ? parseTimestamp(m[1]) : null,
          speechStart: lineStart + m[0].length,
          hasTimestamp: Boolean(m[1]),
        });
      }
    }
    lineStart = lineEnd + 1;
  }
  return out;
}

/** Shrinks [start, end) to exclude surrounding white space. */
function trimSpan(text: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return [start, end];
}

export function parseTranscript(text: string): ParsedTranscript {
  const all = findCandidates(text);
  // One-off "labels" are usually prose ("For example: …"); real speakers recur, carry a
  // timestamp, or look like a speaker label.
  const occurrences = new Map<string, number>();
  for (const c of all) occurrences.set(c.label, (occurrences.get(c.label) ?? 0) + 1);
  const starts = all.filter(
    (c) =>
      c.hasTimestamp ||
      (occurrences.get(c.label) ?? 0) >= 2 ||
      TYPICAL_LABEL.test(c.label) ||
      CAPITALS_LABEL.test(c.label),
  );

  const turns: ParsedTurn[] = [];
  const push = (speaker: string | null, from: number, to: number, timeStart: number | null) => {
    const [start, end] = trimSpan(text, from, to);
    if (speaker === null && start === end) return;
    turns.push({ speaker, start, end, timeStart });
  };

  if (starts.length === 0) {
    // No speakers: each paragraph is a turn, so the text can still be read and coded in blocks.
    const paragraph = /[^\n]+(?:\n(?!\s*\n)[^\n]*)*/g;
    for (const m of text.matchAll(paragraph)) push(null, m.index, m.index + m[0].length, null);
    return { turns, speakers: [] };
  }

  push(null, 0, starts[0]!.lineStart, null);
  starts.forEach((c, i) => {
    const next = starts[i + 1];
    const [start, end] = trimSpan(text, c.speechStart, next ? next.lineStart : text.length);
    turns.push({ speaker: c.label, start, end, timeStart: c.timeStart });
  });
  const speakers = [...new Set(starts.map((c) => c.label))];
  return { turns, speakers };
}

/** A label's role, guessed from its wording; the researcher can change it. */
export function guessRole(label: string): 'moderator' | 'participant' {
  return /\b(moderator|facilitator|interviewer|mod)\b/i.test(label) ? 'moderator' : 'participant';
}
