/**
 * The thematic map's nodes and edges, built from the codebook: every theme and subtheme, and (when
 * shown) the codes that sit directly in a theme or in none. Subcodes of a code travel with their
 * code and are not drawn. Hierarchy edges run from a theme to what it holds; links between themes
 * (`themes.links`) are labelled arrows the researcher can select and delete.
 */
import { MarkerType, type Edge, type Node } from '@xyflow/react';
import type { Code, ThemeLink } from '../../../shared/types';
import { layoutTree, type LayoutItem } from './map-layout';

export interface MapNodeData extends Record<string, unknown> {
  code: Code;
  /** Codes (with their subcodes) in the theme's whole subtree: shown on a theme node. */
  codeCount: number;
}

export type MapNode = Node<MapNodeData, 'theme' | 'code'>;

export interface MapEdgeData extends Record<string, unknown> {
  kind: 'hierarchy' | 'link';
}

export type MapEdge = Edge<MapEdgeData>;

/** Handles of a theme node: top and bottom carry the hierarchy, left and right the links. */
export const HANDLE = { parentIn: 'parent-in', childOut: 'child-out', linkIn: 'link-in', linkOut: 'link-out' } as const;

export function hierarchyEdgeId(parent: string, child: string): string {
  return `tree:${parent}->${child}`;
}

/** The codes the map draws, parents before children, in codebook order. */
export function mapItems(codes: readonly Code[], showCodes: boolean): Code[] {
  const byGuid = new Map(codes.map((c) => [c.guid, c]));
  return codes.filter((c) => {
    if (c.kind === 'theme') return true;
    if (!showCodes) return false;
    const parent = c.parentGuid ? byGuid.get(c.parentGuid) : undefined;
    return !parent || parent.kind === 'theme';
  });
}

function countCodes(codes: readonly Code[]): Map<string, number> {
  const byGuid = new Map(codes.map((c) => [c.guid, c]));
  const counts = new Map<string, number>();
  for (const code of codes) {
    if (code.kind !== 'code') continue;
    for (let p = code.parentGuid ? byGuid.get(code.parentGuid) : undefined; p; p = p.parentGuid ? byGuid.get(p.parentGuid) : undefined) {
      if (p.kind === 'theme') counts.set(p.guid, (counts.get(p.guid) ?? 0) + 1);
    }
  }
  return counts;
}

/** Codebook order: parents first, siblings by position (codes.list may come in any order). */
export function treeOrder(codes: readonly Code[]): Code[] {
  const children = new Map<string | null, Code[]>();
  for (const c of codes) {
    const list = children.get(c.parentGuid) ?? [];
    list.push(c);
    children.set(c.parentGuid, list);
  }
  const known = new Set(codes.map((c) => c.guid));
  const out: Code[] = [];
  const visit = (parent: string | null) => {
    for (const c of (children.get(parent) ?? []).sort((a, b) => a.position - b.position)) {
      out.push(c);
      visit(c.guid);
    }
  };
  visit(null);
  // Orphans (a parent missing from the list) still show, at the end.
  for (const [parent, list] of children) if (parent !== null && !known.has(parent)) for (const c of list) if (!out.includes(c)) out.push(c);
  return out;
}

export function buildMap(
  codes: readonly Code[],
  links: readonly ThemeLink[],
  options: { showCodes: boolean },
): { nodes: MapNode[]; edges: MapEdge[] } {
  const items = mapItems(treeOrder(codes), options.showCodes);
  const shown = new Set(items.map((c) => c.guid));
  const layoutItems: LayoutItem[] = items.map((c) => ({ id: c.guid, parentId: c.parentGuid, kind: c.kind }));
  const auto = layoutTree(layoutItems);
  const counts = countCodes(codes);

  const nodes: MapNode[] = items.map((code) => ({
    id: code.guid,
    type: code.kind,
    position: code.mapX !== null && code.mapY !== null ? { x: code.mapX, y: code.mapY } : auto.get(code.guid)!,
    data: { code, codeCount: counts.get(code.guid) ?? 0 },
    deletable: false,
    // Only themes take links.
    connectable: code.kind === 'theme',
  }));

  const edges: MapEdge[] = [];
  for (const code of items) {
    if (code.parentGuid && shown.has(code.parentGuid)) {
      edges.push({
        id: hierarchyEdgeId(code.parentGuid, code.guid),
        source: code.parentGuid,
        target: code.guid,
        sourceHandle: HANDLE.childOut,
        targetHandle: HANDLE.parentIn,
        type: 'smoothstep',
        className: 'map-edge--tree',
        selectable: false,
        deletable: false,
        focusable: false,
        data: { kind: 'hierarchy' },
      });
    }
  }
  for (const link of links) {
    if (!shown.has(link.source) || !shown.has(link.target)) continue;
    edges.push({
      id: link.guid,
      source: link.source,
      target: link.target,
      sourceHandle: HANDLE.linkOut,
      targetHandle: HANDLE.linkIn,
      label: link.label || undefined,
      className: 'map-edge--link',
      markerEnd: { type: MarkerType.ArrowClosed },
      deletable: true,
      data: { kind: 'link' },
    });
  }
  return { nodes, edges };
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The guids of a code and everything below it: none of them can become its parent. */
export function subtreeOf(codes: readonly Code[], root: string): Set<string> {
  const out = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of codes) {
      if (c.parentGuid && out.has(c.parentGuid) && !out.has(c.guid)) {
        out.add(c.guid);
        grew = true;
      }
    }
  }
  return out;
}

/**
 * The theme a dragged node was dropped on: the theme node under the dragged node's centre,
 * topmost (last drawn) first, never the node itself or one of its descendants, and not the
 * parent it already has (dropping there only moves it on the map). Null when there is none.
 */
export function findDropTarget(
  dragged: { id: string; rect: Rect },
  candidates: readonly { id: string; rect: Rect }[],
  codes: readonly Code[],
): string | null {
  const byGuid = new Map(codes.map((c) => [c.guid, c]));
  const self = byGuid.get(dragged.id);
  if (!self) return null;
  const excluded = subtreeOf(codes, dragged.id);
  const cx = dragged.rect.x + dragged.rect.width / 2;
  const cy = dragged.rect.y + dragged.rect.height / 2;
  for (let i = candidates.length - 1; i >= 0; i--) {
    const { id, rect } = candidates[i]!;
    if (excluded.has(id) || byGuid.get(id)?.kind !== 'theme') continue;
    if (cx >= rect.x && cx <= rect.x + rect.width && cy >= rect.y && cy <= rect.y + rect.height) {
      return id === self.parentGuid ? null : id;
    }
  }
  return null;
}
