import { createHash } from 'node:crypto';
import type { ImportSource } from '../../../shared/api.js';
import { countWords } from './decode.js';
import { parseSource, type ParsedSource } from './formats/index.js';
import { readSource } from './read-source.js';

/** A source read and parsed, ready to be stored: what the parser thread sends back. */
export interface ReadSource {
  fileName: string;
  parsed: ParsedSource;
  /** Words spoken (and front matter), not labels or timestamps: the document's word count. */
  words: number;
  /** SHA-256 of the text, in hex. */
  textHash: string;
}

/**
 * Reads one import source and parses it. Pure apart from reading the file: no project involved.
 * `blocking`: see readSource.
 */
export async function readAndParse(source: ImportSource, maxBytes: number, blocking = false): Promise<ReadSource> {
  const { bytes, fileName } = await readSource(source, maxBytes, blocking);
  const parsed = await parseSource(bytes, fileName, {
    detectSpeakers: source.detectSpeakers ?? true,
    ...(source.extraLabels ? { extraLabels: source.extraLabels } : {}),
  });
  return { fileName, parsed, words: wordsOf(parsed), textHash: hashOf(parsed.text) };
}

export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function wordsOf(parsed: Pick<ParsedSource, 'text' | 'turns'>): number {
  return parsed.turns.reduce((n, t) => n + countWords(parsed.text, t.start, t.end), 0);
}
