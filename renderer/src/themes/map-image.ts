/**
 * The thematic map as an image for a paper or a slide: the flow's viewport rendered by
 * html-to-image at a scale that fits every node, whatever the researcher has zoomed to on screen.
 */
import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/react';
import { toPng, toSvg } from 'html-to-image';

const PADDING = 40;

export async function renderMapImage(container: HTMLElement, nodes: Node[], format: 'svg' | 'png'): Promise<string> {
  const viewportEl = container.querySelector<HTMLElement>('.react-flow__viewport');
  if (!viewportEl || nodes.length === 0) throw new Error('The map is empty: there is nothing to export.');
  const bounds = getNodesBounds(nodes);
  // Natural size (zoom 1) up to a size a word processor handles; larger maps are scaled down.
  const width = Math.min(Math.ceil(bounds.width + 2 * PADDING), 4000);
  const height = Math.min(Math.ceil(bounds.height + 2 * PADDING), 4000);
  const viewport = getViewportForBounds(bounds, width, height, 0.1, 1, 0.04);
  const options = {
    backgroundColor: '#ffffff',
    width,
    height,
    style: { width: `${width}px`, height: `${height}px`, transform: `translate(${viewport.x}px, ${viewport.y}px) scale(${viewport.zoom})` },
  };
  return format === 'svg' ? toSvg(viewportEl, options) : toPng(viewportEl, { ...options, pixelRatio: 2 });
}
