/**
 * Comparing (analysis.words, distinctive, matrix, cooccurrence, voice, talkTime, similar): a small
 * focus group built here, with answers counted by hand.
 *
 *   Moderator: Welcome. What helps you after a hard shift?            (8 words)
 *   P1: Talking helps. Talking to friends helps me most.              (8)
 *   P2: Running helps me. I run every morning.                        (7)
 *   Moderator: And the programme?                                     (3)
 *   P1: The programme helped once. Friends helped more.               (7)
 *
 * Codings: Support on "Talking to friends helps me most." (P1, 6 words), on "Friends helped
 * more." (P1, 3), and on "I run every morning." through "And the programme?" (P2 4 words, the
 * moderator 3); Exercise on P2's whole turn (7); Programme on "The programme helped once." (P1, 4).
 * Support and Exercise are wrapped in the theme Wellbeing. P1 is in year 1 of training, P2 in year 2.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnalysisSegment, Matrix, MatrixInput } from '../../shared/analysis-compare.js';
import { ErrorCode } from '../../shared/errors.js';
import { call, callFails, createHarness, dbOf, dumpAll, importTranscript, type Harness } from './helpers.js';

const TRANSCRIPT = [
  'Pilot focus group',
  '',
  '[00:00:00] Moderator: Welcome. What helps you after a hard shift?',
  '',
  '[00:00:10] P1: Talking helps. Talking to friends helps me most.',
  '',
  '[00:00:30] P2: Running helps me. I run every morning.',
  '',
  '[00:00:40] Moderator: And the programme?',
  '',
  '[00:00:50] P1: The programme helped once. Friends helped more.',
  '',
].join('\n');

let h: Harness;
let doc: string;
let text: string;
const code: Record<string, string> = {};
const coding: Record<string, string> = {};
const person: Record<string, string> = {};

async function codeSpan(name: string, from: string, to = from): Promise<string> {
  const start = text.indexOf(from);
  const end = text.indexOf(to) + to.length;
  expect(start).toBeGreaterThanOrEqual(0);
  const r = await call(h.session, 'codings.apply', { document: doc, start, end, code: { name } });
  code[name] = r.code.guid;
  return r.coding.guid;
}

beforeEach(async () => {
  h = createHarness();
  await call(h.session, 'project.create', { path: h.file('compare.chorus'), title: 'Compare' });
  for (const label of ['P1', 'P2']) person[label] = (await call(h.session, 'participants.create', { label })).guid;
  const year = await call(h.session, 'attributes.define', { scope: 'participant', name: 'Year of training', type: 'number' });
  await call(h.session, 'attributes.setValues', {
    scope: 'participant',
    values: [
      { owner: person.P1!, attribute: year.guid, value: '1' },
      { owner: person.P2!, attribute: year.guid, value: '2' },
    ],
  });
  doc = await importTranscript(h, 'pilot.txt', TRANSCRIPT);
  text = (await call(h.session, 'documents.get', { document: doc })).text;
  coding.c1 = await codeSpan('Support', 'Talking to friends helps me most.');
  coding.c2 = await codeSpan('Support', 'Friends helped more.');
  coding.c3 = await codeSpan('Exercise', 'Running helps me. I run every morning.');
  coding.c4 = await codeSpan('Support', 'I run every morning.', 'And the programme?');
  coding.c5 = await codeSpan('Programme', 'The programme helped once.');
  code.Wellbeing = (await call(h.session, 'themes.wrap', { codes: [code.Support!, code.Exercise!], name: 'Wellbeing' })).guid;
});
afterEach(() => h.cleanup());

const noFilters = { stem: false, removeStopWords: false };

describe('analysis.words', () => {
  it('counts every word said, without stemming or stop words', async () => {
    const r = await call(h.session, 'analysis.words', { options: noFilters });
    expect(r.scope).toBe('the project');
    expect(r.tokens).toBe(33);
    const helps = r.words.find((w) => w.key === 'helps')!;
    expect(helps).toMatchObject({ word: 'helps', count: 4, documents: 1, speakers: 3 });
    expect(helps.share).toBeCloseTo(4 / 33, 10);
    expect(r.words.find((w) => w.key === 'helped')!.count).toBe(2);
    expect(r.words[0]!.key).toBe('helps');
  });

  it('groups inflected forms under their stem and shows the most frequent form', async () => {
    const r = await call(h.session, 'analysis.words', { options: { removeStopWords: false } });
    const help = r.words.find((w) => w.key === 'help')!;
    expect(help).toMatchObject({ word: 'helps', count: 6 });
    expect(help.forms).toEqual([
      { form: 'helps', count: 4 },
      { form: 'helped', count: 2 },
    ]);
    // "run" and "running": a tie, shown by the form first in the alphabet.
    expect(r.words.find((w) => w.key === 'run')).toMatchObject({ word: 'run', count: 2 });
  });

  it('leaves out stop words and the researcher\'s own', async () => {
    const r = await call(h.session, 'analysis.words', {});
    // welcome helps hard shift | talking helps talking friends helps | running helps run every morning
    // | programme | programme helped once friends helped
    expect(r.tokens).toBe(20);
    expect(r.words.find((w) => w.key === 'help')!.share).toBeCloseTo(6 / 20, 10);
    expect(r.words.some((w) => w.key === 'the' || w.key === 'me')).toBe(false);
    const extra = await call(h.session, 'analysis.words', { options: { extraStopWords: ['Helps', 'helped'] } });
    // Extra stop words are matched as written, before stemming: both forms go.
    expect(extra.tokens).toBe(14);
  });

  it('counts one speaker group, one participant, an attribute value or a code\'s segments', async () => {
    const moderators = await call(h.session, 'analysis.words', { scope: { kind: 'role', role: 'moderator' }, options: noFilters });
    expect(moderators.tokens).toBe(11);
    const p1 = await call(h.session, 'analysis.words', { scope: { kind: 'participant', participant: person.P1! }, options: noFilters });
    expect(p1.tokens).toBe(15);
    const year2 = await call(h.session, 'analysis.words', {
      scope: { kind: 'attribute', attribute: 'Year of training', value: '2' },
      options: noFilters,
    });
    expect(year2).toMatchObject({ scope: 'Year of training = 2', tokens: 7 });
    // Wellbeing: Support's 6 + 3 + 4 + 3 words and Exercise's 7, whose last 4 Support covers too.
    const theme = await call(h.session, 'analysis.words', { scope: { kind: 'code', code: code.Wellbeing! }, options: noFilters });
    expect(theme.tokens).toBe(6 + 3 + 7 + 3);
  });

  it('refuses an unknown attribute or code and changes nothing', async () => {
    const before = dumpAll(dbOf(h.session));
    await callFails(h.session, 'analysis.words', { scope: { kind: 'attribute', attribute: 'Shoe size', value: '9' } }, ErrorCode.NOT_FOUND);
    await callFails(h.session, 'analysis.words', { scope: { kind: 'code', code: doc } }, ErrorCode.NOT_FOUND);
    await callFails(h.session, 'analysis.words', { limit: 0 }, ErrorCode.INVALID_INPUT);
    expect(dumpAll(dbOf(h.session))).toEqual(before);
  });
});

describe('analysis.distinctive', () => {
  it('gives the log-likelihood of each word of a group against the rest, with the counts', async () => {
    const r = await call(h.session, 'analysis.distinctive', { scope: { kind: 'participant', participant: person.P1! }, minCount: 1 });
    // P1: talking helps talking friends helps | programme helped once friends helped = 10 words; the rest 10.
    expect(r).toMatchObject({ tokens: 10, referenceTokens: 10, against: 'the rest of the project' });
    const help = r.words.find((w) => w.key === 'help')!;
    // a = 4, b = 2, c = d = 10: E1 = E2 = 3; G² = 2 (4 ln 4/3 + 2 ln 2/3) = 0.67960
    expect(help).toMatchObject({ count: 4, referenceCount: 2, direction: 'over' });
    expect(help.logLikelihood).toBeCloseTo(0.6796, 4);
    expect(help.rate).toBeCloseTo(400, 10);
    // a = 2, b = 0: E1 = 1; G² = 2 · 2 ln 2 = 2.77259
    const friend = r.words.find((w) => w.key === 'friend')!;
    expect(friend).toMatchObject({ count: 2, referenceCount: 0 });
    expect(friend.logLikelihood).toBeCloseTo(2.7726, 4);
    expect(r.words[0]!.logLikelihood).toBeGreaterThanOrEqual(help.logLikelihood);
    // Words P1 uses less ("run", "welcome") appear only when asked for.
    expect(r.words.some((w) => w.direction === 'under')).toBe(false);
    const both = await call(h.session, 'analysis.distinctive', { scope: { kind: 'participant', participant: person.P1! }, minCount: 1, direction: 'both' });
    expect(both.words.find((w) => w.key === 'run')).toMatchObject({ count: 0, referenceCount: 2, direction: 'under' });
  });
});

async function matrix(input: MatrixInput): Promise<Matrix> {
  return call(h.session, 'analysis.matrix', input);
}

function cellOf(m: Matrix, rowName: string, column: string) {
  const row = m.rows.find((r) => r.name === rowName)!;
  return row.cells[m.columns.findIndex((c) => c.key === column || c.label === column)]!;
}

/** Every cell equals what its segments make: their number, their people, or their words. */
async function expectCellsMadeOfSegments(input: MatrixInput & { measure: 'codings' | 'participants' | 'words' }): Promise<void> {
  const m = await matrix(input);
  for (const row of m.rows) {
    for (const [i, column] of m.columns.entries()) {
      const segments: AnalysisSegment[] = await call(h.session, 'analysis.matrixCell', { ...input, row: row.key, column: column.key });
      const made =
        input.measure === 'codings'
          ? segments.length
          : input.measure === 'words'
            ? segments.reduce((n, s) => n + s.words, 0)
            : new Set(segments.flatMap((s) => s.people.map((p) => p.key))).size;
      expect(row.cells[i]!.value, `${row.name} × ${column.label}`).toBe(made);
    }
  }
}

