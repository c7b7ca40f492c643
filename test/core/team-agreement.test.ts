/**
 * Agreement between two coders of one project (`team.agreement`, `team.disagreements`,
 * `export.agreement`): both code the same transcript through their own session, whose
 * environment carries a different user, as two installations sharing a project file would.
 * Expected figures are worked out by hand from the spans below.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgreementReport, AgreementRow } from '../../shared/agreement-report.js';
import type { StatisticName } from '../../shared/agreement.js';
import { ErrorCode } from '../../shared/errors.js';
import type { Session } from '../../electron/core/session.js';
import { call, callFails, createHarness, importTranscript, testEnv, TEST_USER, type Harness } from './helpers.js';

const SECOND = { guid: '22222222-2222-4222-8222-222222222222', name: 'Second Coder' };
const THIRD = { guid: '33333333-3333-4333-8333-333333333333', name: 'Idle Coder' };
const A = TEST_USER.guid;
const B = SECOND.guid;

/** Five turns; the first line is a label, so there is no turn of front matter. */
const TRANSCRIPT = [
  'Moderator: What helps you after a hard shift at the hospital?',
  '',
  'P1: Talking to my co-residents helps the most, more than anything the programme offers us.',
  '',
  'P2: For me it is the group chat, every single night, whatever the hour is.',
  '',
  'P1: Sleep, honestly. And food. Then a long walk by the river with the dog.',
  '',
  'Moderator: Thank you all.',
  '',
].join('\n');

let h: Harness;
let a: Session;
let b: Session;
let doc: string;
let text: string;
let turns: { start: number; end: number }[];

beforeEach(async () => {
  h = createHarness();
  a = h.session;
  await call(a, 'project.create', { path: h.file('team.chorus') });
  doc = await importTranscript(h, 'group.txt', TRANSCRIPT);
  const detail = await call(a, 'documents.get', { document: doc });
  text = detail.text;
  turns = detail.turns;
  b = h.newSession(testEnv({ user: SECOND }));
  await call(b, 'project.open', { path: h.file('team.chorus') });
});
afterEach(() => h.cleanup());

async function code(name: string): Promise<string> {
  return (await call(a, 'codes.create', { name })).guid;
}
async function apply(session: Session, codeGuid: string, start: number, end: number): Promise<void> {
  await call(session, 'codings.apply', { document: doc, start, end, code: { guid: codeGuid } });
}
const stat = (row: AgreementRow, name: StatisticName) => row.statistics.find((s) => s.statistic === name)!.value;
const kappa = (po: number, pa: number, pb: number) => {
  const pe = pa * pb + (1 - pa) * (1 - pb);
  return (po - pe) / (1 - pe);
};

describe('agreement at the character unit (NVivo)', () => {
  it('gives percentage and kappa per code and document from the characters each coder coded', async () => {
    const overlap = await code('Overlap');
    const alone = await code('Alone');
    await apply(a, overlap, 10, 30);
    await apply(b, overlap, 20, 40);
    await apply(a, alone, 50, 60);
    const L = text.length;

    const r = await call(a, 'team.agreement', { coders: [A, B], unit: 'character', statistics: ['percent', 'cohen'] });
    expect(r.unit).toBe('character');
    expect(r.coders.map((c) => c.name)).toEqual(['Test Coder', 'Second Coder']);
    const o = r.perCode.find((c) => c.code.guid === overlap)!;
    // 10 characters coded by both, 10 by A alone, 10 by B alone, the rest by nobody.
    expect(o.counts).toEqual({ units: L, agreed: L - 20, codedByAll: 10, codedByNone: L - 30, disagreed: 20, codedBy: [20, 20] });
    expect(stat(o, 'percent')).toBeCloseTo((L - 20) / L, 12);
    expect(stat(o, 'cohen')).toBeCloseTo(kappa((L - 20) / L, 20 / L, 20 / L), 12);
    // A code only one coder used: agreement is exactly chance, kappa 0.
    const al = r.perCode.find((c) => c.code.guid === alone)!;
    expect(stat(al, 'percent')).toBeCloseTo((L - 10) / L, 12);
    expect(stat(al, 'cohen')).toBeCloseTo(0, 12);
    // One document: per code and document equals per code; pooled counts every character once per code.
    expect(r.perCodeDocument).toHaveLength(2);
    expect(r.perCodeDocument[0]!.counts).toEqual(o.counts);
    expect(r.pooled.counts.units).toBe(2 * L);
    expect(stat(r.pooled, 'percent')).toBeCloseTo((2 * L - 30) / (2 * L), 12);
    expect(r.perDocument[0]!.counts).toEqual(r.pooled.counts);
    expect(r.notes).toEqual([]);
  });

  it('counts a character a coder coded twice once, and gives 1 for identical coding', async () => {
    const same = await code('Same');
    await apply(a, same, 5, 25);
    await apply(a, same, 15, 35);
    await apply(b, same, 5, 35);
    const r = await call(a, 'team.agreement', { coders: [A, B], unit: 'character' });
    expect(r.statistics).toEqual(['percent', 'cohen', 'krippendorff']);
    expect(r.pooled.counts.disagreed).toBe(0);
    expect(r.pooled.counts.codedBy).toEqual([30, 30]);
    for (const s of r.pooled.statistics) expect(s.value).toBeCloseTo(1, 12);
  });
});

