/**
 * One REFI-QDA text source made ready to store, apart from the project: its text as Chorus
 * stores it, its turns and speakers, and where each selection falls in that text. Pure, so the
 * parser thread can do it for the next source while the main thread stores the current one.
 */
import { findTextTurns } from '../../documents/formats/text.js';
import type { SourceTurn, SpeakerCandidate } from '../../documents/formats/types.js';
import { hashOf, wordsOf } from '../../documents/read-and-parse.js';
import { unpackSourceText, type PackedEntry } from './archive.js';
import type { RefiSelection } from './model.js';
import { mapSourceText } from './source-text.js';

/** What the preparation needs of a source: its text as written (or still packed) and its selections' offsets and names. */
export interface RefiSourceInput {
  raw: string | PackedEntry;
  origin: string;
  starts: Float64Array;
  ends: Float64Array;
  names: string[];
}

export interface PreparedRefiSource {
  /** Empty when the source has no text (it is then left out). */
  text: string;
  /** Bytes unpacked from the archive, for its total limit. */
  unpacked: number;
  turns: SourceTurn[];
  speakers: string[];
  candidates?: SpeakerCandidate[];
  words: number;
  textHash: string;
  /** Selections that fall outside the text under the offset rule used. */
  misfits: number;
  /** Per selection, its start and end in `text`, or -1 where the offset is not on a character boundary. */
  starts: Float64Array;
  ends: Float64Array;
}

export function refiSourceInput(raw: string | PackedEntry, origin: string, selections: readonly RefiSelection[]): RefiSourceInput {
  return {
    raw,
    origin,
    starts: Float64Array.from(selections, (s) => s.start),
    ends: Float64Array.from(selections, (s) => s.end),
    names: selections.map((s) => s.name),
  };
}

export function prepareRefiSource(input: RefiSourceInput): PreparedRefiSource {
  const { text: raw, bytes: unpacked } = typeof input.raw === 'string' ? { text: input.raw, bytes: 0 } : unpackSourceText(input.raw);
  if (raw.trim() === '') {
    return { text: '', unpacked, turns: [], speakers: [], words: 0, textHash: '', misfits: 0, starts: new Float64Array(), ends: new Float64Array() };
  }
  const selections = input.names.map((name, k) => ({ name, start: input.starts[k]!, end: input.ends[k]! }));
  const { map, misfits } = mapSourceText(raw, input.origin, selections);
  const text = map.text;
  const found = findTextTurns(text, { detectSpeakers: true });
  const starts = new Float64Array(selections.length);
  const ends = new Float64Array(selections.length);
  selections.forEach((s, k) => {
    starts[k] = map.isBoundary(s.start) ? map.start(s.start) : -1;
    ends[k] = map.isBoundary(s.end) ? map.end(s.end) : -1;
  });
  return {
    text,
    unpacked,
    ...found,
    words: wordsOf({ text, turns: found.turns }),
    textHash: hashOf(text),
    misfits,
    starts,
    ends,
  };
}
