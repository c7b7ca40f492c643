import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import { decodeText } from './decode.js';
import { parseTranscript } from './parse-transcript.js';
import path from 'node:path';

export interface SourceTurn {
  speaker: string | null;
  start: number;
  end: number;
  timeStart: number | null;
  timeEnd: number | null;
}

/** A file turned into Chorus text with its turns. */
export interface ParsedSource {
  format: string;
  encoding: string;
  text: string;
  turns: SourceTurn[];
  speakers: string[];
}

const TEXT_FORMATS = new Map([
  ['.txt', 'txt'],
  ['.md', 'md'],
  ['.text', 'txt'],
  ['', 'txt'],
]);

export async function parseFile(bytes: Uint8Array, fileName: string, options: { detectSpeakers: boolean }): Promise<ParsedSource> {
  const format = TEXT_FORMATS.get(path.extname(fileName).toLowerCase());
  if (!format) {
    throw new ChorusError(ErrorCode.UNSUPPORTED_FORMAT, `${fileName}: Chorus imports plain-text transcripts (.txt, .md) so far.`);
  }
  const text = decodeText(bytes, fileName);
  if (!options.detectSpeakers) {
    // Without speaker detection each paragraph is a turn, so the text can still be read in blocks.
    const turns = [...text.matchAll(/[^\n]*\S[^\n]*(?:\n(?!\s*\n)[^\n]*)*/g)].map((m) => ({
      speaker: null,
      start: m.index,
      end: m.index + m[0].trimEnd().length,
      timeStart: null,
      timeEnd: null,
    }));
    return { format, encoding: 'utf-8', text, turns, speakers: [] };
  }
  const parsed = parseTranscript(text);
  const turns = parsed.turns.map((t, i) => ({ ...t, timeEnd: parsed.turns[i + 1]?.timeStart ?? null }));
  return { format, encoding: 'utf-8', text, turns, speakers: parsed.speakers };
}
