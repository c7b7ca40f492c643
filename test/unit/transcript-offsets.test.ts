/**
 * The pure core of the transcript view: selection points to document spans, spans to turns and
 * mark segments, and the quick-code ranking.
 */
import { describe, expect, it } from 'vitest';
import type { Code } from '../../shared/types';
import { codeTree, rankCodes } from '../../renderer/src/codes/code-tree';
import { formatTime, markStyle } from '../../renderer/src/transcript/format';
import { diffCodings, keyboardSelect, segmentTurn, sliceByTurns, snapToTurns, spanBetween, tidySpan, turnAt } from '../../renderer/src/transcript/offsets';

// "Moderator: Hi 👋 all.\n\nP1: Café — naïve?" with turns over what was said.
const TEXT = 'Moderator: Hi 👋 all.\n\nP1: Café — naïve?';
const TURNS = [
  { start: 11, end: TEXT.indexOf('\n') },
  { start: TEXT.indexOf('P1: ') + 4, end: TEXT.length },
];

describe('selection points to document spans', () => {
  it('adds the offset in the turn to the turn start, in UTF-16 units', () => {
    // "Hi 👋 " is 6 code units: the emoji counts two, as in the DOM.
    expect(spanBetween(TURNS, { turn: 0, offset: 6 }, { turn: 0, offset: 9 })).toEqual({ start: 17, end: 20 });
    expect(TEXT.slice(17, 20)).toBe('all');
  });

  it('orders the points of a backwards selection and joins turns into one span', () => {
    const span = spanBetween(TURNS, { turn: 1, offset: 4 }, { turn: 0, offset: 3 });
    expect(span).toEqual({ start: 14, end: TURNS[1]!.start + 4 });
  });

  it('ignores a collapsed selection and clamps offsets to the turn', () => {
    expect(spanBetween(TURNS, { turn: 0, offset: 2 }, { turn: 0, offset: 2 })).toBeNull();
    expect(spanBetween(TURNS, { turn: 0, offset: 0 }, { turn: 0, offset: 999 })).toEqual({ start: 11, end: TURNS[0]!.end });
  });

  it('drops white space at the ends and never cuts a surrogate pair', () => {
    expect(tidySpan(TEXT, { start: 13, end: 17 })).toEqual({ start: 14, end: 16 });
    expect(tidySpan(TEXT, { start: 15, end: 16 })).toEqual({ start: 14, end: 16 });
    expect(tidySpan(TEXT, { start: 13, end: 14 })).toBeNull();
  });

  it('moves ends that fall between turns onto the turns', () => {
    const gapStart = TURNS[0]!.end;
    expect(snapToTurns(TURNS, { start: gapStart, end: TURNS[1]!.start + 4 })).toEqual({ start: TURNS[1]!.start, end: TURNS[1]!.start + 4 });
    expect(snapToTurns(TURNS, { start: 14, end: TURNS[1]!.start })).toEqual({ start: 14, end: gapStart });
    expect(snapToTurns(TURNS, { start: gapStart, end: TURNS[1]!.start })).toBeNull();
  });
});

describe('spans to turns and marks', () => {
  it('finds the turn of an offset', () => {
    expect(turnAt(TURNS, 0)).toBe(-1);
    expect(turnAt(TURNS, 11)).toBe(0);
    expect(turnAt(TURNS, TURNS[1]!.start)).toBe(1);
  });

  it('slices a span into the turns it overlaps, in turn-local offsets', () => {
    expect(sliceByTurns(TURNS, { start: 14, end: TURNS[1]!.start + 4 })).toEqual([
      { turn: 0, start: 3, end: TURNS[0]!.end - 11 },
      { turn: 1, start: 0, end: 4 },
    ]);
    expect(sliceByTurns(TURNS, { start: TURNS[0]!.end, end: TURNS[1]!.start })).toEqual([]);
  });

  it('cuts a turn at every coding boundary, one id set per segment', () => {
    const segs = segmentTurn(20, [
      { id: 'a', start: 2, end: 10 },
      { id: 'b', start: 5, end: 15 },
    ]);
    expect(segs).toEqual([
      { start: 0, end: 2, ids: [] },
      { start: 2, end: 5, ids: ['a'] },
      { start: 5, end: 10, ids: ['a', 'b'] },
      { start: 10, end: 15, ids: ['b'] },
      { start: 15, end: 20, ids: [] },
    ]);
  });

  it('diffs coding lists by guid', () => {
    const before = new Map([
      ['x', { guid: 'x', start: 0, end: 1 }],
      ['y', { guid: 'y', start: 1, end: 2 }],
    ]);
    const { added, removed } = diffCodings(before, [{ guid: 'y', start: 1, end: 2 }, { guid: 'z', start: 3, end: 4 }]);
    expect(added.map((c) => c.guid)).toEqual(['z']);
    expect(removed.map((c) => c.guid)).toEqual(['x']);
  });

  it('draws one underline per overlapping coding', () => {
    expect(markStyle(['#F4A261']).boxShadow.match(/inset/g)).toHaveLength(1);
    const two = markStyle(['#F4A261', '#8ECAE6']);
    expect(two.boxShadow.match(/inset/g)).toHaveLength(2);
    expect(two.background).toContain('linear-gradient');
  });

  it('writes times as h:mm:ss', () => {
    expect(formatTime(4)).toBe('0:00:04');
    expect(formatTime(3 * 3600 + 61)).toBe('3:01:01');
  });
});

