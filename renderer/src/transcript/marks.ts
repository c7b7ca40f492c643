/**
 * The transcript's Lexical model and the targeted updates that keep its coding marks in step
 * with the database. Invariant: the root holds one SpeakerTurnNode per turn; a turn holds
 * TextNodes, LineBreakNodes and MarkNodes; a MarkNode holds TextNodes and LineBreakNodes only
 * (marks never nest — overlapping codings are one mark with several ids). So a turn's leaves, in
 * order, spell exactly the turn's text, and the codings covering a leaf are its mark's ids.
 *
 * All functions here must run inside `editor.update` / `editor.read`.
 */
import { $createMarkNode, $isMarkNode, $unwrapMarkNode, type MarkNode } from '@lexical/mark';
import { $createLineBreakNode, $createTextNode, $getRoot, $isTextNode, type LexicalNode } from 'lexical';
import { segmentTurn, sameIds, sliceByTurns, type Span } from './offsets';
import { $createSpeakerTurnNode, type SpeakerTurnNode, type TurnData } from './SpeakerTurnNode';

/** Text as Lexical leaves: a TextNode per line, a LineBreakNode for each `\n`. */
function $leavesOf(text: string): LexicalNode[] {
  const nodes: LexicalNode[] = [];
  text.split('\n').forEach((line, i) => {
    if (i > 0) nodes.push($createLineBreakNode());
    if (line) nodes.push($createTextNode(line));
  });
  return nodes;
}

export interface CodingSpan extends Span {
  guid: string;
}

/**
 * Fills the root with the document's turns and its codings as marks. Runs once when a document
 * opens; later changes go through `$applyCodingChanges`.
 */
export function $buildTranscript(text: string, turns: readonly TurnData[], codings: readonly CodingSpan[]): void {
  const perTurn: { id: string; start: number; end: number }[][] = turns.map(() => []);
  for (const c of codings) {
    for (const s of sliceByTurns(turns, c)) perTurn[s.turn]!.push({ id: c.guid, start: s.start, end: s.end });
  }
  const root = $getRoot();
  root.clear();
  turns.forEach((turn, i) => {
    const node = $createSpeakerTurnNode(turn);
    const said = text.slice(turn.start, turn.end);
    for (const seg of segmentTurn(said.length, perTurn[i]!)) {
      const leaves = $leavesOf(said.slice(seg.start, seg.end));
      if (seg.ids.length === 0) node.append(...leaves);
      else node.append($createMarkNode(seg.ids).append(...leaves));
    }
    root.append(node);
  });
}

/** The leaves (text and line breaks) of a turn in reading order, marked or not. */
export function $turnLeaves(turn: SpeakerTurnNode): LexicalNode[] {
  const leaves: LexicalNode[] = [];
  for (const child of turn.getChildren()) {
    if ($isMarkNode(child)) leaves.push(...child.getChildren());
    else leaves.push(child);
  }
  return leaves;
}

/** The offset, within its turn's text, of `local` units into `leaf`; null if not in the turn. */
export function $offsetInTurn(turn: SpeakerTurnNode, leaf: LexicalNode, local: number): number | null {
  let pos = 0;
  for (const l of $turnLeaves(turn)) {
    if (l.is(leaf)) return pos + Math.min(local, l.getTextContentSize());
    pos += l.getTextContentSize();
  }
  return null;
}

/** Makes `offset` fall between two leaves, splitting the text node it falls inside. */
function $splitAt(turn: SpeakerTurnNode, offset: number): void {
  let pos = 0;
  for (const leaf of $turnLeaves(turn)) {
    const size = leaf.getTextContentSize();
    if (offset > pos && offset < pos + size && $isTextNode(leaf)) {
      leaf.splitText(offset - pos);
      return;
    }
    pos += size;
    if (pos >= offset) return;
  }
}

/** Joins neighbouring marks that carry the same codings (left behind by a removal). */
function $mergeNeighbours(turn: SpeakerTurnNode): void {
  let prev: MarkNode | null = null;
  for (const child of turn.getChildren()) {
    if ($isMarkNode(child)) {
      if (prev && sameIds(prev.getIDs(), child.getIDs())) {
        prev.append(...child.getChildren());
        child.remove();
        continue;
      }
      prev = child;
    } else prev = null;
  }
}

/** Marks [start, end) of a turn's text (turn-local offsets) with coding `id`. */
export function $addCodingToTurn(turn: SpeakerTurnNode, id: string, start: number, end: number): void {
  $splitAt(turn, start);
  $splitAt(turn, end);
  // Leaves now either lie wholly inside [start, end) or wholly outside it.
  const groups: { parent: LexicalNode; leaves: LexicalNode[] }[] = [];
  let pos = 0;
  for (const leaf of $turnLeaves(turn)) {
    const size = leaf.getTextContentSize();
    if (pos >= start && pos + size <= end && size > 0) {
      const parent = leaf.getParentOrThrow();
      const last = groups[groups.length - 1];
      if (last && last.parent.is(parent)) last.leaves.push(leaf);
      else groups.push({ parent, leaves: [leaf] });
    }
    pos += size;
    if (pos >= end) break;
  }
  for (const { parent, leaves } of groups) {
    if ($isMarkNode(parent)) {
      if (leaves.length === parent.getChildrenSize()) {
        parent.addID(id);
        continue;
      }
      // Part of an existing mark: cut it into before / covered (+id) / after.
      const ids = parent.getIDs();
      const after = leaves[leaves.length - 1]!.getNextSiblings();
      const covered = $createMarkNode([...ids, id]);
      parent.insertAfter(covered);
      covered.append(...leaves);
      if (after.length > 0) covered.insertAfter($createMarkNode(ids).append(...after));
      if (parent.getChildrenSize() === 0) parent.remove();
    } else {
      const mark = $createMarkNode([id]);
      leaves[0]!.insertBefore(mark);
      mark.append(...leaves);
    }
  }
  $mergeNeighbours(turn);
}

/** Takes coding `id` off every mark of a turn; a mark left with no coding is unwrapped. */
export function $removeCodingFromTurn(turn: SpeakerTurnNode, id: string): void {
  for (const child of turn.getChildren()) {
    if (!$isMarkNode(child) || !child.hasID(id)) continue;
    if (child.getIDs().length === 1) $unwrapMarkNode(child);
    else child.deleteID(id);
  }
  $mergeNeighbours(turn);
}

/**
 * Brings the marks in step with a change of the coding list: only the turns the added and
 * removed codings overlap are touched. `turnNode(i)` finds the block of turn i (by a key kept
 * from when the document was built, so nothing is searched for).
 */
export function $applyCodingChanges(
  turns: readonly Span[],
  turnNode: (index: number) => SpeakerTurnNode | null,
  change: { added: readonly CodingSpan[]; removed: readonly CodingSpan[] },
): void {
  for (const c of change.removed) {
    for (const s of sliceByTurns(turns, c)) {
      const node = turnNode(s.turn);
      if (node) $removeCodingFromTurn(node, c.guid);
    }
  }
  for (const c of change.added) {
    for (const s of sliceByTurns(turns, c)) {
      const node = turnNode(s.turn);
      if (node) $addCodingToTurn(node, c.guid, s.start, s.end);
    }
  }
}
