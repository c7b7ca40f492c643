/**
 * What a researcher types into the search box, made into an FTS5 query that cannot fail with a
 * syntax error inside SQLite: every word and phrase is quoted, operators and brackets are checked
 * here, and every mistake is reported with its position.
 *
 *   support peer         both words in the turn (stemmed: "supporting" counts)
 *   "peer support"       the phrase
 *   supp*                words starting with "supp"
 *   a OR b, a NOT b, a AND b, ( )
 *
 * Operators are the capitalised words AND, OR, NOT (as in FTS5 itself), so "and" in lower case is
 * just a word. The output is fully bracketed, so FTS5's own precedence never matters.
 */

import { QuerySyntaxError } from './query-parse.js';

type Token =
  | { type: 'term'; text: string; prefix: boolean; phrase: boolean; at: number }
  | { type: 'AND' | 'OR' | 'NOT' | '(' | ')' | 'end'; at: number };

const HAS_WORD = /[\p{L}\p{N}]/u;
const QUOTES = new Set(['"', '“', '”']);

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      out.push({ type: ch, at: i++ });
    } else if (QUOTES.has(ch)) {
      let close = i + 1;
      while (close < text.length && !QUOTES.has(text[close]!)) close++;
      if (close >= text.length) throw new QuerySyntaxError(`The quote at character ${i + 1} is never closed.`, i);
      const phrase = text.slice(i + 1, close).trim();
      if (!HAS_WORD.test(phrase)) throw new QuerySyntaxError(`The quotes at character ${i + 1} hold no word to search for.`, i);
      const prefix = text[close + 1] === '*';
      out.push({ type: 'term', text: phrase, prefix, phrase: true, at: i });
      i = close + 1 + (prefix ? 1 : 0);
    } else {
      let j = i;
      while (j < text.length && !/\s/.test(text[j]!) && !QUOTES.has(text[j]!) && text[j] !== '(' && text[j] !== ')') j++;
      const word = text.slice(i, j);
      if (word === 'AND' || word === 'OR' || word === 'NOT') out.push({ type: word, at: i });
      else {
        const star = word.indexOf('*');
        if (star >= 0 && star !== word.length - 1) {
          throw new QuerySyntaxError(`"${word}" at character ${i + 1}: a * goes at the end of a word (supp*).`, i + star);
        }
        const bare = star >= 0 ? word.slice(0, -1) : word;
        if (!HAS_WORD.test(bare)) {
          throw new QuerySyntaxError(`"${word}" at character ${i + 1} has no letters or digits to search for.`, i);
        }
        out.push({ type: 'term', text: bare, prefix: star >= 0, phrase: false, at: i });
      }
      i = j;
    }
  }
  out.push({ type: 'end', at: text.length });
  return out;
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The FTS5 query for a search text; throws QuerySyntaxError. */
export function ftsQuery(text: string): string {
  const tokens = tokenize(text);
  let k = 0;
  const peek = () => tokens[k]!;
  const name = (t: Token) => (t.type === 'end' ? 'the end' : t.type === 'term' ? `"${t.text}"` : `"${t.type}"`);

  const parseOr = (): string => {
    let left = parseAnd();
    while (peek().type === 'OR') {
      k++;
      left = `(${left} OR ${parseAnd()})`;
    }
    return left;
  };
  const parseAnd = (): string => {
    let left = parsePrimary();
    for (;;) {
      const t = peek();
      if (t.type === 'AND' || t.type === 'NOT') {
        k++;
        left = `(${left} ${t.type} ${parsePrimary()})`;
      } else if (t.type === 'term' || t.type === '(') {
        // Words side by side must all occur, as in every search box.
        left = `(${left} AND ${parsePrimary()})`;
      } else return left;
    }
  };
  const parsePrimary = (): string => {
    const t = tokens[k++]!;
    if (t.type === 'term') return `${quote(t.text)}${t.prefix ? '*' : ''}`;
    if (t.type === '(') {
      const inner = parseOr();
      const close = tokens[k++]!;
      if (close.type !== ')') {
        throw new QuerySyntaxError(`The bracket at character ${t.at + 1} is never closed (found ${name(close)} at character ${close.at + 1}).`, close.at);
      }
      return inner;
    }
    if (t.type === 'end') {
      throw new QuerySyntaxError(k === 1 ? 'Type a word or a phrase to search for.' : `The search ends after an operator at character ${t.at}: a word is missing.`, t.at);
    }
    const hint = t.type === 'NOT' ? ' (NOT goes between words: "support NOT family")' : '';
    throw new QuerySyntaxError(`Expected a word at character ${t.at + 1}, found ${name(t)}${hint}.`, t.at);
  };

  const out = parseOr();
  const rest = peek();
  if (rest.type !== 'end') {
    throw new QuerySyntaxError(`Unexpected ${name(rest)} at character ${rest.at + 1} (a closing bracket without an opening one).`, rest.at);
  }
  return out;
}