describe('analysis.matrix', () => {
  it('counts codings per code and document, a theme with everything below it, with totals', async () => {
    const m = await matrix({ rows: 'all' });
    expect(m.columns.map((c) => c.key)).toEqual([doc]);
    expect(m.rows.map((r) => [r.name, r.depth, r.cells[0]!.value, r.total])).toEqual([
      ['Wellbeing', 0, 4, 4],
      ['Support', 1, 3, 3],
      ['Exercise', 1, 1, 1],
      ['Programme', 0, 1, 1],
    ]);
    expect(m.total).toBe(5);
    expect(m.columns[0]!.total).toBe(5);
  });

  it('attributes codings to speakers, roles and attribute values, with row and column percentages', async () => {
    const bySpeaker = await matrix({ columns: { kind: 'speakers' } });
    expect(bySpeaker.columns.map((c) => [c.key, c.label, c.total])).toEqual([
      [person.P1, 'P1', 3],
      [person.P2, 'P2', 2],
    ]);
    const support = cellOf(bySpeaker, 'Support', 'P1');
    expect(support.value).toBe(2);
    expect(support.rowPercent).toBeCloseTo((100 * 2) / 3, 10);
    expect(support.colPercent).toBeCloseTo((100 * 2) / 3, 10);
    expect(cellOf(bySpeaker, 'Support', 'P2')).toMatchObject({ value: 1, colPercent: 50 });
    expect(bySpeaker.rows.find((r) => r.name === 'Support')!.total).toBe(3);

    const byRole = await matrix({ columns: { kind: 'roles' }, measure: 'participants' });
    expect(cellOf(byRole, 'Support', 'participant').value).toBe(2);
    expect(cellOf(byRole, 'Support', 'moderator').value).toBe(0);
    const roleCodings = await matrix({ columns: { kind: 'roles' } });
    expect(cellOf(roleCodings, 'Support', 'moderator').value).toBe(1);

    const byYear = await matrix({ columns: { kind: 'attribute', attribute: 'Year of training' } });
    expect(byYear.columns.map((c) => c.key)).toEqual(['1', '2']);
    expect(cellOf(byYear, 'Support', '1').value).toBe(2);
    expect(cellOf(byYear, 'Support', '2').value).toBe(1);
  });

  it('counts the words of coded text in the column\'s turns, never the labels between turns', async () => {
    const bySpeaker = await matrix({ columns: { kind: 'speakers' }, measure: 'words' });
    expect(cellOf(bySpeaker, 'Support', 'P1').value).toBe(6 + 3);
    expect(cellOf(bySpeaker, 'Support', 'P2').value).toBe(4);
    const byRole = await matrix({ columns: { kind: 'roles' }, measure: 'words' });
    expect(cellOf(byRole, 'Support', 'moderator').value).toBe(3);
    const byDocument = await matrix({ measure: 'words' });
    expect(cellOf(byDocument, 'Support', doc).value).toBe(6 + 3 + 4 + 3);
  });

  it('makes every cell, for every measure and kind of column, of the segments matrixCell gives back', async () => {
    for (const measure of ['codings', 'participants', 'words'] as const) {
      for (const columns of [
        { kind: 'documents' as const },
        { kind: 'speakers' as const },
        { kind: 'roles' as const },
        { kind: 'attribute' as const, attribute: 'Year of training' },
      ]) {
        await expectCellsMadeOfSegments({ rows: 'all', columns, measure });
      }
    }
    const segments = await call(h.session, 'analysis.matrixCell', { columns: { kind: 'speakers' }, row: code.Support!, column: person.P1! });
    expect(segments.map((s) => s.guid)).toEqual([coding.c1, coding.c2]);
    expect(segments[0]).toMatchObject({ codeName: 'Support', text: 'Talking to friends helps me most.', speakers: ['P1'], words: 6 });
  });

  it('refuses an unknown column or attribute', async () => {
    await callFails(h.session, 'analysis.matrix', { columns: { kind: 'attribute', attribute: 'Shoe size' } }, ErrorCode.NOT_FOUND);
    await callFails(h.session, 'analysis.matrixCell', { row: code.Support!, column: 'nobody' }, ErrorCode.NOT_FOUND);
  });
});

