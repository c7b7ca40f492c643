/**
 * How Chorus cuts text into words for every comparison (frequencies, matrices, voice, talk time,
 * similar passages), so a word counted in one table is the same word in another. natural's modules
 * are loaded one by one: the package root would load all of it.
 */
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { RegexpTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';
import { words as englishStopWords } from 'natural/lib/natural/util/stopwords.js';
import type { WordOptions } from '../../../shared/analysis-compare.js';

// A word: letters and digits, with apostrophes and hyphens inside it ("don't", "co-residents").
// Curly apostrophes are common in transcripts pasted from word processors.
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const LETTERS = /[\p{L}\p{N}]+/gu;
const NUMBER = /^[\p{N}'’.,-]+$/u;

const wordTokenizer = new RegexpTokenizer({ pattern: WORD, gaps: false });
const letterTokenizer = new RegexpTokenizer({ pattern: LETTERS, gaps: false });

/** Words in a piece of text, as every count of words in Chorus counts them. */
export function countWords(text: string): number {
  let n = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text)) n++;
  return n;
}

// The same patterns for finding where words are (analysis/word-index.ts); their own objects, as a
// global pattern carries its position between calls.
const SCAN = { words: new RegExp(WORD.source, WORD.flags), letters: new RegExp(LETTERS.source, LETTERS.flags) };

/**
 * Every word of a text with its offset, as the tokenizer of that kind finds them (`countWords`
 * and the `words` tokenizer find the same words). `visit` must not call this function again.
 */
export function splitWords(kind: WordOptions['tokenizer'], text: string, visit: (start: number, word: string) => void): void {
  const re = SCAN[kind];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) visit(m.index, m[0]);
}

/** A counted word: the key it is counted under (its stem, or itself) and the form it had. */
export interface Token {
  key: string;
  form: string;
}

/** Turns text into counted words under the researcher's options. */
export class Tokenizer {
  private readonly stops: Set<string>;
  private readonly stems = new Map<string, string>();

  constructor(private readonly options: WordOptions) {
    this.stops = new Set(options.extraStopWords.map((w) => normalise(w)).filter((w) => w.length > 0));
    if (options.removeStopWords) for (const w of englishStopWords) this.stops.add(w);
  }

  get kind(): WordOptions['tokenizer'] {
    return this.options.tokenizer;
  }

  tokens(text: string): Token[] {
    const raw = (this.options.tokenizer === 'letters' ? letterTokenizer : wordTokenizer).tokenize(text) ?? [];
    const out: Token[] = [];
    for (const w of raw) {
      const t = this.word(w);
      if (t !== null) out.push(t);
    }
    return out;
  }

  /** One word as the tokenizer found it: counted under a key, or null (too short, a number, a stop word). */
  word(written: string): Token | null {
    const form = normalise(written);
    if (form.length < this.options.minLength) return null;
    if (!this.options.numbers && NUMBER.test(form)) return null;
    if (this.isStop(form)) return null;
    return { key: this.options.stem ? this.stem(form) : form, form };
  }

  // A contraction of a stop word ("that's", "I'm", "we'll") is a stop word too.
  private isStop(form: string): boolean {
    if (this.stops.has(form)) return true;
    const apostrophe = form.indexOf("'");
    return apostrophe > 0 && this.options.removeStopWords && this.stops.has(form.slice(0, apostrophe));
  }

  // A possessive is stemmed as its noun ("resident's" with "residents"); other contractions
  // ("don't", "can't") are words of their own, which the stemmer would only mangle.
  private stem(form: string): string {
    let s = this.stems.get(form);
    if (s === undefined) {
      const apostrophe = form.indexOf("'");
      if (apostrophe < 0) s = PorterStemmer.stem(form);
      else if (form.endsWith("'s") && apostrophe === form.length - 2) s = PorterStemmer.stem(form.slice(0, -2));
      else s = form;
      this.stems.set(form, s);
    }
    return s;
  }
}

// Lower case, one apostrophe: "Don’t" and "don't" are one word.
function normalise(word: string): string {
  return word.trim().toLowerCase().replace(/’/g, "'");
}
