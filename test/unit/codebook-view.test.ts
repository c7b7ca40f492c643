/** Pure parts of the Codebook view: rows with folds and filter, drop zones and moves, multi-selection. */
import { describe, expect, it } from 'vitest';
import type { Code, CodeStats } from '../../shared/types';
import { dropZone, moveForDrop } from '../../renderer/src/codebook/drop';
import { clickSelection, EMPTY_SELECTION, pruneSelection } from '../../renderer/src/codebook/selection';
import { codebookRows, defaultFolds, FOLD_FROM, subtreeOf } from '../../renderer/src/codebook/tree-rows';

function code(guid: string, name: string, parentGuid: string | null, position: number, kind: Code['kind'] = 'code'): Code {
  return {
    guid,
    parentGuid,
    kind,
    name,
    color: '#336699',
    definition: '',
    inclusion: '',
    exclusion: '',
    example: '',
    status: kind === 'theme' ? 'candidate' : null,
    position,
    codings: 0,
    documents: 0,
    createdAt: '2026-01-01T00:00:00Z',
    createdBy: 'me',
    centralConcept: '',
    exampleCoding: null,
    mapX: null,
    mapY: null,
  };
}

// T (theme) ─ a ─ a1
//           └ b
// c
// d
const codes = [
  code('T', 'Belonging', null, 0, 'theme'),
  code('a', 'Peer support', 'T', 0),
  code('a1', 'Debriefs', 'a', 0),
  code('b', 'Stigma', 'T', 1),
  code('c', 'Cost', null, 1),
  code('d', 'Time', null, 2),
];
const names = (rows: { code: Code }[]) => rows.map((r) => r.code.guid);

describe('codebookRows', () => {
  it('lists the tree in order with counts', () => {
    const stats: CodeStats[] = [{ guid: 'a', codings: 3, documents: 2, participants: 4, total: { codings: 5, documents: 2, participants: 5 } }];
    const rows = codebookRows(codes, stats, new Set(), '');
    expect(names(rows)).toEqual(['T', 'a', 'a1', 'b', 'c', 'd']);
    expect(rows[1]).toMatchObject({ depth: 1, hasChildren: true, expanded: true });
    expect(rows[1]!.stats?.total.codings).toBe(5);
    expect(rows[0]!.stats).toBeUndefined();
  });

  it('hides what is below a folded code, however deep', () => {
    expect(names(codebookRows(codes, [], new Set(['T']), ''))).toEqual(['T', 'c', 'd']);
    expect(names(codebookRows(codes, [], new Set(['a']), ''))).toEqual(['T', 'a', 'b', 'c', 'd']);
    expect(codebookRows(codes, [], new Set(['a']), '')[1]!.expanded).toBe(false);
  });

  it('filters by name, keeping the ancestors of matches and ignoring folds', () => {
    const rows = codebookRows(codes, [], new Set(['T', 'a']), 'debr');
    expect(names(rows)).toEqual(['T', 'a', 'a1']);
    expect(rows.map((r) => r.match)).toEqual([false, false, true]);
    expect(names(codebookRows(codes, [], new Set(), '  STIG '))).toEqual(['T', 'b']);
    expect(codebookRows(codes, [], new Set(), 'nothing like it')).toEqual([]);
  });

  it('opens a big codebook folded to its top level, a small one unfolded', () => {
    expect(defaultFolds(codes).size).toBe(0);
    const big = Array.from({ length: FOLD_FROM + 1 }, (_, i) => code(`k${i}`, `Code ${i}`, i % 10 === 0 ? null : `k${i - (i % 10)}`, i % 10));
    const folds = defaultFolds(big);
    // 51 top-level codes (k0, k10 … k500); the last has no subcodes, so 50 folds.
    expect(folds.size).toBe(50);
    expect(codebookRows(big, [], folds, '').every((r) => r.depth === 0)).toBe(true);
  });

  it('finds a subtree', () => {
    expect([...subtreeOf(codes, 'T')].sort()).toEqual(['T', 'a', 'a1', 'b']);
    expect([...subtreeOf(codes, 'c')]).toEqual(['c']);
  });
});

describe('drag and drop', () => {
  it('reads the edges of a row as between rows and its middle as onto it', () => {
    expect(dropZone(2, 28)).toBe('before');
    expect(dropZone(14, 28)).toBe('inside');
    expect(dropZone(26, 28)).toBe('after');
  });

  it('makes a child when dropped onto a row', () => {
    expect(moveForDrop(codes, 'c', 'b', 'inside')).toEqual({ code: 'c', parent: 'b' });
    expect(moveForDrop(codes, 'a1', 'a', 'inside')).toBeNull();
    expect(moveForDrop(codes, 'c', 'c', 'inside')).toBeNull();
  });

  it('reorders between rows, counting positions without the moved code', () => {
    // d before c at the top level: c is at 1 among [T, c] → d goes to 1.
    expect(moveForDrop(codes, 'd', 'c', 'before')).toEqual({ code: 'd', parent: null, position: 1 });
    // T after d: siblings without T are [c, d], after d → 2.
    expect(moveForDrop(codes, 'T', 'd', 'after')).toEqual({ code: 'T', parent: null, position: 2 });
    // c after T: it already is there.
    expect(moveForDrop(codes, 'c', 'T', 'after')).toBeNull();
    // Into another parent, between two rows.
    expect(moveForDrop(codes, 'c', 'b', 'before')).toEqual({ code: 'c', parent: 'T', position: 1 });
  });

  it('leaves cycles to the core to refuse', () => {
    expect(moveForDrop(codes, 'T', 'a1', 'inside')).toEqual({ code: 'T', parent: 'a1' });
  });
});

describe('multi-selection', () => {
  const order = ['T', 'a', 'a1', 'b', 'c'];
  it('selects one, toggles with Ctrl, ranges with Shift', () => {
    let s = clickSelection(EMPTY_SELECTION, order, 'a', { toggle: false, range: false });
    expect([...s.selected]).toEqual(['a']);
    s = clickSelection(s, order, 'c', { toggle: true, range: false });
    expect([...s.selected].sort()).toEqual(['a', 'c']);
    s = clickSelection(s, order, 'a', { toggle: true, range: false });
    expect([...s.selected]).toEqual(['c']);
    s = clickSelection(s, order, 'a1', { toggle: false, range: true });
    expect([...s.selected]).toEqual(['a', 'a1']);
  });

  it('forgets codes that are gone', () => {
    const s = { selected: new Set(['a', 'x']), anchor: 'x' };
    const pruned = pruneSelection(s, (g) => g !== 'x');
    expect([...pruned.selected]).toEqual(['a']);
    expect(pruned.anchor).toBeNull();
    const same = pruneSelection(pruned, () => true);
    expect(same).toBe(pruned);
  });
});
