/**
 * The two small languages of finding: the code query (`analysis.query`) and the search text
 * (`analysis.search`, made into a safe FTS5 query), plus the sentence rule of auto-coding.
 */
import { describe, expect, it } from 'vitest';
import { sentenceAround } from '../../electron/core/analysis/autocode.js';
import { ftsQuery } from '../../electron/core/analysis/fts-query.js';
import { formatQuery, parseQuery, QuerySyntaxError, queryNames, type QueryNode } from '../../electron/core/analysis/query-parse.js';

/** The tree as a compact string: (and A B), (near/2 A B). */
function show(n: QueryNode): string {
  if (n.kind === 'code') return n.quoted ? `"${n.name}"` : n.name;
  return `(${n.kind === 'near' ? `near/${n.distance}` : n.kind} ${show(n.left)} ${show(n.right)})`;
}

function fails(text: string): { message: string; position: number } {
  try {
    parseQuery(text);
  } catch (e) {
    expect(e).toBeInstanceOf(QuerySyntaxError);
    return { message: (e as QuerySyntaxError).message, position: (e as QuerySyntaxError).position };
  }
  throw new Error(`"${text}" parsed`);
}

describe('parseQuery', () => {
  it('reads names: bare, several bare words, quoted (straight or curly), guids', () => {
    expect(show(parseQuery('Burnout'))).toBe('Burnout');
    expect(show(parseQuery('  speaking   up  '))).toBe('speaking up');
    expect(show(parseQuery('"speaking  up"'))).toBe('"speaking up"');
    expect(show(parseQuery('“peer support”'))).toBe('"peer support"');
    expect(show(parseQuery('0b6c1e2a-1111-4111-8111-0123456789ab'))).toBe('0b6c1e2a-1111-4111-8111-0123456789ab');
    // A quoted operator word is a name.
    expect(show(parseQuery('"and" OR "near/2"'))).toBe('(or "and" "near/2")');
  });

  it('binds NEAR tightest, then AND and NOT, then OR, all left to right', () => {
    expect(show(parseQuery('A OR B AND C'))).toBe('(or A (and B C))');
    expect(show(parseQuery('A AND B OR C'))).toBe('(or (and A B) C)');
    expect(show(parseQuery('A NOT B AND C'))).toBe('(and (not A B) C)');
    expect(show(parseQuery('A AND B NEAR/3 C'))).toBe('(and A (near/3 B C))');
    expect(show(parseQuery('A near/0 B NEAR/1 C'))).toBe('(near/1 (near/0 A B) C)');
    expect(show(parseQuery('a or b or c'))).toBe('(or (or a b) c)');
  });

  it('groups with parentheses, nested', () => {
    expect(show(parseQuery('(A OR B) AND C'))).toBe('(and (or A B) C)');
    expect(show(parseQuery('A NOT (B OR (C AND "d e"))'))).toBe('(not A (or B (and C "d e")))');
    expect(show(parseQuery('((A))'))).toBe('A');
  });

  it('formats a tree back with capitals, quotes and only the brackets it needs', () => {
    for (const [text, out] of [
      ['a or b and c', '"a" OR "b" AND "c"'],
      ['(a or b) and c', '("a" OR "b") AND "c"'],
      ['a and (b and c)', '"a" AND ("b" AND "c")'],
      ['(a near/1 b) near/2 c', '"a" NEAR/1 "b" NEAR/2 "c"'],
      ['a near/1 (b near/2 c)', '"a" NEAR/1 ("b" NEAR/2 "c")'],
      ['a not (b or c)', '"a" NOT ("b" OR "c")'],
    ]) {
      expect(formatQuery(parseQuery(text!))).toBe(out);
      // What it prints parses to the same tree.
      expect(show(parseQuery(out!))).toBe(show(parseQuery(text!)).replace(/\b([abc])\b/g, '"$1"'));
    }
  });

  it('lists the names with their positions', () => {
    expect(queryNames(parseQuery('Burnout AND ("peer support" OR x y)'))).toEqual([
      { name: 'Burnout', at: 0 },
      { name: 'peer support', at: 13 },
      { name: 'x y', at: 31 },
    ]);
  });

  it('reports each mistake with its position', () => {
    expect(fails('')).toEqual({ message: 'The query is empty: name a code.', position: 0 });
    expect(fails('A AND')).toEqual({ message: 'The query ends too early at character 6: a code name is missing.', position: 5 });
    expect(fails('AND A').position).toBe(0);
    expect(fails('NOT A').message).toBe('Expected a code name at character 1, found NOT.');
    expect(fails('A OR OR B')).toEqual({ message: 'Expected a code name at character 6, found OR.', position: 5 });
    expect(fails('(A OR B')).toEqual({ message: 'The bracket at character 1 is never closed (found the end of the query at character 8).', position: 7 });
    expect(fails('A) OR B')).toEqual({ message: 'Unexpected ")" at character 2 (a closing bracket without an opening one).', position: 1 });
    expect(fails('(A) (B)').message).toBe('Unexpected "(" at character 5 (join codes with AND, OR, NOT or NEAR/N).');
    expect(fails('A AND "B')).toEqual({ message: 'The quote at character 7 is never closed.', position: 6 });
    expect(fails('A AND ""').message).toBe('Empty quotes at character 7: put a code name between them.');
    expect(fails('A NEAR B').message).toBe('"NEAR" at character 3: write NEAR/N with a number of turns, e.g. NEAR/2.');
    expect(fails('A NEAR/x B').position).toBe(2);
    expect(fails('A NEAR/5000 B').message).toMatch(/at most 1000 turns/);
    expect(fails('()').message).toBe('Expected a code name at character 2, found ")".');
  });
});

