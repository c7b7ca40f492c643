/**
 * Speaker turns in a plain-text transcript: the conventions are documented in
 * formats/text.ts, which this wraps for callers that have the text already.
 * parseSource (formats/index.ts) reads every format, from the file's bytes.
 */
import { findTextTurns, type TextParseOptions } from './formats/text.js';
import type { SourceTurn } from './formats/types.js';

export { parseTimestamp } from './formats/timestamps.js';

export type ParsedTurn = SourceTurn;

export interface ParsedTranscript {
  turns: ParsedTurn[];
  /** Labels in order of first appearance. */
  speakers: string[];
}

export function parseTranscript(text: string, options: TextParseOptions = {}): ParsedTranscript {
  const { turns, speakers } = findTextTurns(text, options);
  return { turns, speakers };
}

/** A label's role, guessed from its wording; the researcher can change it. */
export function guessRole(label: string): 'moderator' | 'participant' {
  return /\b(moderator|facilitator|interviewer|mod)\b/i.test(label) ? 'moderator' : 'participant';
}
