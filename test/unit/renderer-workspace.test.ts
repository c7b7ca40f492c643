/** Pure parts of the coding workspace: word snapping and nudging, stripes, filters, find, context, in-vivo names. */
import { describe, expect, it } from 'vitest';
import { segmentContext } from '../../renderer/src/codes/context';
import { findInTurns, visibleTurns } from '../../renderer/src/transcript/find';
import { diffCodings, inVivoName, nudgeSpan, snapToWords } from '../../renderer/src/transcript/offsets';
import { stripeColumns, turnStripeParts } from '../../renderer/src/transcript/stripes';

const at = (text: string, phrase: string) => ({ start: text.indexOf(phrase), end: text.indexOf(phrase) + phrase.length });

describe('snapToWords', () => {
  const text = "We didn't talk — the café's door, naïve 👩‍⚕️ plan.";
  it('widens ends inside words to the whole words', () => {
    const s = snapToWords(text, { start: text.indexOf('idn'), end: text.indexOf('alk') + 1 });
    expect(text.slice(s.start, s.end)).toBe("didn't talk");
  });
  it('keeps apostrophes and accents inside words and stops at punctuation', () => {
    const s = snapToWords(text, { start: text.indexOf('afé') , end: text.indexOf('door') + 2 });
    expect(text.slice(s.start, s.end)).toBe("café's door");
    const n = snapToWords(text, { start: text.indexOf('ïve'), end: text.indexOf('ïve') + 2 });
    expect(text.slice(n.start, n.end)).toBe('naïve');
  });
  it('leaves spans that already fall on word boundaries alone, and an emoji is not a word', () => {
    const span = at(text, "didn't talk");
    expect(snapToWords(text, span)).toEqual(span);
    const e = at(text, '👩‍⚕️');
    expect(snapToWords(text, e)).toEqual(e);
  });
  it('handles the first and last character', () => {
    expect(snapToWords('hello world', { start: 1, end: 2 })).toEqual({ start: 0, end: 5 });
    expect(snapToWords('hello world', { start: 7, end: 11 })).toEqual({ start: 6, end: 11 });
  });
});

describe('nudgeSpan', () => {
  const text = 'one two three four five';
  const span = at(text, 'two three');
  it('moves the start and the end by a word either way', () => {
    expect(text.slice(...Object.values(nudgeSpan(text, span, 'start', -1)!) as [number, number])).toBe('one two three');
    expect(text.slice(...Object.values(nudgeSpan(text, span, 'start', 1)!) as [number, number])).toBe('three');
    expect(text.slice(...Object.values(nudgeSpan(text, span, 'end', 1)!) as [number, number])).toBe('two three four');
    expect(text.slice(...Object.values(nudgeSpan(text, span, 'end', -1)!) as [number, number])).toBe('two');
  });
  it('never empties a span and stops at the text edges', () => {
    expect(nudgeSpan(text, at(text, 'two'), 'start', 1)).toBeNull();
    expect(nudgeSpan(text, at(text, 'one'), 'start', -1)).toEqual(at(text, 'one'));
    expect(nudgeSpan(text, at(text, 'five'), 'end', 1)).toEqual(at(text, 'five'));
  });
});

describe('diffCodings with resized codings', () => {
  it('takes off and puts back a coding whose boundaries moved', () => {
    const before = new Map([['a', { guid: 'a', start: 0, end: 5 }], ['b', { guid: 'b', start: 2, end: 4 }]]);
    const change = diffCodings(before, [{ guid: 'a', start: 0, end: 7 }, { guid: 'b', start: 2, end: 4 }]);
    expect(change.removed).toEqual([{ guid: 'a', start: 0, end: 5 }]);
    expect(change.added).toEqual([{ guid: 'a', start: 0, end: 7 }]);
  });
});

