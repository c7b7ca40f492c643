/**
 * Speaker turns in a plain-text or Markdown transcript.
 *
 * A turn starts at the beginning of a line with a speaker label:
 *
 * - `Name: …`, `NAME: …`, `P1: …`, `Participant 3: …`, `Moderator (Dr Kim): …`, `Dr. O’Neil: …`
 * - with a timestamp: `[00:01:23] Name: …`, `00:01:23 Name: …`, `Name [00:01:23]: …`,
 *   `Speaker 2 (01:02:03): …`, `Name: (00:01:23) …`, or a timestamp alone on the line before
 * - a speaker line, the text on the next lines (Otter): `Speaker 1  0:03`, `Jane Doe (1:02:03)`;
 *   Microsoft Teams writes the name as "Last, First": `Alvarez, Tomas   0:03` (kept as written;
 *   each part capitalised and none a word that opens prose, so "Yes, we met at 10:30" is speech)
 * - a bracketed id: `[id1] …`, `[P3]: …` (never a timestamp or an annotation such as `[laughter]`)
 * - Markdown bold: `**Name:** …`, `**Name**: …`
 *
 * A label seen twice is a speaker. A label seen once is one if it has a timestamp, is bold, looks
 * like a label (Moderator, P3, Dr …, a name in capitals), is a capitalised speaker line opening a
 * paragraph in a file of speaker lines, or if it is trustworthy by its place and shape: it opens a
 * paragraph in the colon form (a line, in a transcript written one turn per line), at least half
 * of the paragraphs (lines) from the first turn on open with a label, and it has the shape of the
 * labels already taken — the same leading words and a one-letter
 * or numeric id (`Resident C` beside `Resident A` and `Resident B`), or a personal name of one or
 * two capitalised words when every label taken is a name or a role (`José` beside `Interviewer`).
 * "For example:" is never one: it is neither an id nor a name. A `Name:` of one or two words the
 * parser did not take is reported as a possible speaker (`candidates`), with how often it occurs
 * and the first line it opens, when it opens a paragraph (or, in a transcript written one turn per
 * line, a line, if it is shaped like a name or an id); the researcher can accept it
 * (`extraLabels`), and then it is a speaker wherever it opens a line.
 *
 * Paragraphs without a label continue the turn before them. Text before the first turn (a heading,
 * front matter) and Markdown headings are kept as turns without a speaker, one per paragraph.
 * Non-speech annotations (`[laughter]`, `(inaudible 00:12:01)`, `[crosstalk]`) stay in the text.
 *
 * The text is never changed: a turn is a span [start, end) of it (UTF-16 offsets) covering what
 * was said, without the label and timestamp.
 *
 * Every pattern is anchored at a line start, applied to at most the first HEAD_MAX characters of a
 * line, and built from bounded quantifiers, so parsing is linear in the text whatever it holds.
 */
import { fillEndTimes, speakersOf } from './builder.js';
import {
  cleanLabel,
  hasCommonWord,
  idShape,
  isNameOrRole,
  isNonSpeechBracket,
  isPersonalName,
  isPlausibleLabel,
  isTypicalLabel,
} from './labels.js';
import { TS, TS_BOXED, TS_HMS, firstTimestamp } from './timestamps.js';
import type { SourceTurn, SpeakerCandidate, TurnsOf } from './types.js';
import { partitionPoint } from '../../../../shared/partition-point.js';

export interface TextParseOptions {
  /** Default true; false gives the paragraphs as turns without speakers. */
  detectSpeakers?: boolean;
  /** Markdown: headings end a turn, YAML front matter is never a turn. */
  markdown?: boolean;
  /** Offsets of lines whose label was set in bold (in a Word document): a label even once. */
  boldLineStarts?: ReadonlySet<number>;
  /** Labels the researcher accepted in the preview: speakers wherever they open a line. */
  extraLabels?: readonly string[];
}

/** No label form is longer than this; a line is matched on its first HEAD_MAX characters only. */
const HEAD_MAX = 256;

const BOLD = String.raw`(?:\*\*|__)`;
/**
 * Up to 49 characters of the letters, digits and punctuation names carry (no colon, no comma),
 * then perhaps a parenthesis, which may hold commas: `Participant 3 (F, 34)`, `Moderator (Dr Kim)`.
 */