describe('analysis.cooccurrence', () => {
  const pair = (r: { pairs: { aName: string; bName: string; count: number; jaccard: number }[] }, a: string, b: string) =>
    r.pairs.find((p) => (p.aName === a && p.bName === b) || (p.aName === b && p.bName === a));

  it('finds overlapping passages', async () => {
    const r = await call(h.session, 'analysis.cooccurrence', { mode: 'overlap' });
    expect(r.pairs).toHaveLength(1);
    // Exercise's coding and Support's c4 overlap on "I run every morning.": 2 of the 4 codings involved.
    expect(pair(r, 'Exercise', 'Support')).toMatchObject({ count: 1, jaccard: 0.5 });
    expect(r.nodes.map((n) => [n.name, n.units])).toEqual([
      ['Support', 3],
      ['Exercise', 1],
      ['Programme', 1],
    ]);
    const segments = await call(h.session, 'analysis.cooccurrenceCell', { mode: 'overlap', a: code.Support!, b: code.Exercise! });
    expect(segments.map((s) => s.guid)).toEqual([coding.c3, coding.c4]);
  });

  it('finds codes in the same turn', async () => {
    const r = await call(h.session, 'analysis.cooccurrence', { mode: 'turn' });
    // Support is in 4 turns (P1, P2, the moderator, P1); Exercise in P2's, Programme in P1's last.
    expect(pair(r, 'Exercise', 'Support')).toMatchObject({ count: 1, jaccard: 0.25 });
    expect(pair(r, 'Programme', 'Support')).toMatchObject({ count: 1, jaccard: 0.25 });
    expect(pair(r, 'Exercise', 'Programme')).toBeUndefined();
    const segments = await call(h.session, 'analysis.cooccurrenceCell', { mode: 'turn', a: code.Programme!, b: code.Support! });
    expect(segments.map((s) => s.guid)).toEqual([coding.c5, coding.c2]);
  });

  it('finds codes within N turns', async () => {
    const one = await call(h.session, 'analysis.cooccurrence', { mode: 'window', window: 1 });
    expect(pair(one, 'Exercise', 'Programme')).toBeUndefined();
    const two = await call(h.session, 'analysis.cooccurrence', { mode: 'window', window: 2 });
    // Exercise (P2's turn) and Programme (P1's last turn) are two turns apart: both turns count.
    expect(pair(two, 'Exercise', 'Programme')).toMatchObject({ count: 2, jaccard: 1 });
    expect(pair(two, 'Exercise', 'Support')).toMatchObject({ count: 4, jaccard: 1 });
  });

  it('never pairs a theme with a code below it', async () => {
    const r = await call(h.session, 'analysis.cooccurrence', { mode: 'turn', rows: 'all' });
    expect(pair(r, 'Wellbeing', 'Support')).toBeUndefined();
    expect(pair(r, 'Wellbeing', 'Programme')).toMatchObject({ count: 1 });
  });
});

