/**
 * `team.reliability` through dispatch: a researcher's coding table (CSV) in, statistics out, with
 * no project open. And the table parser's rules: coder names, label column, missing cells,
 * numbers, and clear errors for tables it cannot read.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reliabilityTable } from '../../electron/core/team/statistics/index.js';
import { ErrorCode } from '../../shared/errors.js';
import { call, callFails, createHarness, type Harness } from './helpers.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.cleanup());

// Krippendorff (2011) section C, one row per unit, with a unit label column and empty cells for
// missing values. Published alpha: nominal .743, interval .849.
const K2011_CSV = `unit,A,B,C,D
1,1,1,,1
2,2,2,3,2
3,3,3,3,3
4,3,3,3,3
5,2,2,2,2
6,1,2,3,4
7,4,4,4,4
8,1,1,2,1
9,2,2,2,2
10,,5,5,5
11,,,1,1
12,,3,,
`;

describe('team.reliability', () => {
  it('computes every statistic for a table, with no project open', async () => {
    expect(h.session.project).toBeFalsy();
    const report = await call(h.session, 'team.reliability', { table: K2011_CSV });
    expect(report.coders).toEqual(['A', 'B', 'C', 'D']);
    expect(report.units).toBe(12);
    expect(report.results.map((r) => r.statistic)).toEqual(['percent', 'cohen', 'scott', 'fleiss', 'brennan-prediger', 'gwet-ac1', 'krippendorff']);
    const alpha = report.results.find((r) => r.statistic === 'krippendorff')!;
    expect(alpha).toMatchObject({ level: 'nominal', units: 11, excluded: 1, coders: 4 });
    expect(alpha.value!.toFixed(3)).toBe('0.743');
  });

  it('computes the statistics asked for, at the level asked for', async () => {
    const report = await call(h.session, 'team.reliability', { table: K2011_CSV, statistics: ['krippendorff', 'fleiss'], level: 'interval' });
    expect(report.results.map((r) => r.statistic)).toEqual(['krippendorff', 'fleiss']);
    expect(report.results[0]!.value!.toFixed(3)).toBe('0.849');
    expect(report.results[0]!.level).toBe('interval');
  });

  it('computes ordinal alpha on labelled categories in the order given, and names categories missing from it', async () => {
    const names = ['', 'very low', 'low', 'mid', 'high', 'very high'];
    const labelled = K2011_CSV.split('\n')
      .map((line, i) => (i === 0 ? line : line.split(',').map((cell, j) => (j === 0 || cell === '' ? cell : names[Number(cell)])).join(',')))
      .join('\n');
    const unordered = await call(h.session, 'team.reliability', { table: labelled, statistics: ['krippendorff'], level: 'ordinal' });
    expect(unordered.results[0]!.value).toBeNull();
    const order = ['very low', 'low', 'mid', 'high', 'very high'];
    const ordered = await call(h.session, 'team.reliability', { table: labelled, statistics: ['krippendorff'], level: 'ordinal', order });
    // The same as the numeric table: Krippendorff (2011) publishes .815 for ordinal.
    expect(ordered.results[0]!.value).toBeCloseTo(0.815, 3);
    const numeric = await call(h.session, 'team.reliability', { table: K2011_CSV, statistics: ['krippendorff'], level: 'ordinal', order: ['1', '2', '3', '4', '5'] });
    expect(numeric.results[0]!.value).toBeCloseTo(0.815, 3);
    const missing = await callFails(h.session, 'team.reliability', { table: labelled, level: 'ordinal', order: ['low', 'mid', 'high'] }, ErrorCode.INVALID_INPUT);
    expect(missing.message).toContain('"very low"');
    const twice = await callFails(h.session, 'team.reliability', { table: labelled, level: 'ordinal', order: [...order, 'low'] }, ErrorCode.INVALID_INPUT);
    expect(twice.message).toContain('twice');
  });

  it('rejects unknown statistics and levels', async () => {
    await callFails(h.session, 'team.reliability', { table: K2011_CSV, statistics: ['kendall'] }, ErrorCode.INVALID_INPUT);
    await callFails(h.session, 'team.reliability', { table: K2011_CSV, level: 'circular' }, ErrorCode.INVALID_INPUT);
  });

  it('explains tables it cannot use', async () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['A,B\n', /no units/],
      ['A\n1\n2\n', /at least two coders/],
      ['unit,A\n1,x\n', /at least two coders/],
      ['A,B,C\n1,2,3\n1,2\n', /Row 3 .* 2 cells, .* header has 3/],
      ['A,B\n"1,2\n', /not readable CSV/],
    ];
    for (const [table, message] of cases) {
      const error = await callFails(h.session, 'team.reliability', { table }, ErrorCode.INVALID_INPUT);
      expect(error.message, JSON.stringify(table)).toMatch(message);
    }
  });
});

describe('reliabilityTable', () => {
  it('keeps numbers when every filled cell is a number, and a label column out of the coders', () => {
    const t = reliabilityTable(K2011_CSV);
    expect(t.coders).toEqual(['A', 'B', 'C', 'D']);
    expect(t.labels[11]).toBe('12');
    expect(t.units[0]!.ratings).toEqual([1, 1, null, 1]);
    expect(t.units[11]!.ratings).toEqual([null, 3, null, null]);
  });

  it('keeps text when any cell is not a number; treats any first column not named unit/id as a coder', () => {
    const t = reliabilityTable('Ann;Ben;Cleo\r\nyes;yes;no\r\n1;;yes\r\n');
    expect(t.coders).toEqual(['Ann', 'Ben', 'Cleo']);
    expect(t.labels).toEqual(['1', '2']);
    expect(t.units.map((u) => u.ratings)).toEqual([
      ['yes', 'yes', 'no'],
      ['1', null, 'yes'],
    ]);
  });

  it('reads an id column, tabs, a byte-order mark, quoted cells, and skips blank trailing rows', () => {
    const t = reliabilityTable('\uFEFFID\tcoder 1\tcoder 2\nq1\t"a, b"\ta\nq2\t0.5\t\n\t\t\n');
    expect(t.coders).toEqual(['coder 1', 'coder 2']);
    expect(t.labels).toEqual(['q1', 'q2']);
    expect(t.units.map((u) => u.ratings)).toEqual([
      ['a, b', 'a'],
      ['0.5', null],
    ]);
  });
});