const LABEL = String.raw`[\p{L}\p{N}][\p{L}\p{M}\p{N} .'’()\-]{0,48}?(?:[ \t]{0,3}\([^()\n:]{1,40}\))?`;
const ID = String.raw`[\p{L}\p{N}][\p{L}\p{M}\p{N} .'’\-]{0,30}`;
/** A capitalised name part, and a name as Teams writes it: `Alvarez, Tomas`, `de la Cruz, Ana (Guest)`. */
const NAME_PART = String.raw`\p{Lu}[\p{L}\p{M}'’.\-]{0,30}`;
const LAST_FIRST =
  String.raw`(?:\p{L}[\p{L}\p{M}'’.\-]{0,30} ){0,2}${NAME_PART}, ${NAME_PART}(?: ${NAME_PART}){0,2}` +
  String.raw`(?:[ \t]{0,3}\([^()\n:]{1,40}\))?`;

/** `Name: …` with its optional timestamps and Markdown bold. */
const COLON_FORM = new RegExp(
  String.raw`^(?<bold>${BOLD})?(?:(?<lead>${TS_BOXED}|${TS_HMS})[ \t]{1,4}${BOLD}?)?(?<label>${LABEL})` +
    String.raw`(?:[ \t]{0,4}(?<trail>${TS_BOXED}))?[ \t]{0,4}${BOLD}?[ \t]{0,2}:[ \t]{0,2}${BOLD}?` +
    String.raw`(?:[ \t]{0,4}(?<after>${TS_BOXED}))?(?:[ \t]+|$)`,
  'u',
);
/**
 * A speaker line: a label and a timestamp alone on the line; the text follows on the next lines.
 * The label may be "Last, First" (Teams), each part capitalised: not "Yes, we met at 10:30".
 */
const LINE_FORM = new RegExp(
  String.raw`^${BOLD}?(?<label>${LABEL}|${LAST_FIRST})(?:[ \t]{1,8}(?<ts>${TS})|[ \t]{0,4}(?<boxed>${TS_BOXED}))${BOLD}?[ \t]{0,4}:?[ \t]{0,4}$`,
  'u',
);
/** `[id1] …`, `[P3]: …`, `[00:01:23] [P3] …`. */
const BRACKET_FORM = new RegExp(
  String.raw`^${BOLD}?(?:(?<lead>${TS_BOXED}|${TS_HMS})[ \t]{1,4})?\[(?<label>${ID})\]${BOLD}?` +
    String.raw`(?:[ \t]{0,4}(?<trail>${TS_BOXED}))?[ \t]{0,4}:?${BOLD}?(?:[ \t]+|$)`,
  'u',
);
/** An id in brackets looks like `id1`, `P3`, `Participant 3`, or a capitalised name. */
const BRACKET_ID_SHAPE = /^(?:\p{L}{1,12} ?\d{1,4}|\p{Lu}.*)$/u;
const TIMESTAMP_LINE = new RegExp(String.raw`^[ \t]{0,8}(?:${TS_BOXED}|${TS})[ \t]{0,8}$`, 'u');
/** A timestamp that opens a paragraph without a speaker: `[00:01:23] text`. */
const PARAGRAPH_TIME = new RegExp(String.raw`^[ \t]{0,8}(?:${TS_BOXED}|${TS_HMS})(?:[ \t]+|$)`, 'u');
const HEADING = /^#{1,6}(?:[ \t]|$)/u;

type Form = 'colon' | 'line' | 'bracket' | 'heading';

interface Candidate {
  lineStart: number;
  /** The line the label is on (lineStart may be a timestamp line above it), and its end. */
  labelLine: number;
  lineEnd: number;
  /** null for a Markdown heading. */
  label: string | null;
  timeStart: number | null;
  /** Where the spoken text begins (after the label, its colon and spaces). */
  speechStart: number;
  form: Form;
  /** Set in bold (Markdown): a label even if it occurs once. */
  bold?: boolean;
  /** The line opens a paragraph (follows a blank line or starts the text). */
  opensParagraph?: boolean;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // Space, tab, and the rarer blanks /\s/ knows.
    if (c !== 32 && c !== 9 && !/\s/u.test(text[i]!)) return false;
  }
  return true;
}

/** Shrinks [start, end) to exclude surrounding white space. */
function trimSpan(text: string, start: number, end: number): [number, number] {
  while (start < end && /\s/u.test(text[start]!)) start++;
  while (end > start && /\s/u.test(text[end - 1]!)) end--;
  return [start, end];
}