describe('agreement at the segment unit (MAXQDA)', () => {
  it('matches segments overlapping by at least the threshold, on both sides of 90 %', async () => {
    const seg = await code('Segments');
    await apply(a, seg, 10, 110);
    await apply(b, seg, 10, 100); // 90 of 100 characters shared: exactly 90 %
    await apply(a, seg, 150, 170); // B has nothing there
    const at90 = await call(a, 'team.agreement', { coders: [A, B], unit: 'segment', threshold: 90 });
    expect(at90.threshold).toBe(90);
    expect(at90.statistics).toEqual(['percent', 'brennan-prediger']);
    // Units: A's first segment (agreed), B's segment (agreed), A's second (not).
    expect(at90.pooled.counts).toEqual({ units: 3, agreed: 2, codedByAll: 2, codedByNone: 0, disagreed: 1, codedBy: [3, 2] });
    expect(stat(at90.pooled, 'percent')).toBeCloseTo(2 / 3, 12);
    expect(stat(at90.pooled, 'brennan-prediger')).toBeCloseTo((2 / 3 - 1 / 2) / (1 / 2), 12);

    const at91 = await call(a, 'team.agreement', { coders: [A, B], unit: 'segment', threshold: 91 });
    expect(at91.pooled.counts.agreed).toBe(0);
    expect(stat(at91.pooled, 'percent')).toBe(0);
    expect(stat(at91.pooled, 'brennan-prediger')).toBeCloseTo(-1, 12);
    // The default threshold is 90 %.
    expect((await call(a, 'team.agreement', { coders: [A, B], unit: 'segment' })).pooled.counts.agreed).toBe(2);
  });

  it('does not match a segment one character short of 90 %', async () => {
    const seg = await code('Segments');
    await apply(a, seg, 10, 110);
    await apply(b, seg, 11, 100); // 89 of 100
    const r = await call(a, 'team.agreement', { coders: [A, B], unit: 'segment' });
    expect(r.pooled.counts).toMatchObject({ units: 2, agreed: 0, disagreed: 2 });
  });
});