describe('codebook tree and quick-code ranking', () => {
  const code = (guid: string, name: string, parentGuid: string | null, position: number): Code => ({
    guid,
    name,
    parentGuid,
    position,
    kind: 'code',
    color: '#F4A261',
    definition: '',
    inclusion: '',
    exclusion: '',
    example: '',
    status: null,
    codings: 0,
    documents: 0,
    createdAt: '',
    createdBy: '',
    centralConcept: '',
    exampleCoding: null,
    mapX: null,
    mapY: null,
  });
  const codes = [
    code('b', 'Barriers to seeking support', null, 1),
    code('s', 'Stigma', 'b', 0),
    code('i', 'Informal peer support', null, 0),
    code('h', 'Hallway check-ins', 'i', 0),
    code('p', 'Peer pressure', null, 2),
  ];

  it('lists codes depth first, siblings by position', () => {
    expect(codeTree(codes).map((r) => `${r.depth}:${r.code.name}`)).toEqual([
      '0:Informal peer support',
      '1:Hallway check-ins',
      '0:Barriers to seeking support',
      '1:Stigma',
      '0:Peer pressure',
    ]);
  });

  it('ranks exact, prefix, word-start, then anywhere', () => {
    const rows = codeTree(codes);
    expect(rankCodes(rows, 'PEER').map((r) => r.code.name)).toEqual(['Peer pressure', 'Informal peer support']);
    expect(rankCodes(rows, 'support').map((r) => r.code.name)).toEqual(['Informal peer support', 'Barriers to seeking support']);
    expect(rankCodes(rows, 'stigma').map((r) => r.code.name)).toEqual(['Stigma']);
    expect(rankCodes(rows, 'zzz')).toEqual([]);
    expect(rankCodes(rows, '  ')).toHaveLength(5);
  });
});

describe('keyboardSelect', () => {
  const text = 'M: So how was it?\nP1: Honestly, it was hard. We talked after.\nP2: Not me.';
  const span = (words: string) => ({ start: text.indexOf(words), end: text.indexOf(words) + words.length });
  const turns = [span('So how was it?'), span('Honestly, it was hard. We talked after.'), span('Not me.')];
  it('starts with the first word of the current turn and grows and shrinks a word at a time', () => {
    const first = keyboardSelect(text, turns, turns[1]!, null, 'end-forward');
    expect(first).toEqual(span('Honestly'));
    const two = keyboardSelect(text, turns, turns[1]!, first, 'end-forward')!;
    expect(text.slice(two.start, two.end)).toBe('Honestly, it');
    const back = keyboardSelect(text, turns, turns[1]!, two, 'end-back')!;
    expect(text.slice(back.start, back.end)).toBe('Honestly');
    expect(keyboardSelect(text, turns, turns[1]!, back, 'end-back')).toBeNull();
  });
  it('moves the start by words, and runs the end to the end of the turn, then of the next', () => {
    const three = span('Honestly, it was');
    const later = keyboardSelect(text, turns, turns[1]!, three, 'start-forward')!;
    expect(text.slice(later.start, later.end)).toBe('it was');
    const toEnd = keyboardSelect(text, turns, turns[1]!, later, 'to-turn-end')!;
    expect(text.slice(toEnd.start, toEnd.end)).toBe('it was hard. We talked after.');
    const across = keyboardSelect(text, turns, turns[1]!, toEnd, 'to-turn-end')!;
    expect(text.slice(across.start, across.end)).toBe('it was hard. We talked after.\nP2: Not me.');
  });
});