function lineCandidate(
  text: string,
  lineStart: number,
  lineEnd: number,
  markdown: boolean,
  boldLines: ReadonlySet<number> | undefined,
): Candidate | null {
  const head = text.slice(lineStart, Math.min(lineEnd, lineStart + HEAD_MAX));
  if (markdown && HEADING.test(head)) {
    return { lineStart, labelLine: lineStart, lineEnd, label: null, timeStart: null, speechStart: lineStart, form: 'heading' };
  }
  let m = COLON_FORM.exec(head);
  if (m) {
    const g = m.groups!;
    const label = cleanLabel(g.label!);
    if (isPlausibleLabel(label)) {
      return {
        lineStart,
        labelLine: lineStart,
        lineEnd,
        label,
        timeStart: firstTimestamp(g.lead ?? g.trail ?? g.after),
        speechStart: lineStart + m[0].length,
        form: 'colon',
        bold: g.bold !== undefined || boldLines?.has(lineStart) === true,
      };
    }
  }
  if (lineEnd - lineStart <= HEAD_MAX) {
    m = LINE_FORM.exec(head);
    if (m) {
      const g = m.groups!;
      const label = cleanLabel(g.label!);
      // "Last, First" is a name only if no part of it opens prose ("Well, Tomas 0:30").
      if (isPlausibleLabel(label) && !(label.includes(',') && hasCommonWord(label))) {
        return {
          lineStart,
          labelLine: lineStart,
          lineEnd,
          label,
          timeStart: firstTimestamp(g.ts ?? g.boxed),
          speechStart: Math.min(lineEnd + 1, text.length),
          form: 'line',
        };
      }
    }
  }
  m = BRACKET_FORM.exec(head);
  if (m) {
    const g = m.groups!;
    const label = cleanLabel(g.label!);
    if (BRACKET_ID_SHAPE.test(label) && isPlausibleLabel(label) && !isNonSpeechBracket(label)) {
      return {
        lineStart,
        labelLine: lineStart,
        lineEnd,
        label,
        timeStart: firstTimestamp(g.lead ?? g.trail),
        speechStart: lineStart + m[0].length,
        form: 'bracket',
      };
    }
  }
  return null;
}

/** Where YAML front matter (`---` … `---` at the very start of a Markdown file) ends. */
function frontMatterEnd(text: string): number {
  if (!/^---[ \t]*\n/u.test(text.slice(0, 8))) return 0;
  let lineStart = text.indexOf('\n') + 1;
  for (let n = 0; n < 200 && lineStart > 0 && lineStart < text.length; n++) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    if (/^(?:---|\.\.\.)[ \t]*$/u.test(text.slice(lineStart, Math.min(lineEnd, lineStart + 16)))) return lineEnd;
    lineStart = lineEnd + 1;
  }
  return 0;
}

interface Scan {
  candidates: Candidate[];
  /** Offsets of the first line of every paragraph, in order. */
  paragraphStarts: number[];
  /** Offsets of every line that is not blank, in order. */
  lineStarts: number[];
}

function findCandidates(text: string, markdown: boolean, boldLines?: ReadonlySet<number>): Scan {
  const out: Candidate[] = [];
  const paragraphStarts: number[] = [];
  const lineStarts: number[] = [];
  let lineStart = markdown ? frontMatterEnd(text) : 0;
  // A timestamp alone on the line just before a label belongs to that label.
  let stampLine: { lineStart: number; time: number | null; next: number } | null = null;
  let previousBlank = true;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const c = lineCandidate(text, lineStart, lineEnd, markdown, boldLines);
    const blank = isBlank(text, lineStart, lineEnd);
    if (!blank) {
      lineStarts.push(lineStart);
      if (previousBlank) paragraphStarts.push(lineStart);
    }
    if (c) {
      c.opensParagraph = previousBlank;
      if (c.label !== null && c.timeStart === null && stampLine?.next === lineStart) {
        c.lineStart = stampLine.lineStart;
        c.timeStart = stampLine.time;
      }
      out.push(c);
      stampLine = null;
    } else if (lineEnd - lineStart <= 64 && TIMESTAMP_LINE.test(text.slice(lineStart, lineEnd))) {
      stampLine = { lineStart, time: firstTimestamp(text.slice(lineStart, lineEnd)), next: lineEnd + 1 };
    }
    previousBlank = blank;
    lineStart = lineEnd + 1;
  }
  return { candidates: out, paragraphStarts, lineStarts };
}