describe('stripeColumns', () => {
  it('puts overlapping codings in separate columns and reuses a column once it is free', () => {
    const col = Object.fromEntries(
      stripeColumns([
        { guid: 'a', start: 0, end: 100 },
        { guid: 'b', start: 50, end: 80 },
        { guid: 'c', start: 90, end: 120 },
        { guid: 'd', start: 130, end: 140 },
      ], 1),
    );
    expect(col).toEqual({ a: 0, b: 1, c: 1, d: 0 });
  });
  it('keeps codings less than a line apart in different columns, whatever the order it is given', () => {
    const codings = [
      { guid: 'a', start: 0, end: 20 },
      { guid: 'b', start: 60, end: 90 },
      { guid: 'c', start: 95, end: 140 },
      { guid: 'd', start: 300, end: 320 },
    ];
    const col = Object.fromEntries(stripeColumns(codings));
    expect(col).toEqual({ a: 0, b: 1, c: 2, d: 0 });
    expect(Object.fromEntries(stripeColumns([...codings].reverse()))).toEqual(col);
  });
});

describe('turnStripeParts', () => {
  const turn = { guid: 't', start: 100, end: 200 };
  const columns = new Map([
    ['inside', 0],
    ['across', 1],
    ['from-before', 2],
  ]);
  const extents = new Map([
    ['inside', { top: 30, bottom: 50 }],
    ['across', { top: 40, bottom: 90 }],
    ['from-before', { top: 20, bottom: 44 }],
  ]);
  it('draws a coding inside the turn where its marks are, and joins parts of a coding over several turns', () => {
    const parts = turnStripeParts(
      turn,
      [
        { guid: 'inside', start: 110, end: 130 },
        { guid: 'across', start: 150, end: 260 },
        { guid: 'from-before', start: 40, end: 120 },
        { guid: 'not-drawn', start: 150, end: 160 },
      ],
      new Set(['inside', 'across']),
      extents,
      columns,
      96,
      16,
    );
    expect(parts).toEqual([
      { guid: 'inside', column: 0, top: 30, bottom: 50, first: true },
      { guid: 'across', column: 1, top: 40, bottom: 112, first: true },
      { guid: 'from-before', column: 2, top: 0, bottom: 44, first: false },
    ]);
  });
});

describe('filters and find', () => {
  const text = 'M: Hello all. P1: Hello, hello! P2: Bye.';
  const turns = [
    { ...at(text, 'Hello all.'), speaker: { label: 'M', role: 'moderator' } },
    { ...at(text, 'Hello, hello!'), speaker: { label: 'P1', role: 'participant' } },
    { ...at(text, 'Bye.'), speaker: { label: 'P2', role: 'participant' } },
  ];
  it('keeps the turns of a speaker, of a role, and with a code', () => {
    expect(visibleTurns(turns, { kind: 'all' }, null)).toBeNull();
    expect([...visibleTurns(turns, { kind: 'speaker', label: 'P1' }, null)!]).toEqual([1]);
    expect([...visibleTurns(turns, { kind: 'role', role: 'participant' }, null)!]).toEqual([1, 2]);
    expect([...visibleTurns(turns, { kind: 'role', role: 'participant' }, [at(text, 'Bye')])!]).toEqual([2]);
  });
  it('finds every hit inside turns, ignoring case and the labels between turns', () => {
    expect(findInTurns(text, turns, 'hello').map((h) => text.slice(h.start, h.end))).toEqual(['Hello', 'Hello', 'hello']);
    expect(findInTurns(text, turns, 'P1')).toEqual([]);
    expect(findInTurns(text, turns, '  ')).toEqual([]);
  });
});

describe('segmentContext', () => {
  const text = 'A: one two three four five six. B: seven eight nine ten.';
  const turns = [at(text, 'one two three four five six.'), at(text, 'seven eight nine ten.')];
  it('gives words around a segment within its turn', () => {
    expect(segmentContext(text, turns, at(text, 'four'), 2)).toEqual({ before: '…two three ', after: ' five six.' });
    expect(segmentContext(text, turns, at(text, 'seven'), 2)).toEqual({ before: '', after: ' eight nine…' });
  });
});

describe('inVivoName', () => {
  it('is the selected words, white space collapsed, quotes dropped, at most about 60 characters', () => {
    expect(inVivoName('  It\'s the\nparking   garage ')).toBe("It's the parking garage");
    expect(inVivoName('“you okay?”')).toBe('you okay?');
    const long = inVivoName('and then you end up standing in the parking garage for forty minutes with everyone');
    expect(long.length).toBeLessThanOrEqual(61);
    expect(long.endsWith('…')).toBe(true);
    expect(long).toBe('and then you end up standing in the parking garage for forty…');
  });
});
