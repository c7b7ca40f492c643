/** What every format parser gives back; see index.ts for the contract. */
import type { PossibleSpeaker } from '../../../../shared/types.js';

/** A label at the start of a paragraph that was not taken as a speaker (the researcher may accept it). */
export type SpeakerCandidate = PossibleSpeaker;

export type SourceFormat = 'txt' | 'md' | 'docx' | 'vtt' | 'srt';

export interface SourceTurn {
  /** The label as written, or null for text without a speaker (front matter, headings). */
  speaker: string | null;
  /** [start, end): UTF-16 offsets into the text, covering what was said (no label, no timestamp). */
  start: number;
  end: number;
  /** Seconds from the start of the recording. */
  timeStart: number | null;
  timeEnd: number | null;
}

export interface ParsedSource {
  format: SourceFormat;
  /** 'utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252', or 'docx'. */
  encoding: string;
  /** The document text Chorus stores: NFC, '\n' line ends; immutable afterwards. */
  text: string;
  /** In order, not overlapping. */
  turns: SourceTurn[];
  /** Labels in order of first appearance. */
  speakers: string[];
  /** Labels that open a paragraph but were not taken as speakers, in order of appearance. */
  candidates?: SpeakerCandidate[];
}

export interface ParseOptions {
  /** Default true; false gives the paragraphs as turns without speakers. */
  detectSpeakers?: boolean;
  /** Labels to take as speakers wherever they open a line (accepted from `candidates`). */
  extraLabels?: readonly string[];
}

/** Turns and speakers found in a text (the text itself is the caller's). */
export interface TurnsOf {
  turns: SourceTurn[];
  speakers: string[];
  candidates?: SpeakerCandidate[];
}
