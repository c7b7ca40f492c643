/**
 * The pure helpers behind Explore's comparing tabs: axis ticks, heat-map shades that keep their
 * numbers readable, table sorting, scopes as option values, the network's layout, voice and
 * talk-time bars, chart file names and data URLs.
 */
import { describe, expect, it } from 'vitest';
import type { CodeVoice, Cooccurrence, GroupTalk, MatrixCell } from '../../shared/analysis-compare.js';
import {
  arcLayout,
  arcRadius,
  contrastRatio,
  FLAG_COLOUR,
  heatColor,
  MODERATOR_COLOUR,
  niceMax,
  percent,
  rankColour,
  ticks,
} from '../../renderer/src/explore/compare/chart-scale.js';
import { cellDisplay, codeTree, matrixMax, nextSort, parseScopeValue, parseStopWords, scopeValue, sortRows } from '../../renderer/src/explore/compare/compare-model.js';
import { buildNetwork, LABEL_WIDTH } from '../../renderer/src/explore/compare/network-model.js';
import { duration, talkRows, voiceRows } from '../../renderer/src/explore/compare/voice-model.js';
import { chartFileName, dataUrlBlob } from '../../renderer/src/explore/shared/compare-chart-image.js';
import type { Code } from '../../shared/types.js';

describe('axes', () => {
  it('rounds the top of an axis up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0, 0.7, 1, 7, 13, 24, 26, 73, 101].map(niceMax)).toEqual([1, 1, 1, 10, 20, 25, 50, 100, 200]);
  });

  it('puts round ticks from 0 to the top', () => {
    expect(ticks(13)).toEqual([0, 5, 10, 15]);
    expect(ticks(73)).toEqual([0, 20, 40, 60, 80]);
    expect(ticks(30.1)).toEqual([0, 10, 20, 30, 40]);
    expect(ticks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(ticks(0)).toEqual([0, 1]);
  });
});