function ftsFails(text: string): { message: string; position: number } {
  try {
    ftsQuery(text);
  } catch (e) {
    expect(e).toBeInstanceOf(QuerySyntaxError);
    return { message: (e as QuerySyntaxError).message, position: (e as QuerySyntaxError).position };
  }
  throw new Error(`"${text}" was accepted`);
}

describe('ftsQuery', () => {
  it('quotes every word and phrase, so FTS5 syntax in the text stays text', () => {
    expect(ftsQuery('support')).toBe('"support"');
    expect(ftsQuery('peer support')).toBe('("peer" AND "support")');
    expect(ftsQuery('"peer support"')).toBe('"peer support"');
    expect(ftsQuery('“peer support”')).toBe('"peer support"');
    expect(ftsQuery('supp*')).toBe('"supp"*');
    expect(ftsQuery('"peer supp"*')).toBe('"peer supp"*');
    expect(ftsQuery("don't")).toBe(`"don't"`);
    expect(ftsQuery('text: NEAR(a b) ^start col:x')).toBe('(((("text:" AND "NEAR") AND ("a" AND "b")) AND "^start") AND "col:x")');
  });

  it('keeps capitalised AND, OR, NOT as operators, fully bracketed; lower case is a word', () => {
    expect(ftsQuery('a OR b c')).toBe('("a" OR ("b" AND "c"))');
    expect(ftsQuery('a NOT b OR c')).toBe('(("a" NOT "b") OR "c")');
    expect(ftsQuery('(a OR b) NOT c')).toBe('(("a" OR "b") NOT "c")');
    expect(ftsQuery('a AND b')).toBe('("a" AND "b")');
    expect(ftsQuery('rock and roll')).toBe('(("rock" AND "and") AND "roll")');
  });

  it('reports each mistake with its position', () => {
    expect(ftsFails('say "hi')).toEqual({ message: 'The quote at character 5 is never closed.', position: 4 });
    expect(ftsFails('NOT a').message).toBe('Expected a word at character 1, found "NOT" (NOT goes between words: "support NOT family").');
    expect(ftsFails('a OR').position).toBe(4);
    expect(ftsFails('a OR OR b').message).toBe('Expected a word at character 6, found "OR".');
    expect(ftsFails('(a').message).toBe('The bracket at character 1 is never closed (found the end at character 3).');
    expect(ftsFails('a)').position).toBe(1);
    expect(ftsFails('()').position).toBe(1);
    expect(ftsFails('su*pp')).toEqual({ message: '"su*pp" at character 1: a * goes at the end of a word (supp*).', position: 2 });
    expect(ftsFails('a --').message).toBe('"--" at character 3 has no letters or digits to search for.');
    expect(ftsFails('a "  "').message).toBe('The quotes at character 3 hold no word to search for.');
    expect(ftsFails('   ').message).toBe('Type a word or a phrase to search for.');
  });
});

describe('sentenceAround', () => {
  const text = 'P1: First one. Then "the second, with peer support!" And a third… Last line\nNew paragraph here';
  const around = (word: string, lo = 4, hi = text.length) => {
    const start = text.indexOf(word);
    const s = sentenceAround(text, start, start + word.length, lo, hi);
    return text.slice(s.start, s.end);
  };

  it('widens a hit to its sentence, closing quotes included, within its turn', () => {
    expect(around('First')).toBe('First one.');
    expect(around('peer support')).toBe('Then "the second, with peer support!"');
    expect(around('third')).toBe('And a third…');
    expect(around('Last')).toBe('Last line');
    expect(around('paragraph')).toBe('New paragraph here');
    // The turn bounds it: a turn starting at "Then" begins the sentence there.
    expect(around('second', text.indexOf('"the'))).toBe('"the second, with peer support!"');
  });

  it('does not end a sentence inside a number', () => {
    const t = 'We had 3.5 shifts a week. Then';
    const s = sentenceAround(t, t.indexOf('shifts'), t.indexOf('shifts') + 6, 0, t.length);
    expect(t.slice(s.start, s.end)).toBe('We had 3.5 shifts a week.');
  });
});
