// Types for the few modules of `natural` Chorus loads one by one: the package root would load all
// of natural (classifiers, WordNet, ...) for a tokenizer and a stemmer.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
declare module 'natural/lib/natural/tokenizers/regexp_tokenizer.js' {
  export class RegexpTokenizer {
    constructor(options: { pattern: RegExp; gaps?: boolean });
    /** With `gaps: false`, the matches of the pattern (null when there are none). */
    tokenize(text: string): string[] | null;
  }
}
declare module 'natural/lib/natural/util/stopwords.js' {
  export const words: string[];
}