describe('agreement at the turn unit', () => {
  it('counts a turn as coded by a coder when any of it is', async () => {
    expect(turns).toHaveLength(5);
    const coping = await code('Coping');
    const inside = (t: number, from: number, to: number) => [turns[t]!.start + from, turns[t]!.start + to] as const;
    await apply(a, coping, ...inside(1, 0, 5));
    await apply(a, coping, ...inside(2, 3, 12));
    await apply(b, coping, ...inside(1, 10, 30));
    await apply(b, coping, ...inside(3, 0, 4));
    const r = await call(a, 'team.agreement', { coders: [A, B], unit: 'turn', statistics: ['percent', 'cohen'] });
    // Turns: 0 none, 1 both, 2 A, 3 B, 4 none.
    expect(r.pooled.counts).toEqual({ units: 5, agreed: 3, codedByAll: 1, codedByNone: 2, disagreed: 2, codedBy: [2, 2] });
    expect(stat(r.pooled, 'percent')).toBeCloseTo(3 / 5, 12);
    expect(stat(r.pooled, 'cohen')).toBeCloseTo(kappa(3 / 5, 2 / 5, 2 / 5), 12);
    expect(stat(r.pooled, 'cohen')).toBeCloseTo(1 / 6, 12);

    // A coding across two turns codes both; the drill-down lists the turns in dispute.
    await apply(b, coping, turns[2]!.start + 1, turns[3]!.start + 2);
    const after = await call(a, 'team.agreement', { coders: [A, B], unit: 'turn' });
    expect(after.pooled.counts).toMatchObject({ codedByAll: 2, disagreed: 1, codedBy: [2, 3] });
    const d = await call(a, 'team.disagreements', { coders: [A, B], unit: 'turn', code: coping });
    expect(d).toHaveLength(1);
    expect(d[0]!).toMatchObject({ start: turns[3]!.start, end: turns[3]!.end, speakers: ['P1'], disputed: 1 });
    expect(d[0]!.sides[0]).toMatchObject({ coder: A, spans: [] });
    expect(d[0]!.sides[1]!.spans.map((s) => s.text)).toEqual([
      text.slice(turns[2]!.start + 1, turns[3]!.start + 2),
      text.slice(turns[3]!.start, turns[3]!.start + 4),
    ]);
  });
});