/** Paragraphs (or lines) from `from` on, by binary search over their sorted starts. */
function startsFrom(starts: readonly number[], from: number): number {
  return starts.length - partitionPoint(starts.length, (i) => starts[i]! < from);
}

/**
 * Whether a label seen once, opening a paragraph in the colon form, has the shape of the labels
 * taken: the same leading words and an id (`Resident C` beside `Resident A`), or a personal name
 * when every label taken is a name or a role. Built once per document: linear in its labels.
 */
function shapeOfTaken(taken: ReadonlySet<string>): (label: string) => boolean {
  const ids = new Set<string>();
  let allNames = taken.size > 0;
  for (const t of taken) {
    const shape = idShape(t);
    if (shape !== null) ids.add(shape);
    if (!isNameOrRole(t)) allNames = false;
  }
  return (label) => {
    const shape = idShape(label);
    if (shape !== null) return ids.has(shape);
    return allNames && isPersonalName(label);
  };
}

/** Most paragraphs open with a label: at least this share of those from the first turn on. */
const LABELLED_SHARE = 0.5;
/** Possible speakers reported at most, and the length of the line shown with each. */
const MAX_POSSIBLE = 50;
const POSSIBLE_LINE_MAX = 160;

/**
 * Keeps the candidates that are speakers: recurring, timestamped, bold, shaped like a label, one
 * the researcher accepted, or a one-off that fits the document's labels (see the module comment).
 * The labels left out that could be speakers are returned as `possible`.
 */
