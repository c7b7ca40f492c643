import { describe, expect, it } from 'vitest';
import { coderInitials, coderPatternClass, visibleByCoder, type CoderMark } from '../../renderer/src/team/coder-layer';
import { groupedStripeColumns, stripeColumns } from '../../renderer/src/transcript/stripes';

const mark = (index: number): CoderMark => ({ guid: `c${index}`, name: `Coder ${index}`, initials: `C${index}`, mine: index === 0, index });

describe('coder layers', () => {
  it('labels a coder by their initials', () => {
    expect(coderInitials('Jonas Berg')).toBe('JB');
    expect(coderInitials('Maya van der Linden')).toBe('ML');
    expect(coderInitials('maya')).toBe('MA');
    expect(coderInitials('j.berg')).toBe('JB');
    expect(coderInitials('  ')).toBe('?');
  });

  it('draws my stripes plain and gives each co-coder a pattern, four in turn', () => {
    expect(coderPatternClass(mark(0))).toBe('');
    expect([1, 2, 3, 4, 5].map((i) => coderPatternClass(mark(i)))).toEqual([
      'coder-pattern-1',
      'coder-pattern-2',
      'coder-pattern-3',
      'coder-pattern-4',
      'coder-pattern-1',
    ]);
  });

  it('keeps the codings of the coders shown, and the very same list when everyone is shown', () => {
    const list = [{ guid: 'a', coder: 'me' }, { guid: 'b', coder: 'jonas' }, { guid: 'c', coder: 'me' }];
    expect(visibleByCoder(list, { filtered: true, shows: (c) => c === 'me' }).map((c) => c.guid)).toEqual(['a', 'c']);
    expect(visibleByCoder(list, { filtered: false, shows: () => false })).toBe(list);
  });
});

describe('stripe columns grouped per coder', () => {
  const codings = [
    { guid: 'm1', start: 0, end: 50 },
    { guid: 'm2', start: 10, end: 30 },
    { guid: 'j1', start: 0, end: 40 },
    { guid: 'j2', start: 500, end: 600 },
    { guid: 'k1', start: 20, end: 25 },
  ];
  const coderOf: Record<string, number> = { m1: 0, m2: 0, j1: 1, j2: 1, k1: 3 };

  it('lays each coder out on their own, side by side in coder order with a gap between groups', () => {
    const { columns, groups } = groupedStripeColumns(codings, (g) => coderOf[g]!, 2);
    expect(groups).toEqual([
      { group: 0, offset: 0, width: 2 },
      { group: 1, offset: 4, width: 1 },
      { group: 3, offset: 7, width: 1 },
    ]);
    expect(Object.fromEntries(columns)).toEqual({ m1: 0, m2: 1, j1: 4, j2: 4, k1: 7 });
  });

  it('is the plain layout when there is one coder', () => {
    const { columns, groups } = groupedStripeColumns(codings, () => 0);
    expect(columns).toEqual(stripeColumns(codings));
    expect(groups).toEqual([{ group: 0, offset: 0, width: 4 }]);
  });
});