describe('analysis.voice and analysis.talkTime', () => {
  it('gives each person\'s share of a code\'s words and flags one voice carrying most of it', async () => {
    const r = await call(h.session, 'analysis.voice', {});
    const support = r.codes.find((c) => c.name === 'Support')!;
    expect(support).toMatchObject({ codings: 3, groups: 1, totalGroups: 1, participants: 2, words: 13 });
    expect(support.shares.map((s) => [s.label, s.words])).toEqual([
      ['P1', 9],
      ['P2', 4],
    ]);
    expect(support.shares[0]!.share).toBeCloseTo(9 / 13, 10);
    expect(support.dominant?.key).toBe(person.P1);
    // Wellbeing: P1 9 words, P2 7 (Exercise's turn, which Support partly covers, counted once).
    const wellbeing = r.codes.find((c) => c.name === 'Wellbeing')!;
    expect(wellbeing.words).toBe(16);
    expect(wellbeing.dominant?.share).toBeCloseTo(9 / 16, 10);
    const stricter = await call(h.session, 'analysis.voice', { threshold: 0.6 });
    expect(stricter.codes.find((c) => c.name === 'Wellbeing')!.dominant).toBeNull();
    expect(stricter.codes.find((c) => c.name === 'Support')!.dominant?.label).toBe('P1');
  });

  it('gives turns, words, share and time per speaker, and the moderator\'s share', async () => {
    const [group] = await call(h.session, 'analysis.talkTime', {});
    expect(group).toMatchObject({ document: doc, turns: 5, words: 33 });
    expect(group!.moderatorShare).toBeCloseTo(11 / 33, 10);
    expect(group!.speakers.map((s) => [s.label, s.role, s.turns, s.words, s.seconds])).toEqual([
      ['Moderator', 'moderator', 2, 11, 20],
      ['P1', 'participant', 2, 15, 20],
      ['P2', 'participant', 1, 7, 10],
    ]);
    // The last turn has no end time and no turn after it: 50 seconds are known.
    expect(group!.seconds).toBe(50);
  });
});

