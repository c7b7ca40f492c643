/**
 * Drag and drop in the code tree: where over a row the pointer is (before it, onto it, after it),
 * and the `codes.move` that dropping there asks for. Pure; the core still decides (a cycle or a
 * theme under a plain code is refused there, and the refusal is shown).
 */
import type { Code } from '../../../shared/types';

export type DropZone = 'before' | 'inside' | 'after';

/**
 * The top and bottom quarter of a row mean "between rows"; the middle means "make it a child".
 */
export function dropZone(offsetY: number, rowHeight: number): DropZone {
  if (rowHeight <= 0) return 'inside';
  const at = offsetY / rowHeight;
  if (at < 0.25) return 'before';
  if (at > 0.75) return 'after';
  return 'inside';
}

export interface MoveRequest {
  code: string;
  parent: string | null;
  /** Place among the new siblings, the moved code left out (as `codes.move` counts); undefined: last. */
  position?: number;
}

/** Siblings under `parent` in order, as the tree shows them. */
function siblingsOf(codes: readonly Code[], parent: string | null): Code[] {
  return codes
    .filter((c) => (c.parentGuid ?? null) === parent)
    .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
}

/**
 * The move for dropping `dragged` at `zone` of `target`, or null when it would change nothing
 * (dropped on itself, or back where it already is).
 */
export function moveForDrop(codes: readonly Code[], dragged: string, target: string, zone: DropZone): MoveRequest | null {
  if (dragged === target) return null;
  const moving = codes.find((c) => c.guid === dragged);
  const onto = codes.find((c) => c.guid === target);
  if (!moving || !onto) return null;
  if (zone === 'inside') {
    if (moving.parentGuid === onto.guid) return null;
    return { code: dragged, parent: onto.guid };
  }
  const parent = onto.parentGuid ?? null;
  const siblings = siblingsOf(codes, parent).filter((c) => c.guid !== dragged);
  const at = siblings.findIndex((c) => c.guid === target);
  const position = zone === 'before' ? at : at + 1;
  if ((moving.parentGuid ?? null) === parent) {
    const current = siblingsOf(codes, parent).findIndex((c) => c.guid === dragged);
    if (current === position) return null;
  }
  return { code: dragged, parent, position };
}
