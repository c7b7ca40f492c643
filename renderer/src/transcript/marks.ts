/**
 * The transcript's Lexical model and the targeted updates that keep its coding marks in step
 * with the database. Invariant: the root holds one SpeakerTurnNode per turn; a turn holds
 * TextNodes, LineBreakNodes and MarkNodes; a MarkNode holds TextNodes and LineBreakNodes only
 * (marks never nest — overlapping codings are one mark with several ids). So a turn's leaves, in
 * order, spell exactly the turn's text, and the codings covering a leaf are its mark's ids.
 *
 * That holds for live turns; a placeholder turn (not live) has no children at all.
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

/** The codings over each of `turns`, cut to the turn (turn-local offsets), in the codings' order. */
function codingsPerTurn(turns: readonly Span[], codings: Iterable<CodingSpan>): { id: string; start: number; end: number }[][] {
  const perTurn: { id: string; start: number; end: number }[][] = turns.map(() => []);
  for (const c of codings) {
    for (const s of sliceByTurns(turns, c)) perTurn[s.turn]!.push({ id: c.guid, start: s.start, end: s.end });
  }
  return perTurn;
}

/**
 * The id lists of every mark a view of these turns and codings would hold once all its turns are
 * materialised, each once (in the order the marks list them): the colour combinations the view
 * will need, known before any turn is built.
 */
export function markIdLists(turns: readonly Span[], codings: Iterable<CodingSpan>): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  codingsPerTurn(turns, codings).forEach((list, i) => {
    const turn = turns[i]!;
    for (const seg of segmentTurn(turn.end - turn.start, list)) {
      if (seg.ids.length === 0) continue;
      const key = seg.ids.join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(seg.ids);
    }
  });
  return out;
}

/** Appends a turn's text to its (empty) block, cut into marks by the codings over it. */
function $fillTurn(node: SpeakerTurnNode, said: string, codings: readonly { id: string; start: number; end: number }[]): void {
  for (const seg of segmentTurn(said.length, codings)) {
    const leaves = $leavesOf(said.slice(seg.start, seg.end));
    if (seg.ids.length === 0) node.append(...leaves);
    else node.append($createMarkNode(seg.ids).append(...leaves));
  }
}

/**
 * Fills the root with the document's turns and its codings as marks. Runs once when a document
 * opens; later changes go through `$applyCodingChanges`. A turn for which `live` says no is an
 * empty placeholder (see ./turn-window.ts), filled later by `$materialiseTurns`.
 */
export function $buildTranscript(
  text: string,
  turns: readonly TurnData[],
  codings: readonly CodingSpan[],
  live: (index: number) => boolean = () => true,
): void {
  const perTurn = codingsPerTurn(turns, codings);
  const root = $getRoot();
  root.clear();
  turns.forEach((turn, i) => {
    const isLive = live(i);
    const node = $createSpeakerTurnNode(turn, isLive);
    if (isLive) $fillTurn(node, text.slice(turn.start, turn.end), perTurn[i]!);
    root.append(node);
  });
}

/**
 * Gives placeholder turns their text and the marks of `codings` (the codings the view shows now):
 * the same nodes `$buildTranscript` would have made, so offsets within them are the same too.
 * `turnNode(i)` finds the block of turn i. Turns already live are left alone.
 */
export function $materialiseTurns(
  text: string,
  turns: readonly TurnData[],
  indexes: readonly number[],
  turnNode: (index: number) => SpeakerTurnNode | null,
  codings: Iterable<CodingSpan>,
): void {
  const wanted = indexes.filter((i) => {
    const node = turnNode(i);
    return node !== null && !node.isLive();
  });
  if (wanted.length === 0) return;
  // Only the codings that reach into the turns wanted are cut up.
  const lo = Math.min(...wanted.map((i) => turns[i]!.start));
  const hi = Math.max(...wanted.map((i) => turns[i]!.end));
  const near: CodingSpan[] = [];
  for (const c of codings) if (c.start < hi && c.end > lo) near.push(c);
  const perTurn = codingsPerTurn(turns, near);
  for (const i of wanted) {
    const node = turnNode(i)!.setLive(true);
    const turn = turns[i]!;
    $fillTurn(node, text.slice(turn.start, turn.end), perTurn[i]!);
  }
}

/** Makes live turns placeholders again: their text and marks are dropped (the database keeps them). */
export function $releaseTurns(indexes: readonly number[], turnNode: (index: number) => SpeakerTurnNode | null): void {
  for (const i of indexes) {
    const node = turnNode(i);
    if (!node || !node.isLive()) continue;
    node.clear();
    node.setLive(false);
  }
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
 * from when the document was built, so nothing is searched for), or null for a turn that is not
 * live: a placeholder gets its marks from the coding list when it is materialised.
 */
export function $applyCodingChanges(
  turns: readonly Span[],
  turnNode: (index: number) => SpeakerTurnNode | null,
  change: { added: readonly CodingSpan[]; removed: readonly CodingSpan[] },
): void {
  for (const c of change.removed) {
    for (const s of sliceByTurns(turns, c)) {
      const node = turnNode(s.turn);
      if (node?.isLive()) $removeCodingFromTurn(node, c.guid);
    }
  }
  for (const c of change.added) {
    for (const s of sliceByTurns(turns, c)) {
      const node = turnNode(s.turn);
      if (node?.isLive()) $addCodingToTurn(node, c.guid, s.start, s.end);
    }
  }
}