describe('analysis.similar', () => {
  it('ranks a planted near-duplicate first, never suggests coded or rejected passages', async () => {
    const other = await importTranscript(
      h,
      'second.txt',
      [
        'Moderator: Tell me about your week.',
        '',
        'P3: The rota changed again and nobody told us in advance.',
        '',
        'P4: Honestly, talking with my friends helps me the most after nights.',
        '',
        'P3: The canteen was closed on Sunday, which was annoying for everybody.',
        '',
      ].join('\n'),
    );
    const first = await call(h.session, 'analysis.similar', { code: code.Support!, minScore: 0 });
    expect(first[0]).toMatchObject({ document: other, speaker: 'P4', text: 'Honestly, talking with my friends helps me the most after nights.' });
    expect(first[0]!.nearest.coding).toBe(coding.c1);
    expect(first[0]!.score).toBeGreaterThan(first[1]?.score ?? 0);
    // Nothing Support already covers is suggested.
    expect(first.some((s) => s.document === doc && s.start < text.indexOf('Friends helped more.') + 20 && s.end > text.indexOf('Talking'))).toBe(false);

    const again = await call(h.session, 'analysis.similar', {
      code: code.Support!,
      minScore: 0,
      exclude: [{ document: other, start: first[0]!.start, end: first[0]!.end }],
    });
    expect(again.some((s) => s.document === other && s.start === first[0]!.start)).toBe(false);

    const sentences = await call(h.session, 'analysis.similar', { code: code.Support!, unit: 'sentence', minScore: 0 });
    expect(sentences[0]!.text).toBe('Honestly, talking with my friends helps me the most after nights.');
  });

  it('refuses a code without segments', async () => {
    const empty = await call(h.session, 'codes.create', { name: 'Empty' });
    await callFails(h.session, 'analysis.similar', { code: empty.guid }, ErrorCode.INVALID_INPUT);
  });
});

