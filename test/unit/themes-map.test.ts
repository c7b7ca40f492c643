import { describe, expect, it } from 'vitest';
import type { Code, ThemeLink } from '../../shared/types.js';
import { COLUMN_WIDTH, layoutTree } from '../../renderer/src/themes/map-layout.js';
import { buildMap, findDropTarget, hierarchyEdgeId, subtreeOf } from '../../renderer/src/themes/map-model.js';

let position = 0;
function code(guid: string, parentGuid: string | null, kind: 'code' | 'theme' = 'code', map?: { x: number; y: number }): Code {
  return {
    guid,
    parentGuid,
    kind,
    name: guid,
    color: '#888888',
    definition: '',
    inclusion: '',
    exclusion: '',
    example: '',
    status: kind === 'theme' ? 'candidate' : null,
    position: position++,
    codings: 0,
    documents: 0,
    createdAt: '',
    createdBy: '',
    centralConcept: '',
    exampleCoding: null,
    mapX: map?.x ?? null,
    mapY: map?.y ?? null,
  };
}

// T1 holds subthemes S1 (codes a, b) and S2 (code c) and its own code d; T2 holds e; f is in no
// theme and has a subcode g.
const codes = [
  code('T1', null, 'theme'),
  code('S1', 'T1', 'theme'),
  code('a', 'S1'),
  code('b', 'S1'),
  code('S2', 'T1', 'theme'),
  code('c', 'S2'),
  code('d', 'T1'),
  code('T2', null, 'theme', { x: 900, y: -40 }),
  code('e', 'T2'),
  code('f', null),
  code('g', 'f'),
];

describe('layoutTree', () => {
  it('puts a theme above the middle of its subtree and stacks codes in one column', () => {
    const at = layoutTree(codes.filter((c) => c.guid !== 'g').map((c) => ({ id: c.guid, parentId: c.parentGuid, kind: c.kind })));
    // T1 has three columns: S1, S2, and its own codes.
    expect(at.get('S1')).toEqual({ x: 0, y: 120 });
    expect(at.get('S2')).toEqual({ x: COLUMN_WIDTH, y: 120 });
    expect(at.get('T1')).toEqual({ x: COLUMN_WIDTH, y: 0 });
    expect(at.get('d')!.x).toBe(2 * COLUMN_WIDTH);
    expect(at.get('a')!.x).toBe(at.get('b')!.x);
    expect(at.get('b')!.y).toBeGreaterThan(at.get('a')!.y);
    // T2 comes after T1's three columns, then the column of codes in no theme.
    expect(at.get('T2')!.x).toBe(3 * COLUMN_WIDTH);
    expect(at.get('f')).toEqual({ x: 4 * COLUMN_WIDTH, y: 0 });
  });

  it('gives every item a distinct place', () => {
    const at = layoutTree(codes.filter((c) => c.guid !== 'g').map((c) => ({ id: c.guid, parentId: c.parentGuid, kind: c.kind })));
    const places = new Set([...at.values()].map((p) => `${p.x},${p.y}`));
    expect(places.size).toBe(at.size);
  });
});

describe('buildMap', () => {
  const links: ThemeLink[] = [
    { guid: 'L1', source: 'S1', target: 'T2', label: 'undermines', createdAt: '', createdBy: '' },
    { guid: 'L2', source: 'S1', target: 'a', label: 'only with codes', createdAt: '', createdBy: '' },
  ];

  it('draws themes only, with their hierarchy and links, when codes are hidden', () => {
    const { nodes, edges } = buildMap(codes, links, { showCodes: false });
    expect(nodes.map((n) => n.id)).toEqual(['T1', 'S1', 'S2', 'T2']);
    expect(nodes.find((n) => n.id === 'T1')!.data.codeCount).toBe(4);
    expect(edges.map((e) => e.id)).toEqual([hierarchyEdgeId('T1', 'S1'), hierarchyEdgeId('T1', 'S2'), 'L1']);
    expect(edges.find((e) => e.id === 'L1')!.label).toBe('undermines');
  });

  it('adds the codes in a theme or in none, but not subcodes of codes', () => {
    const { nodes, edges } = buildMap(codes, links, { showCodes: true });
    expect(nodes.map((n) => n.id)).toEqual(['T1', 'S1', 'a', 'b', 'S2', 'c', 'd', 'T2', 'e', 'f']);
    expect(edges.some((e) => e.id === hierarchyEdgeId('S1', 'a'))).toBe(true);
    expect(edges.some((e) => e.id === 'L2')).toBe(true);
  });

  it('keeps a saved place and lays out the rest', () => {
    const { nodes } = buildMap(codes, [], { showCodes: true });
    expect(nodes.find((n) => n.id === 'T2')!.position).toEqual({ x: 900, y: -40 });
    expect(nodes.find((n) => n.id === 'T1')!.position).toEqual({ x: COLUMN_WIDTH, y: 0 });
  });

  it('only lets themes take links, and no node or tree edge be deleted', () => {
    const { nodes, edges } = buildMap(codes, links, { showCodes: true });
    expect(nodes.filter((n) => n.connectable).map((n) => n.id)).toEqual(['T1', 'S1', 'S2', 'T2']);
    expect(nodes.every((n) => n.deletable === false)).toBe(true);
    expect(edges.filter((e) => e.deletable).map((e) => e.id)).toEqual(['L1', 'L2']);
  });
});

describe('findDropTarget', () => {
  const box = (x: number, y: number) => ({ x, y, width: 180, height: 60 });
  const candidates = [
    { id: 'T1', rect: box(0, 0) },
    { id: 'S1', rect: box(300, 0) },
    { id: 'T2', rect: box(600, 0) },
    { id: 'e', rect: box(900, 0) },
  ];

  it('finds the theme under the dragged node’s centre', () => {
    expect(findDropTarget({ id: 'a', rect: box(620, 20) }, candidates, codes)).toBe('T2');
    expect(findDropTarget({ id: 'a', rect: box(450, 200) }, candidates, codes)).toBeNull();
  });

  it('ignores codes, the node itself, its descendants and its current parent', () => {
    expect(findDropTarget({ id: 'a', rect: box(910, 10) }, candidates, codes)).toBeNull();
    expect(findDropTarget({ id: 'T1', rect: box(310, 10) }, candidates, codes)).toBeNull();
    expect(findDropTarget({ id: 'a', rect: box(310, 10) }, candidates, codes)).toBeNull();
    expect(findDropTarget({ id: 'S1', rect: box(610, 10) }, candidates, codes)).toBe('T2');
  });

  it('knows a subtree', () => {
    expect([...subtreeOf(codes, 'T1')].sort()).toEqual(['S1', 'S2', 'T1', 'a', 'b', 'c', 'd']);
  });
});
