/**
 * The co-occurrence network laid out for drawing: the codes that meet another code placed on the
 * two side arcs of a circle in codebook order (deterministic, so the same data always draws the
 * same picture), node size by codings, edge width by co-occurrences, labels running outwards.
 */
import type { Cooccurrence } from '../../../../shared/analysis-compare';
import { arcLayout, arcRadius, scaleTo } from './chart-scale';

export interface NetworkNode {
  id: string;
  name: string;
  color: string;
  units: number;
  /** Centre of the node. */
  x: number;
  y: number;
  size: number;
  /** Where the label goes, away from the circle's centre. */
  side: 'left' | 'right';
  /**
   * The node's box holds the dot and its label (so an exported image, cut to the boxes, keeps
   * every label); `dotX`, `dotY` are the dot's centre inside the box, where the lines meet it.
   */
  box: { x: number; y: number; width: number; height: number; dotX: number; dotY: number };
}

export interface NetworkEdge {
  id: string;
  source: string;
  target: string;
  count: number;
  jaccard: number;
  width: number;
  label: string;
}

export interface Network {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
  /** Codes that meet no other code (at the current minimum), left off the drawing. */
  alone: number;
}

export const MIN_NODE = 14;
export const MAX_NODE = 46;
export const LABEL_WIDTH = 150;
const LABEL_HEIGHT = 16;
const GAP = 6;

function boxFor(x: number, y: number, size: number, side: NetworkNode['side']): NetworkNode['box'] {
  const width = size + GAP + LABEL_WIDTH;
  const height = Math.max(size, LABEL_HEIGHT);
  const dotX = side === 'right' ? size / 2 : LABEL_WIDTH + GAP + size / 2;
  return { x: x - dotX, y: y - height / 2, width, height, dotX, dotY: height / 2 };
}

export function buildNetwork(co: Cooccurrence): Network {
  const linked = new Set(co.pairs.flatMap((p) => [p.a, p.b]));
  const shown = co.nodes.filter((n) => linked.has(n.key));
  // Neighbours on an arc sit about a large node apart, so labels (one line each) never collide.
  const radius = Math.max(160, arcRadius(shown.length, 40));
  const points = arcLayout(shown.length, radius);
  const maxUnits = Math.max(1, ...shown.map((n) => n.units));
  const maxCount = Math.max(1, ...co.pairs.map((p) => p.count));
  const nodes = shown.map((n, i): NetworkNode => {
    const { x, y } = points[i]!;
    const side: NetworkNode['side'] = x >= 0 ? 'right' : 'left';
    const size = Math.round(scaleTo(n.units, maxUnits, MIN_NODE, MAX_NODE));
    return { id: n.key, name: n.name, color: n.color, units: n.units, x, y, size, side, box: boxFor(x, y, size, side) };
  });
  const edges = co.pairs.map(
    (p): NetworkEdge => ({
      id: `${p.a}|${p.b}`,
      source: p.a,
      target: p.b,
      count: p.count,
      jaccard: p.jaccard,
      width: Math.round(scaleTo(p.count, maxCount, 1, 8) * 10) / 10,
      label: `${p.aName} – ${p.bName}: ${p.count}`,
    }),
  );
  return { nodes, edges, alone: co.nodes.length - shown.length };
}