describe('agreement: coders, scope and drill-down', () => {
  it('is symmetric in the order of the coders', async () => {
    const c1 = await code('One');
    const c2 = await code('Two');
    await apply(a, c1, 10, 60);
    await apply(b, c1, 30, 90);
    await apply(a, c2, 100, 140);
    await apply(b, c2, 100, 120);
    await apply(b, c2, 200, 230);
    for (const unit of ['character', 'segment', 'turn'] as const) {
      const statistics: StatisticName[] = ['percent', 'cohen', 'scott', 'brennan-prediger', 'gwet-ac1', 'krippendorff'];
      const ab = await call(a, 'team.agreement', { coders: [A, B], unit, statistics, threshold: 50 });
      const ba = await call(a, 'team.agreement', { coders: [B, A], unit, statistics, threshold: 50 });
      const values = (r: AgreementReport) => [r.pooled, ...r.perCode].map((row) => row.statistics.map((s) => s.value));
      expect(values(ba)).toEqual(values(ab));
      expect(ba.pooled.counts.codedBy).toEqual([...ab.pooled.counts.codedBy].reverse());
    }
  });

  it('shows the passages where coders differ, with each side, at the character unit', async () => {
    const c = await code('Differ');
    await apply(a, c, 10, 30);
    await apply(b, c, 20, 40);
    await apply(a, c, 70, 80);
    await apply(b, c, 70, 80); // agreed: not a disagreement
    const d = await call(a, 'team.disagreements', { coders: [A, B], unit: 'character', code: c, document: doc });
    expect(d).toHaveLength(1);
    expect(d[0]!).toMatchObject({ start: 10, end: 40, text: text.slice(10, 40), disputed: 20, speakers: ['Moderator'] });
    expect(d[0]!.sides.map((s) => [s.name, s.spans])).toEqual([
      ['Test Coder', [{ start: 10, end: 30, text: text.slice(10, 30) }]],
      ['Second Coder', [{ start: 20, end: 40, text: text.slice(20, 40) }]],
    ]);
    const segments = await call(a, 'team.disagreements', { coders: [A, B], unit: 'segment', code: c });
    expect(segments.map((x) => [x.start, x.end, x.disputed])).toEqual([[10, 40, 2]]);
  });

  it('restricts to the codes and documents asked for', async () => {
    const c1 = await code('One');
    const c2 = await code('Two');
    await apply(a, c1, 10, 60);
    await apply(b, c2, 10, 60);
    const r = await call(a, 'team.agreement', { coders: [A, B], unit: 'character', codes: [c2] });
    expect(r.perCode.map((x) => x.code.name)).toEqual(['Two']);
    expect(r.pooled.counts.units).toBe(text.length);
  });

  it('leaves out a document not every coder coded, unless it is asked for', async () => {
    const c = await code('One');
    const other = await importTranscript(h, 'second group.txt', TRANSCRIPT);
    await apply(a, c, 10, 60);
    await apply(b, c, 10, 60);
    await call(a, 'codings.apply', { document: other, start: 10, end: 60, code: { guid: c } });
    const r = await call(a, 'team.agreement', { coders: [A, B], unit: 'character' });
    expect(r.perDocument.map((d) => d.document.name)).toEqual(['group']);
    expect(r.notes).toEqual(['Left out 1 document that not every coder coded: second group.']);
    expect(r.pooled.counts.disagreed).toBe(0);
    const both = await call(a, 'team.agreement', { coders: [A, B], unit: 'character', documents: [doc, other] });
    expect(both.perDocument.map((d) => d.document.name)).toEqual(['group', 'second group']);
    expect(both.pooled.counts.disagreed).toBe(50);
    expect(both.notes).toEqual([]);
  });

  it('refuses unknown coders and fewer than two, and reports a coder without codings', async () => {
    const c = await code('One');
    await apply(a, c, 10, 60);
    await callFails(a, 'team.agreement', { coders: [A, '44444444-4444-4444-8444-444444444444'], unit: 'turn' }, ErrorCode.NOT_FOUND);
    await callFails(a, 'team.agreement', { coders: [A], unit: 'turn' }, ErrorCode.INVALID_INPUT);
    await callFails(a, 'team.agreement', { coders: [A, A], unit: 'turn' }, ErrorCode.INVALID_INPUT);
    await callFails(a, 'team.agreement', { coders: [A, B], unit: 'segment', threshold: 0 }, ErrorCode.INVALID_INPUT);
    await callFails(a, 'team.disagreements', { coders: [A, B], unit: 'turn', code: '44444444-4444-4444-8444-444444444444' }, ErrorCode.NOT_FOUND);

    // The third coder only created a code: they are a user of the project without codings.
    const c3 = h.newSession(testEnv({ user: THIRD }));
    await call(c3, 'project.open', { path: h.file('team.chorus') });
    await call(c3, 'codes.create', { name: 'Idle' });
    const r = await call(a, 'team.agreement', { coders: [A, THIRD.guid], unit: 'character', statistics: ['percent', 'cohen'] });
    expect(r.notes).toEqual(['Idle Coder has no codings in this project: everything counts as not coded by them.']);
    expect(r.coders[1]).toEqual({ guid: THIRD.guid, name: 'Idle Coder', codings: 0 });
    expect(stat(r.pooled, 'percent')).toBeCloseTo((text.length - 50) / text.length, 12);
    expect(stat(r.pooled, 'cohen')).toBeCloseTo(0, 12);
  });

  it('compares three coders', async () => {
    const c = await code('Three');
    const c3 = h.newSession(testEnv({ user: THIRD }));
    await call(c3, 'project.open', { path: h.file('team.chorus') });
    await apply(a, c, 10, 20);
    await apply(b, c, 10, 20);
    await apply(c3, c, 10, 20);
    const r = await call(a, 'team.agreement', { coders: [A, B, THIRD.guid], unit: 'character', statistics: ['percent', 'fleiss', 'krippendorff'] });
    expect(r.pooled.counts).toMatchObject({ codedByAll: 10, disagreed: 0, codedBy: [10, 10, 10] });
    for (const s of r.pooled.statistics) expect(s.value).toBeCloseTo(1, 12);
  });

  it('exports the per-code table as CSV and every table as a workbook', async () => {
    const c = await code('Exported');
    await apply(a, c, 10, 30);
    await apply(b, c, 20, 40);
    const csv = await call(a, 'export.agreement', { coders: [A, B], unit: 'character', format: 'csv' });
    const lines = csv.content!.replace(/^\uFEFF/u, '').trim().split('\r\n');
    expect(lines[0]).toBe(
      "Code,Under,Units (characters),Agreed,Coded by all,Coded by none,Disagreed,Coded by Test Coder,Coded by Second Coder,Percentage agreement,Cohen's kappa,Krippendorff's alpha",
    );
    expect(lines[1]).toMatch(/^Exported,,\d+,\d+,10,\d+,20,20,20,0\.\d+,0\.\d+,0\.\d+$/u);
    expect(lines[2]).toMatch(/^All codes \(pooled\),/u);
    const file = h.file('agreement.xlsx');
    const xlsx = await call(a, 'export.agreement', { coders: [A, B], unit: 'turn', format: 'xlsx', path: file });
    expect(xlsx.path).toBe(file);
    expect(fs.readFileSync(file).subarray(0, 2).toString()).toBe('PK');
  });
});