function acceptSpeakers(
  text: string,
  scan: Scan,
  extra: ReadonlySet<string>,
): { accepted: Candidate[]; possible: SpeakerCandidate[] } {
  const all = scan.candidates;
  const occurrences = new Map<string, number>();
  for (const c of all) if (c.label !== null) occurrences.set(c.label, (occurrences.get(c.label) ?? 0) + 1);
  // One-off "labels" are usually prose ("For example: …"); real speakers recur or look like a label.
  const recurs = (c: Candidate) => (occurrences.get(c.label!) ?? 0) >= 2 || isTypicalLabel(c.label!);
  // A file written with speaker lines (Otter) also names the speaker who spoke once that way, if
  // the line opens a paragraph and the name is capitalised (not "we met at 10:30").
  const speakerLines = all.filter((c) => c.form === 'line' && recurs(c)).length >= 2;
  const taken = all.map((c) => {
    if (c.label === null || recurs(c) || extra.has(c.label)) return true;
    // ("Last, First" is capitalised where it counts: `de la Cruz, Ana`.)
    if (c.form === 'line') return speakerLines && c.opensParagraph === true && /^(?:\p{Lu}|[^(]*,)/u.test(c.label);
    // A timestamp or bold type makes `Name:` a turn, even once.
    return c.timeStart !== null || c.bold === true;
  });

  // A one-off after the first turn may be taken by its place and shape (see shapeOfTaken).
  const first = all.findIndex((c, i) => taken[i] && c.label !== null);
  const takenLabels = new Set<string>();
  let takenOpeners = 0;
  let takenOnLines = 0;
  let labelledParagraphs = 0;
  let labelledLines = 0;
  let labelsOnLines = 0;
  all.forEach((c, i) => {
    if (c.label === null || first === -1 || i < first) return;
    if (taken[i]) {
      takenLabels.add(c.label);
      if (c.opensParagraph) takenOpeners++;
      else takenOnLines++;
    }
    labelledLines++;
    if (c.opensParagraph) labelledParagraphs++;
    else labelsOnLines++;
  });
  // A transcript written one turn per line: most labels open a line inside a paragraph. There a
  // line is what a paragraph is elsewhere, for the one-offs taken by shape and for those listed.
  const linePerTurn = labelsOnLines > labelledParagraphs;
  if (first !== -1 && takenOpeners + (linePerTurn ? takenOnLines : 0) >= 2) {
    const from = all[first]!.labelLine;
    const enoughLabelled = linePerTurn
      ? labelledLines >= LABELLED_SHARE * startsFrom(scan.lineStarts, from)
      : labelledParagraphs >= LABELLED_SHARE * startsFrom(scan.paragraphStarts, from);
    if (enoughLabelled) {
      const fits = shapeOfTaken(takenLabels);
      all.forEach((c, i) => {
        if (taken[i] || c.form !== 'colon' || i < first || !(linePerTurn || c.opensParagraph === true)) return;
        taken[i] = fits(c.label!);
      });
    }
  }

  // What is left and could be a speaker: `Word:` or `Two Words:` opening a paragraph, or (in a
  // transcript written one turn per line) opening a line, if shaped like a name or an id.
  const possible = new Map<string, SpeakerCandidate>();
  all.forEach((c, i) => {
    if (taken[i] || c.form !== 'colon' || c.label === null || c.label.split(' ').length > 2) return;
    const shaped = idShape(c.label) !== null || isPersonalName(c.label);
    if (!(c.opensParagraph === true || (linePerTurn && shaped))) return;
    const known = possible.get(c.label);
    if (known) {
      known.count++;
      return;
    }
    if (possible.size >= MAX_POSSIBLE) return;
    const line = text.slice(c.labelLine, Math.min(c.lineEnd, c.labelLine + POSSIBLE_LINE_MAX + 1)).trim();
    possible.set(c.label, {
      label: c.label,
      count: 1,
      firstLine: line.length > POSSIBLE_LINE_MAX ? `${line.slice(0, POSSIBLE_LINE_MAX - 1)}…` : line,
    });
  });
  return { accepted: all.filter((_, i) => taken[i]), possible: [...possible.values()] };
}

/**
 * The paragraphs of [from, to) as turns without a speaker. With `withTimes`, a paragraph that
 * opens with a timestamp takes it as its start time (and the span leaves it out).
 */
function paragraphTurns(text: string, from: number, to: number, withTimes: boolean): SourceTurn[] {
  const turns: SourceTurn[] = [];
  let pending: number | null = null;
  const flush = (ps: number, pe: number) => {
    let start = ps;
    let time: number | null = null;
    if (withTimes) {
      const lineEnd = text.indexOf('\n', ps);
      const head = text.slice(ps, Math.min(lineEnd === -1 || lineEnd > pe ? pe : lineEnd, ps + 64));
      const m = PARAGRAPH_TIME.exec(head);
      if (m) {
        time = firstTimestamp(m[0]);
        start = ps + m[0].length;
      }
    }
    const [s, e] = trimSpan(text, start, pe);
    if (s === e) {
      // A timestamp alone: it dates the next paragraph.
      if (time !== null) pending = time;
      return;
    }
    turns.push({ speaker: null, start: s, end: e, timeStart: time ?? pending, timeEnd: null });
    pending = null;
  };
  let paraStart = -1;
  let paraEnd = -1;
  let lineStart = from;
  while (lineStart < to) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > to) lineEnd = to;
    if (isBlank(text, lineStart, lineEnd)) {
      if (paraStart !== -1) flush(paraStart, paraEnd);
      paraStart = -1;
    } else {
      if (paraStart === -1) paraStart = lineStart;
      paraEnd = lineEnd;
    }
    lineStart = lineEnd + 1;
  }
  if (paraStart !== -1) flush(paraStart, paraEnd);
  return turns;
}

export function findTextTurns(text: string, options: TextParseOptions = {}): TurnsOf {
  const detect = options.detectSpeakers ?? true;
  if (!detect) return { turns: paragraphTurns(text, 0, text.length, false), speakers: [] };
  const extra = new Set((options.extraLabels ?? []).map((l) => cleanLabel(l.normalize('NFC'))));
  const scan = findCandidates(text, options.markdown ?? false, options.boldLineStarts);
  const { accepted: starts, possible } = acceptSpeakers(text, scan, extra);
  if (!starts.some((c) => c.label !== null)) {
    // No speakers: each paragraph is a turn, so the text can still be read and coded in blocks.
    const turns = paragraphTurns(text, 0, text.length, true);
    fillEndTimes(turns);
    return { turns, speakers: [], candidates: possible };
  }
  const turns = paragraphTurns(text, 0, starts[0]!.lineStart, true);
  starts.forEach((c, i) => {
    const until = starts[i + 1]?.lineStart ?? text.length;
    if (c.label === null) {
      turns.push(...paragraphTurns(text, c.lineStart, until, true));
      return;
    }
    const [start, end] = trimSpan(text, Math.min(c.speechStart, until), until);
    turns.push({ speaker: c.label, start, end, timeStart: c.timeStart, timeEnd: null });
  });
  fillEndTimes(turns);
  return { turns, speakers: speakersOf(turns), candidates: possible };
}