describe('export.analysis', () => {
  it('writes a matrix as CSV and every table as a workbook', async () => {
    const csv = await call(h.session, 'export.analysis', { format: 'csv', analysis: { kind: 'matrix', params: { columns: { kind: 'speakers' } } } });
    expect(csv.fileName).toBe('Compare - matrix of codings.csv');
    expect(csv.content!.split('\r\n').slice(0, 3)).toEqual(['\uFEFFCode,P1,P2,Total', '  Support,2,1,3', '  Exercise,0,1,1']);
    const file = h.file('voice.xlsx');
    const xlsx = await call(h.session, 'export.analysis', { format: 'xlsx', path: file, analysis: { kind: 'voice', params: {} } });
    expect(xlsx.path).toBe(file);
    expect(fs.readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    for (const kind of ['words', 'cooccurrence', 'talkTime'] as const) {
      const r = await call(h.session, 'export.analysis', { format: 'csv', analysis: { kind, params: {} } });
      expect(r.content!.split('\r\n').length).toBeGreaterThan(2);
    }
  });
});

describe('chorus matrix', () => {
  it('prints a themes × documents matrix that agrees with theme prevalence, and writes CSV', async () => {
    const { spawnSync } = await import('node:child_process');
    const path = await import('node:path');
    const bin = path.resolve(__dirname, '../../electron/cli/bin.cjs');
    const chorus = (...args: string[]) =>
      spawnSync(process.execPath, [bin, ...args], { cwd: h.dir, encoding: 'utf8', env: { ...process.env, CHORUS_HOME: h.file('home') } });
    const project = h.file('demo.chorus');
    expect(chorus('demo', project).status).toBe(0);
    const json = chorus('matrix', project, '--rows', 'themes', '--cols', 'documents', '--json');
    expect(json.status, json.stderr).toBe(0);
    const m = JSON.parse(json.stdout) as Matrix;
    expect(m.columns).toHaveLength(4);
    const s = h.newSession();
    await call(s, 'project.open', { path: project });
    const prevalence = await call(s, 'themes.prevalence', {});
    // The matrix lists themes in tree order, prevalence top-level themes first: compare by theme.
    const byKey = (rows: [string, number][]) => rows.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    expect(byKey(m.rows.map((r) => [r.key, r.total]))).toEqual(byKey(prevalence.map((p) => [p.theme, p.codings])));
    s.close();

    const csv = h.file('m.csv');
    const printed = chorus('matrix', project, '--rows', 'themes', '--cols', 'roles', '--measure', 'words', '--percent', 'row', '--csv', csv);
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.stdout).toMatch(/moderator\s+participant\s+observer\s+Total/);
    expect(printed.stdout).toContain('words, row percentages');
    expect(fs.readFileSync(csv, 'utf8').split('\r\n')[0]).toBe('\uFEFFCode,moderator,participant,observer,Total');

    const bad = chorus('matrix', project, '--cols', 'weather');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--cols is documents, speakers, roles or attribute:NAME');
  }, 60_000);
});