describe('chorus agreement', () => {
  const ROOT = path.resolve(__dirname, '../..');
  const chorus = (...args: string[]) => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'electron/cli/bin.cjs'), ...args], {
      cwd: h.dir,
      encoding: 'utf8',
      env: { ...process.env, CHORUS_HOME: path.join(h.dir, 'home'), CHORUS_USER: 'Someone Else' },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('compares two coders of a project by name, prints a table, and writes CSV and JSON', async () => {
    const c = await code('Coping');
    await apply(a, c, turns[1]!.start, turns[1]!.start + 5);
    await apply(b, c, turns[1]!.start + 10, turns[1]!.start + 20);
    await apply(b, c, turns[3]!.start, turns[3]!.start + 4);
    const project = h.file('team.chorus');

    const table = chorus('agreement', project, '--coders', 'test coder,Second Coder', '--unit', 'turn', '--csv', 'a.csv');
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Agreement of Test Coder (1 codings) and Second Coder (2 codings) by turn');
    expect(table.stdout).toMatch(/^Coping\s+5\s+1\s+80\.0 %/mu);
    expect(table.stdout).toMatch(/^All codes \(pooled\)\s+5\s+1\s+80\.0 %/mu);
    expect(fs.readFileSync(path.join(h.dir, 'a.csv'), 'utf8')).toContain('Coping,,5,4,1,3,1,1,2,0.8,');

    const json = chorus('agreement', project, '--coders', `${A},${B}`, '--unit', 'segment', '--threshold', '50', '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as AgreementReport;
    expect(report).toMatchObject({ unit: 'segment', threshold: 50 });
    expect(report.pooled.counts).toMatchObject({ units: 3, agreed: 0 });

    const unknown = chorus('agreement', project, '--coders', 'Test Coder,Nobody');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No coder is called "Nobody"/u);
    const one = chorus('agreement', project, '--coders', 'Test Coder');
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/at least two coders/u);
  }, 120_000); // five runs of the CLI, each starting Node and tsx

  it('computes statistics for a coding table without a project', () => {
    fs.writeFileSync(path.join(h.dir, 'table.csv'), 'Ann,Ben\na,a\na,a\nb,b\nb,a\n');
    const all = chorus('agreement', '--table', 'table.csv', '--statistic', 'all');
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('4 units, coders: Ann, Ben');
    expect(all.stdout).toMatch(/^Percentage agreement\s+75\.0 %/mu);
    expect(all.stdout).toMatch(/^Cohen's kappa\s+0\.500/mu);
    const json = chorus('agreement', '--table', 'table.csv', '--statistic', 'percent', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ coders: ['Ann', 'Ben'], units: 4, results: [{ statistic: 'percent', value: 0.75 }] });
    const bad = chorus('agreement', '--table', 'table.csv', '--statistic', 'kappa');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown statistic "kappa"/u);

    fs.writeFileSync(path.join(h.dir, 'ordinal.csv'), 'Ann,Ben,Cy\nlow,low,mid\nhigh,high,high\nmid,high,mid\nlow,low,low\n');
    const unordered = chorus('agreement', '--table', 'ordinal.csv', '--statistic', 'krippendorff', '--level', 'ordinal', '--json');
    expect(JSON.parse(unordered.stdout).results[0].value).toBeNull();
    const ordered = chorus('agreement', '--table', 'ordinal.csv', '--statistic', 'krippendorff', '--level', 'ordinal', '--order', 'low, mid, high', '--json');
    expect(ordered.code).toBe(0);
    expect(JSON.parse(ordered.stdout).results[0].value).toBeGreaterThan(0.5);
  }, 120_000);
});