describe('heat-map shades', () => {
  it('darken with the value and keep their number at WCAG AA contrast (4.5:1) everywhere', () => {
    let previous = Infinity;
    for (let i = 0; i <= 100; i++) {
      const { fill, text } = heatColor(i / 100);
      const lightness = contrastRatio(fill, '#000000');
      expect(lightness).toBeLessThanOrEqual(previous + 1e-9);
      previous = lightness;
      expect(contrastRatio(fill, text), `t=${i / 100} ${fill} on ${text}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('switch to white text on the dark end and treat nonsense as empty', () => {
    expect(heatColor(1).text).toBe('#ffffff');
    expect(heatColor(0).text).toBe('#1d2330');
    expect(heatColor(Number.NaN)).toEqual(heatColor(0));
    expect(heatColor(7)).toEqual(heatColor(1));
  });

  it('give stacked-bar ranks one hue, the flag another, and moderators a grey with ink readable on it', () => {
    expect(new Set([0, 1, 2, 3, 4].map(rankColour)).size).toBe(5);
    expect(rankColour(40)).toBe(rankColour(4));
    expect(contrastRatio(FLAG_COLOUR, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(MODERATOR_COLOUR, '#1d2330')).toBeGreaterThanOrEqual(4.5);
  });
});

describe('matrix cells', () => {
  const cell = (value: number, rowPercent: number | null, colPercent: number | null): MatrixCell => ({ value, rowPercent, colPercent });
  const matrix = {
    measure: 'codings' as const,
    total: 10,
    columns: [],
    rows: [
      { key: 'a', name: 'A', kind: 'code' as const, depth: 0, total: 7, cells: [cell(6, 85.7, 60), cell(1, 14.3, 25)] },
      { key: 'b', name: 'B', kind: 'code' as const, depth: 0, total: 3, cells: [cell(0, 0, 0), cell(3, 100, 75)] },
    ],
  };

  it('show counts, row % or column %, shaded against the largest value shown', () => {
    expect(matrixMax(matrix, 'counts')).toBe(6);
    expect(matrixMax(matrix, 'row')).toBe(100);
    expect(matrixMax(matrix, 'col')).toBe(75);
    expect(cellDisplay(matrix.rows[0]!.cells[0]!, 'counts', 6)).toEqual({ label: '6', t: 1 });
    expect(cellDisplay(matrix.rows[0]!.cells[1]!, 'row', 100)).toEqual({ label: '14.3', t: expect.closeTo(0.143, 9) });
    expect(cellDisplay(matrix.rows[1]!.cells[1]!, 'row', 100).label).toBe('100');
    expect(cellDisplay(matrix.rows[1]!.cells[0]!, 'col', 75)).toEqual({ label: '0', t: 0 });
    expect(cellDisplay(cell(0, null, null), 'row', 100)).toEqual({ label: '–', t: 0 });
  });
});

describe('sorting a result table', () => {
  const rows = [
    { w: 'peer', n: 7 },
    { w: 'Zoë', n: 7 },
    { w: 'ask', n: 8 },
    { w: 'Åsa', n: 1 },
  ];
  const value = (r: (typeof rows)[number], key: 'w' | 'n') => r[key];

  it('sorts numbers and text, keeping ties in their incoming order', () => {
    expect(sortRows(rows, { key: 'n', dir: 'desc' }, value).map((r) => r.w)).toEqual(['ask', 'peer', 'Zoë', 'Åsa']);
    expect(sortRows(rows, { key: 'n', dir: 'asc' }, value).map((r) => r.w)).toEqual(['Åsa', 'peer', 'Zoë', 'ask']);
    expect(sortRows(rows, { key: 'w', dir: 'asc' }, value).map((r) => r.w)).toEqual(['Åsa', 'ask', 'peer', 'Zoë']);
  });

  it('starts text A→Z and numbers largest first, and reverses on a second click', () => {
    expect(nextSort({ key: 'n', dir: 'desc' }, 'w', ['w'])).toEqual({ key: 'w', dir: 'asc' });
    expect(nextSort({ key: 'w', dir: 'asc' }, 'n', ['w'])).toEqual({ key: 'n', dir: 'desc' });
    expect(nextSort({ key: 'n', dir: 'desc' }, 'n', ['w'])).toEqual({ key: 'n', dir: 'asc' });
  });
});

describe('scopes and stop words', () => {
  it('round-trips every kind of scope through an option value, and falls back to the project', () => {
    const guid = '00000000-0001-4000-8000-000000000003';
    for (const scope of [
      { kind: 'project' },
      { kind: 'document', document: guid },
      { kind: 'role', role: 'moderator' },
      { kind: 'participant', participant: guid },
      { kind: 'attribute', attribute: guid, value: 'Site "B", ward 3' },
      { kind: 'code', code: guid },
    ] as const) {
      expect(parseScopeValue(scopeValue(scope))).toEqual(scope);
    }
    expect(parseScopeValue('not json')).toEqual({ kind: 'project' });
    expect(parseScopeValue('{"kind":"role","role":"chair"}')).toEqual({ kind: 'project' });
  });

  it('splits extra stop words on commas, spaces and lines, lower-cased, once each', () => {
    expect(parseStopWords(' Um, yeah  like\nokay;um ,, ')).toEqual(['um', 'yeah', 'like', 'okay']);
    expect(parseStopWords('   ')).toEqual([]);
  });

  it('lists codes in tree order with their depth', () => {
    const c = (guid: string, parentGuid: string | null, position: number) => ({ guid, parentGuid, position, name: guid }) as Code;
    const tree = codeTree([c('b', null, 1), c('a2', 'a', 1), c('a', null, 0), c('a1', 'a', 0), c('x', 'gone', 0)]);
    expect(tree.map((t) => `${t.depth}${t.code.guid}`)).toEqual(['0a', '1a1', '1a2', '0b', '0x']);
  });
});

describe('the co-occurrence network', () => {
  const node = (key: string, units: number) => ({ key, name: `Code ${key}`, kind: 'code' as const, color: '#336699', units });
  const co: Cooccurrence = {
    mode: 'turn',
    window: 1,
    nodes: [node('a', 10), node('b', 5), node('c', 1), node('d', 4), node('lonely', 9)],
    pairs: [
      { a: 'a', b: 'b', aName: 'Code a', bName: 'Code b', count: 4, jaccard: 0.3 },
      { a: 'b', b: 'c', aName: 'Code b', bName: 'Code c', count: 1, jaccard: 0.1 },
      { a: 'a', b: 'd', aName: 'Code a', bName: 'Code d', count: 2, jaccard: 0.2 },
    ],
  };

  it('draws only codes that meet another, sized by codings, lines as wide as their counts', () => {
    const net = buildNetwork(co);
    expect(net.nodes.map((n) => n.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(net.alone).toBe(1);
    const size = Object.fromEntries(net.nodes.map((n) => [n.id, n.size]));
    expect(size.a).toBeGreaterThan(size.b!);
    expect(size.b).toBeGreaterThan(size.c!);
    expect(net.edges.map((e) => e.width)).toEqual([8, 2.8, 4.5]);
    expect(buildNetwork(co)).toEqual(net);
  });

  it('puts labels outwards, with the dot where the lines meet inside a box that holds the label', () => {
    for (const n of buildNetwork(co).nodes) {
      expect(n.side).toBe(n.x >= 0 ? 'right' : 'left');
      expect(n.box.x + n.box.dotX).toBeCloseTo(n.x);
      expect(n.box.y + n.box.dotY).toBeCloseTo(n.y);
      expect(n.box.width).toBe(n.size + 6 + LABEL_WIDTH);
    }
  });

  it('lays points on the two side arcs, clockwise from the top right, neighbours at least the gap apart', () => {
    const points = arcLayout(7, arcRadius(7, 40));
    expect(points.slice(0, 4).every((p) => p.x > 0)).toBe(true);
    expect(points.slice(4).every((p) => p.x < 0)).toBe(true);
    expect(points[0]!.y).toBeLessThan(points[3]!.y);
    expect(points[4]!.y).toBeGreaterThan(points[6]!.y);
    for (let i = 1; i < 4; i++) expect(Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y)).toBeGreaterThanOrEqual(39.98); // coordinates are rounded to 0.01
    expect(arcLayout(1, 100)).toEqual([{ x: 0, y: 0 }]);
  });
});

describe('voice and talk time bars', () => {
  const share = (key: string, words: number, total: number) => ({ key, label: key.toUpperCase(), words, share: words / total });
  const voice = (key: string, shares: ReturnType<typeof share>[], dominant: boolean): CodeVoice => ({
    key,
    name: key,
    kind: 'code',
    depth: 0,
    codings: 3,
    groups: 2,
    totalGroups: 4,
    participants: shares.length,
    words: shares.reduce((s, x) => s + x.words, 0),
    shares,
    dominant: dominant ? shares[0]! : null,
  });

  it('marks the person who carries a code in the flag colour, and says so after the bar', () => {
    const [flagged, shared, silent] = voiceRows([
      voice('x', [share('kwame', 80, 100), share('dev', 20, 100)], true),
      voice('y', [share('maya', 30, 60), share('sam', 30, 60)], false),
      voice('z', [], false),
    ]);
    expect(flagged!.flagged).toBe(true);
    expect(flagged!.parts.map((p) => p.fill)).toEqual([FLAG_COLOUR, rankColour(1)]);
    expect(flagged!.note).toBe('⚑ KWAME 80% of 100 words');
    expect(shared!.parts.map((p) => p.fill)).toEqual([rankColour(0), rankColour(1)]);
    expect(shared!.note).toBe('MAYA 50% of 60 words');
    expect(silent!.parts).toEqual([]);
    expect(silent!.note).toBe('no participant words');
  });

  it('puts moderators first in grey, then participants by words', () => {
    const speaker = (label: string, role: 'moderator' | 'participant', words: number) => ({
      speaker: label,
      label,
      role,
      participant: null,
      participantLabel: null,
      turns: 1,
      words,
      share: words / 100,
      seconds: null,
    });
    const group: GroupTalk = {
      document: 'g',
      name: 'Group',
      turns: 3,
      words: 100,
      seconds: null,
      moderatorShare: 0.2,
      speakers: [speaker('P1', 'participant', 30), speaker('Mod', 'moderator', 20), speaker('P2', 'participant', 50)],
    };
    const [row] = talkRows([group]);
    expect(row!.parts.map((p) => [p.label, p.fill])).toEqual([
      ['Mod', MODERATOR_COLOUR],
      ['P2', rankColour(0)],
      ['P1', rankColour(1)],
    ]);
    expect(row!.note).toBe('moderators 20% · 100 words');
  });

  it('writes durations and percentages', () => {
    expect([null, 0, 59.6, 217, 3129, 4000].map(duration)).toEqual(['–', '0:00', '1:00', '3:37', '52:09', '1:06:40']);
    expect(percent(0.1234)).toBe('12.3%');
    expect(percent(null)).toBe('–');
  });
});

describe('chart files', () => {
  it('names a chart’s file after its title, without characters a file system refuses', () => {
    expect(chartFileName('The 20 most frequent words – moderators', 'svg')).toBe('The 20 most frequent words - moderators.svg');
    expect(chartFileName('a/b: "c"?\u0007', 'png')).toBe('a b c.png');
    expect(chartFileName('   ', 'png')).toBe('chart.png');
  });

  it('decodes data URLs in the page, text and base64 alike', async () => {
    const svg = dataUrlBlob(`data:image/svg+xml;charset=utf-8,${encodeURIComponent('<svg>é</svg>')}`);
    expect(svg.type).toBe('image/svg+xml');
    expect(await svg.text()).toBe('<svg>é</svg>');
    const png = dataUrlBlob(`data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64')}`);
    expect(png.type).toBe('image/png');
    expect([...new Uint8Array(await png.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(() => dataUrlBlob('https://example.org/x.png')).toThrow();
  });
});
