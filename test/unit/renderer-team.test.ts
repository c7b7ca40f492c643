/**
 * The Team view's pure parts: resolutions sent for a merge and when it may be applied, how figures
 * are written, and consensus decisions found again for the passage they settle.
 */
import { describe, expect, it } from 'vitest';
import type { Disagreement } from '../../shared/agreement-report.js';
import type { MergeCodeVersion, MergeConflict, MergePlan } from '../../shared/merge.js';
import type { Memo } from '../../shared/types.js';
import {
  clip,
  decisionFor,
  decisionSummary,
  decisionText,
  defaultTab,
  formatStatistic,
  lexicalFromText,
  strengthOf,
} from '../../renderer/src/team/agreement-view.js';
import { fieldValue, planIsEmpty, planSummary, resolutionsOf, unsettled } from '../../renderer/src/team/merge-view.js';

const version = (name: string, parentPath: string[] = []): MergeCodeVersion => ({
  exists: true,
  name,
  parentPath,
  definition: '',
  inclusion: '',
  exclusion: '',
  example: '',
  centralConcept: '',
  note: null,
});

const conflict = (id: string, kind: MergeConflict['kind'] = 'rename'): MergeConflict => ({
  id,
  kind,
  code: { guid: id, name: 'Stigma', path: 'Stigma' },
  fields: kind === 'move' ? ['parent'] : ['name'],
  base: version('Stigma'),
  ours: version('Our name'),
  theirs: version('Their name', ['Barriers']),
  detail: '',
  resolutions: kind === 'rename' ? ['ours', 'theirs', 'edited'] : ['ours', 'theirs'],
});

describe('merge resolutions', () => {
  const a = conflict('rename:a');
  const b = conflict('move:b', 'move');

  it('sends one resolution per chosen conflict, edited ones with their fields', () => {
    expect(resolutionsOf([a, b], { 'rename:a': 'edited', 'move:b': 'theirs' }, { 'rename:a': { name: 'Agreed' } })).toEqual({
      'rename:a': { take: 'edited', fields: { name: 'Agreed' } },
      'move:b': { take: 'theirs' },
    });
    expect(resolutionsOf([a, b], { 'move:b': 'ours' }, {})).toEqual({ 'move:b': { take: 'ours' } });
  });

  it('counts a conflict without a choice, or with an emptied name, as unsettled', () => {
    expect(unsettled([a, b], {}, {}).map((c) => c.id)).toEqual(['rename:a', 'move:b']);
    expect(unsettled([a, b], { 'rename:a': 'edited', 'move:b': 'ours' }, { 'rename:a': { name: '  ' } }).map((c) => c.id)).toEqual(['rename:a']);
    expect(unsettled([a, b], { 'rename:a': 'edited', 'move:b': 'ours' }, { 'rename:a': { name: 'Agreed' } })).toEqual([]);
  });

  it('writes a parent as its path, the top of the tree in words', () => {
    expect(fieldValue(version('x', ['A', 'B']), 'parent')).toBe('A › B');
    expect(fieldValue(version('x'), 'parent')).toBe('Top level');
    expect(fieldValue(version('x'), 'name')).toBe('x');
  });

  const plan = (counts: Partial<MergePlan['counts']>): MergePlan =>
    ({
      codes: { added: [], matched: [], renamed: [], moved: [], changed: [], removed: [] },
      counts: { documentsAdded: 0, documentsClashing: 0, codesAdded: 0, codingsAdded: 0, memosAdded: 0, participantsAdded: 0, conflicts: 0, ...counts },
    }) as unknown as MergePlan;

  it('sums up what a merge adds in a line, and knows when it adds nothing', () => {
    expect(planSummary(plan({ codingsAdded: 412, codesAdded: 1, memosAdded: 3 }))).toBe('412 codings, 1 code and 3 memos to add');
    expect(planSummary(plan({ codingsAdded: 1 }))).toBe('1 coding to add');
    expect(planSummary(plan({}))).toBe('Nothing new to add');
    expect(planIsEmpty(plan({}))).toBe(true);
    expect(planIsEmpty(plan({ conflicts: 1 }))).toBe(false);
  });
});

describe('figures', () => {
  const stat = (statistic: 'percent' | 'cohen', value: number | null) => ({ statistic, value, observed: null, expected: null, units: 1, excluded: 0, coders: 2 });

  it('writes percentages with one decimal and coefficients with two; undefined as a dash', () => {
    expect(formatStatistic(stat('percent', 0.875))).toBe('87.5 %');
    expect(formatStatistic(stat('cohen', 0.7234))).toBe('0.72');
    expect(formatStatistic(stat('cohen', null))).toBe('—');
    expect(formatStatistic(undefined)).toBe('—');
  });

  it("names Landis and Koch's bands for coefficients only", () => {
    expect(strengthOf(stat('cohen', 0.61))).toBe('substantial');
    expect(strengthOf(stat('cohen', -0.1))).toBe('less than chance');
    expect(strengthOf(stat('percent', 0.9))).toBeNull();
  });

  it('opens on Coders with one coder, on Consensus with more', () => {
    expect(defaultTab(1)).toBe('coders');
    expect(defaultTab(2)).toBe('consensus');
  });

  it('shortens long text in the middle', () => {
    const long = `${'a'.repeat(300)} ${'b'.repeat(300)}`;
    const short = clip(long, 101);
    expect(short.length).toBeLessThanOrEqual(101);
    expect(short.startsWith('a')).toBe(true);
    expect(short.endsWith('b')).toBe(true);
    expect(clip('short')).toBe('short');
  });
});

describe('consensus decisions', () => {
  const d: Disagreement = {
    document: { guid: 'doc-1', name: 'Focus group 1' },
    start: 120,
    end: 180,
    text: 'the passage',
    speakers: ['Maya'],
    sides: [
      { coder: 'ana', name: 'Ana', spans: [] },
      { coder: 'dana', name: 'Dana', spans: [{ start: 120, end: 180, text: 'the passage' }] },
    ],
    disputed: 60,
  };
  const memo = (text: string, links: string[]): Memo =>
    ({ guid: 'm', kind: 'journal', target: null, title: 'Consensus on “Stigma” in Focus group 1', content: '', text, links }) as unknown as Memo;

  it('finds the entry of a passage by its code, document and span', () => {
    const text = decisionText('We keep both readings.', d, 'Dana');
    expect(text).toContain('Passage: characters 120–180 of Focus group 1.');
    expect(text).toContain('Ana: not coded');
    expect(text).toContain('Dana: “the passage”');
    expect(text).toContain("Adopted Dana's coding as mine.");
    expect(decisionFor([memo(text, ['code-1', 'doc-1'])], 'code-1', d)).toBeDefined();
    expect(decisionFor([memo(text, ['code-2', 'doc-1'])], 'code-1', d)).toBeUndefined();
    expect(decisionFor([memo(text, ['code-1', 'doc-1'])], 'code-1', { ...d, start: 121 })).toBeUndefined();
    expect(decisionSummary(memo(text, []))).toBe('We keep both readings.');
  });

  it('stores the entry as Lexical paragraphs', () => {
    const state = JSON.parse(lexicalFromText('One.\n\nTwo.')) as { root: { children: { children: { text: string }[] }[] } };
    expect(state.root.children.map((p) => p.children[0]!.text)).toEqual(['One.', 'Two.']);
  });
});
