/**
 * WebVTT (Zoom, Teams) and SRT captions as a readable transcript.
 *
 * A cue's speaker is its voice span (`<v Name>…</v>`, Teams; names may hold commas and
 * parentheses) or a `Name: ` before its text (Zoom). Consecutive cues of one speaker become one
 * turn with the first cue's start and the last cue's end time; cues without a speaker stay one turn
 * each. The text Chorus stores is generated, one paragraph per turn: `[hh:mm:ss] Name: text` (or
 * `[hh:mm:ss] text` without a speaker), and the turn's span covers the text only. Other tags
 * (`<c>`, `<i>`, timestamps inside cues), NOTE, STYLE and REGION blocks and cue ids are dropped;
 * character references (`&amp;`) are decoded. Without speaker detection the text is the same and
 * each paragraph is a turn without a speaker (the name is then part of its span).
 */
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import { TranscriptBuilder, cleanPiece } from './builder.js';
import { cleanLabel, isNonSpeech, isPlausibleLabel, isTypicalLabel } from './labels.js';
import { formatTimestamp, parseTimestamp } from './timestamps.js';
import type { TurnsOf } from './types.js';

const TIME = String.raw`(?:\d{1,5}:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?`;
const TIMING = new RegExp(String.raw`^[ \t]{0,8}(${TIME})[ \t]{0,8}-->[ \t]{0,8}(${TIME})(?:[ \t]|$)`, 'u');
const ANY_TIMING = new RegExp(String.raw`^[ \t]{0,8}${TIME}[ \t]{0,8}-->[ \t]{0,8}${TIME}`, 'mu');
const TAG = /<([^<>]{0,500})>/gu;
const VOICE = /^v(?:\.[^\s]*)?(?:\s+([\s\S]*))?$/u;
const ASS_OVERRIDE = /\{\\[^{}]{0,200}\}/gu;
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));/gu;
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  lrm: '\u200e',
  rlm: '\u200f',
};
/** `Name: text` at the start of a cue (Zoom). */
const CUE_LABEL = /^([^:<>]{1,80}):[ \t]+(?=\S)/u;

export function looksLikeWebVtt(text: string): boolean {
  return /^WEBVTT(?:[ \t\n]|$)/u.test(text.slice(0, 16));
}

/** SRT: the first block is a number and a timing line (or a timing line alone). */
export function looksLikeSrt(text: string): boolean {
  const lines = text.slice(0, 512).trimStart().split('\n', 2);
  if (TIMING.test(lines[0] ?? '')) return true;
  return /^\d{1,9}[ \t]*$/u.test(lines[0] ?? '') && TIMING.test(lines[1] ?? '');
}

export function hasCueTimings(text: string): boolean {
  return ANY_TIMING.test(text);
}

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED_ENTITIES[name] ?? whole;
    const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
    if (cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\uFFFD';
    return String.fromCodePoint(cp);
  });
}

interface Cue {
  start: number;
  end: number;
  lines: string[];
}

interface Segment {
  start: number;
  end: number;
  /** The voice span's name, if any. */
  voice: string | null;
  text: string;
}

function isBlankLine(line: string): boolean {
  return line.trim().length === 0;
}

/** The cues of a WebVTT or SRT file, leniently: broken blocks are kept as text where possible. */
function readCues(text: string, vtt: boolean): Cue[] {
  const cues: Cue[] = [];
  const lines = text.split('\n');
  let state: 'header' | 'between' | 'skip' | 'cue' = vtt && looksLikeWebVtt(text) ? 'header' : 'between';
  let current: Cue | null = null;
  let pending: string[] = [];
  // Lines outside any cue (a blank line inside a cue's text, in a broken file) join the cue before.
  const orphans = (keepLast: boolean) => {
    const lost = keepLast ? pending.slice(0, -1) : pending;
    const last = cues[cues.length - 1];
    // Cue numbers and broken timing lines are not text.
    if (last) for (const l of lost) if (!/^\d{1,9}[ \t]*$/u.test(l) && !l.includes('-->')) last.lines.push(l);
    pending = [];
  };
  for (const line of lines) {
    const timing = line.includes('-->') ? TIMING.exec(line.slice(0, 128)) : null;
    if (timing) {
      orphans(true);
      current = { start: parseTimestamp(timing[1]!), end: parseTimestamp(timing[2]!), lines: [] };
      cues.push(current);
      state = 'cue';
      continue;
    }
    if (isBlankLine(line)) {
      if (state === 'between') orphans(false);
      state = 'between';
      current = null;
      continue;
    }
    if (state === 'header' || state === 'skip') continue;
    if (state === 'cue') {
      current!.lines.push(line);
      continue;
    }
    if (vtt && pending.length === 0 && /^(?:NOTE|STYLE|REGION)(?:[ \t]|$)/u.test(line)) {
      state = 'skip';
      continue;
    }
    pending.push(line);
  }
  orphans(false);
  return cues;
}

