/**
 * Full-text search on PostgreSQL: the FTS5 queries the search builds (analysis/fts-query.ts) as
 * to_tsquery text, and ts_headline's options for marking matches as FTS5's highlight() does.
 *
 * fts-query.ts's output is regular: quoted terms ("word", "a phrase", with "" for a quote),
 * optionally followed by * (a prefix), the operators AND, OR, NOT (binary: a NOT b is a AND NOT b)
 * and brackets around every operation. Each term becomes its words, quoted for to_tsquery (which
 * still stems them with the `english` configuration of the index), joined by <-> (followed by)
 * for a phrase, the last one with :* for a prefix. A word is a run of letters and digits: what
 * FTS5's unicode61 tokenizer and PostgreSQL's parser both split text into, so a term like
 * "co-residents" is the phrase co <-> residents on both sides.
 *
 * What differs from FTS5: the `english` configuration drops stop words ("the", "and"), so a search
 * of only stop words finds nothing; accents are not folded (unicode61 folds them); a phrase is
 * highlighted word by word, where FTS5 marks the whole phrase as one stretch.
 */
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';

/** The text search configuration of turns_fts (project-schema.ts): the queries name the same one. */
export const FTS_CONFIG = 'english';

const WORD = /[\p{L}\p{N}]+/gu;

/** The to_tsquery text of an FTS5 query written by fts-query.ts. */
export function tsqueryOf(fts: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < fts.length) {
    const c = fts[i]!;
    if (c === ' ') i++;
    else if (c === '(' || c === ')') {
      out.push(c);
      i++;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      for (;;) {
        const q = fts.indexOf('"', j);
        if (q < 0) throw notOurs(fts);
        text += fts.slice(j, q);
        if (fts[q + 1] === '"') {
          text += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      const prefix = fts[j] === '*';
      const words = text.match(WORD) ?? [];
      if (words.length === 0) throw notOurs(fts);
      const last = words.length - 1;
      const terms = words.map((w, k) => `'${w}'${prefix && k === last ? ':*' : ''}`);
      out.push(terms.length === 1 ? terms[0]! : `(${terms.join(' <-> ')})`);
      i = prefix ? j + 1 : j;
    } else if (fts.startsWith('AND', i)) {
      out.push('&');
      i += 3;
    } else if (fts.startsWith('OR', i)) {
      out.push('|');
      i += 2;
    } else if (fts.startsWith('NOT', i)) {
      out.push('& !');
      i += 3;
    } else throw notOurs(fts);
  }
  return out.join(' ');
}

function notOurs(fts: string): Error {
  return new ChorusError(ErrorCode.INTERNAL, `Not a search query the search wrote: ${fts}`);
}

/**
 * ts_headline's options: the whole text (not fragments), every match between `open` and `close`.
 * The markers are control or private-use characters, quoted so nothing in them is read as syntax.
 */
export function headlineOptions(open: string, close: string): string {
  return `StartSel="${open}", StopSel="${close}", HighlightAll=true`;
}
