/** The finding tabs' pure helpers: building a query at the caret, context lines, filters. */
import { describe, expect, it } from 'vitest';
import type { RetrievedSegment } from '../../shared/analysis-find.js';
import {
  activeFilterCount,
  contextParts,
  insertIntoQuery,
  NO_SEGMENT_FILTERS,
  queryName,
  searchFilters,
  segmentFilters,
  spaceAfterKeyword,
} from '../../renderer/src/explore/find/find-format';

describe('insertIntoQuery', () => {
  it('joins a name that follows a name with AND', () => {
    expect(insertIntoQuery('"Stigma"', 8, '"Licensing fears"', 'name')).toEqual({ text: '"Stigma" AND "Licensing fears"', caret: 30 });
  });

  it('does not add AND after an operator or an opening bracket, nor into an empty query', () => {
    expect(insertIntoQuery('', 0, '"Stigma"', 'name').text).toBe('"Stigma"');
    expect(insertIntoQuery('"A" OR ', 7, '"B"', 'name').text).toBe('"A" OR "B"');
    expect(insertIntoQuery('"A" near/2', 10, '"B"', 'name').text).toBe('"A" near/2 "B"');
    expect(insertIntoQuery('(', 1, '"B"', 'name').text).toBe('( "B"');
  });

  it('inserts at the caret, keeping what follows, with single spaces', () => {
    const r = insertIntoQuery('"A"  "C"', 4, 'OR', 'operator');
    expect(r.text).toBe('"A" OR "C"');
    expect(r.text.slice(0, r.caret)).toBe('"A" OR');
  });

  it('leaves the caret after a space when an operator ends the query, ready for the next name', () => {
    const r = insertIntoQuery('"A"', 3, 'NOT', 'operator');
    expect(r).toEqual({ text: '"A" NOT ', caret: 8 });
  });
});

describe('queryName', () => {
  it('quotes every name, and gives a name holding a quote by its guid', () => {
    expect(queryName('Licensing fears', 'g1')).toBe('"Licensing fears"');
    expect(queryName('OR', 'g2')).toBe('"OR"');
    expect(queryName('The "good" intern', 'g3')).toBe('g3');
  });
});

function segment(contextText: string, contextStart: number, start: number, end: number): RetrievedSegment {
  return { start, end, context: { start: contextStart, end: contextStart + contextText.length, text: contextText } } as RetrievedSegment;
}

describe('contextParts', () => {
  it('splits the context at the segment, in document offsets', () => {
    expect(contextParts(segment('I said no. Then I left.', 100, 111, 123))).toEqual({ before: 'I said no. ', inside: 'Then I left.', after: '' });
  });

  it('cuts long context at a word on each side, with an ellipsis where it was cut', () => {
    const before = 'alpha beta gamma delta epsilon ';
    const after = ' zeta eta theta iota kappa';
    const parts = contextParts(segment(`${before}CORE${after}`, 0, before.length, before.length + 4), 12);
    expect(parts.inside).toBe('CORE');
    expect(parts.before).toBe('… epsilon ');
    expect(parts.after).toBe(' zeta eta …');
  });
});

describe('spaceAfterKeyword', () => {
  it('keeps punctuation on the keyword and puts a space before words', () => {
    expect(spaceAfterKeyword('? And then')).toBe(false);
    expect(spaceAfterKeyword(', right')).toBe(false);
    expect(spaceAfterKeyword('here, whether')).toBe(true);
    expect(spaceAfterKeyword('')).toBe(false);
  });
});

describe('filters', () => {
  it('gives the search only the filters chosen', () => {
    expect(searchFilters('all', [])).toEqual({});
    expect(searchFilters('moderator', ['d1'])).toEqual({ roles: ['moderator'], documents: ['d1'] });
  });

  it('drops attributes without values and counts what filters', () => {
    const state = { ...NO_SEGMENT_FILTERS, roles: ['participant' as const], attributes: { a1: ['PGY2'], a2: [] }, coders: ['u1'] };
    expect(segmentFilters(state)).toEqual({ roles: ['participant'], attributes: [{ attribute: 'a1', values: ['PGY2'] }], coders: ['u1'] });
    expect(activeFilterCount(state)).toBe(3);
    expect(segmentFilters(NO_SEGMENT_FILTERS)).toEqual({});
  });
});