/** A cue's text split at its voice spans, tags dropped, references decoded, white space collapsed. */
function cueSegments(cue: Cue, srt: boolean): Segment[] {
  let payload = cue.lines.join('\n');
  if (srt) payload = payload.replace(ASS_OVERRIDE, '');
  const out: Segment[] = [];
  let voice: string | null = null;
  let parts: string[] = [];
  const flush = () => {
    const text = cleanPiece(parts.join('')).replace(/\s+/gu, ' ').trim();
    if (text.length > 0) out.push({ start: cue.start, end: cue.end, voice, text });
    parts = [];
  };
  let last = 0;
  for (const m of payload.matchAll(TAG)) {
    parts.push(decodeEntities(payload.slice(last, m.index)));
    last = m.index + m[0].length;
    const tag = m[1]!;
    const v = VOICE.exec(tag);
    if (v) {
      flush();
      const name = cleanLabel(cleanPiece(decodeEntities(v[1] ?? '')).slice(0, 200));
      voice = name.length > 0 ? name : null;
    } else if (/^\/v\s*$/u.test(tag)) {
      flush();
      voice = null;
    }
  }
  parts.push(decodeEntities(payload.slice(last)));
  flush();
  return out;
}

/** A `Name:` before a cue's text, if it can be a name. */
function cueLabel(text: string): { label: string; rest: string } | null {
  const m = CUE_LABEL.exec(text);
  if (!m) return null;
  const label = cleanLabel(m[1]!);
  if (/[?!;"“”]|https?|www\./u.test(label) || label.endsWith('.')) return null;
  if (!isPlausibleLabel(label, 8)) return null;
  return { label, rest: text.slice(m[0].length) };
}

interface Turn {
  speaker: string | null;
  texts: string[];
  timeStart: number;
  timeEnd: number;
}

export function parseSubtitles(
  text: string,
  format: 'vtt' | 'srt',
  fileName: string,
  detectSpeakers: boolean,
): { text: string } & TurnsOf {
  const segments = readCues(text, format === 'vtt').flatMap((c) => cueSegments(c, format === 'srt'));
  if (segments.length === 0) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, `${fileName} has no captions with text to import.`);
  }

  // Zoom writes `Name: ` before each cue's text; a label counts if it recurs, looks like a label,
  // or most cues carry one.
  const labelled = segments.map((s) => (s.voice === null ? cueLabel(s.text) : null));
  const counts = new Map<string, number>();
  for (const l of labelled) if (l) counts.set(l.label, (counts.get(l.label) ?? 0) + 1);
  const share = labelled.filter(Boolean).length / Math.max(1, segments.filter((s) => s.voice === null).length);
  const isSpeaker = (label: string) =>
    !isNonSpeech(label) && ((counts.get(label) ?? 0) >= 2 || isTypicalLabel(label) || share >= 0.5);

  const turns: Turn[] = [];
  segments.forEach((s, i) => {
    const l = labelled[i];
    let speaker = s.voice;
    let said = s.text;
    if (speaker === null && l && isSpeaker(l.label)) {
      speaker = l.label;
      said = l.rest;
    }
    const prev = turns[turns.length - 1];
    if (speaker !== null && prev?.speaker === speaker) {
      prev.texts.push(said);
      prev.timeEnd = s.end;
    } else {
      turns.push({ speaker, texts: [said], timeStart: s.start, timeEnd: s.end });
    }
  });

  const out = new TranscriptBuilder();
  for (const t of turns) {
    const stamp = `[${formatTimestamp(t.timeStart)}] `;
    const times = { timeStart: t.timeStart, timeEnd: t.timeEnd };
    if (t.speaker === null) out.addTurn(stamp, t.texts.join(' '), { speaker: null, ...times });
    else if (detectSpeakers) out.addTurn(`${stamp}${t.speaker}: `, t.texts.join(' '), { speaker: t.speaker, ...times });
    // Without speaker detection the text is the same; the name is part of the turn.
    else out.addTurn(stamp, `${t.speaker}: ${t.texts.join(' ')}`, { speaker: null, ...times });
  }
  return out.build();
}
