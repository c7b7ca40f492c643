/**
 * From a DOM selection in the transcript to document offsets, and back. A DOM point is first
 * moved onto a leaf (a text node or a <br>), then Lexical says which node that leaf renders
 * ($getNearestNodeFromDOMNode) and the turn-local offset is the sum of the text sizes before it.
 * The arithmetic after that is pure (./offsets.ts).
 */
import { $isMarkNode } from '@lexical/mark';
import { $getNearestNodeFromDOMNode, $getNodeByKey, $isLineBreakNode, $isTextNode, type LexicalEditor } from 'lexical';
import { $offsetInTurn, $turnLeaves } from './marks';
import { snapToTurns, snapToWords, spanBetween, tidySpan, type Span, type TurnPoint } from './offsets';
import { $isSpeakerTurnNode, $turnOf } from './SpeakerTurnNode';

type Edge = 'in' | 'before' | 'after';

function isLeaf(node: Node): boolean {
  return node.nodeType === Node.TEXT_NODE || node.nodeName === 'BR';
}

function firstLeaf(node: Node): Node | null {
  if (isLeaf(node)) return node;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    const leaf = firstLeaf(c);
    if (leaf) return leaf;
  }
  return null;
}

function lastLeaf(node: Node): Node | null {
  if (isLeaf(node)) return node;
  for (let c = node.lastChild; c; c = c.previousSibling) {
    const leaf = lastLeaf(c);
    if (leaf) return leaf;
  }
  return null;
}

/** A DOM selection point moved onto the nearest leaf, keeping which side of it it is on. */
function toLeaf(node: Node, offset: number): { dom: Node; offset: number; edge: Edge } {
  if (node.nodeType === Node.TEXT_NODE) return { dom: node, offset, edge: 'in' };
  const kids = node.childNodes;
  if (offset < kids.length) {
    const leaf = firstLeaf(kids[offset]!);
    if (leaf) return { dom: leaf, offset: 0, edge: 'before' };
  }
  for (let i = Math.min(offset, kids.length) - 1; i >= 0; i--) {
    const leaf = lastLeaf(kids[i]!);
    if (leaf) return { dom: leaf, offset: leaf.textContent?.length ?? 0, edge: 'after' };
  }
  return { dom: node, offset: 0, edge: 'before' };
}

/**
 * Where a DOM point lies in the transcript: turn index and offset within the turn's text. A
 * point in a turn's header (which is not text) counts as the start of that turn. Must run in
 * `editor.read`. Null for a point outside the transcript.
 */
export function $turnPointFromDOM(node: Node, offset: number): TurnPoint | null {
  const p = toLeaf(node, offset);
  const lex = $getNearestNodeFromDOMNode(p.dom);
  const turn = $turnOf(lex);
  if (!lex || !turn) return null;
  const data = turn.getTurn();
  const index = data.index;
  // A placeholder (a turn far from the screen, see ./turn-window.ts) has no text in the model;
  // a point on it counts as its start or its end all the same.
  const size = turn.isLive() ? turn.getTextContentSize() : data.end - data.start;
  if ($isTextNode(lex)) {
    const local = p.edge === 'in' ? Math.max(0, Math.min(p.offset, lex.getTextContentSize())) : p.edge === 'after' ? lex.getTextContentSize() : 0;
    const at = $offsetInTurn(turn, lex, local);
    return at === null ? null : { turn: index, offset: at };
  }
  if ($isLineBreakNode(lex)) {
    const at = $offsetInTurn(turn, lex, p.edge === 'after' ? 1 : 0);
    return at === null ? null : { turn: index, offset: at };
  }
  if ($isMarkNode(lex)) {
    const leaf = p.edge === 'after' ? lex.getLastDescendant() : lex.getFirstDescendant();
    if (!leaf) return null;
    const at = $offsetInTurn(turn, leaf, p.edge === 'after' ? leaf.getTextContentSize() : 0);
    return at === null ? null : { turn: index, offset: at };
  }
  if ($isSpeakerTurnNode(lex)) {
    // Only DOM that Lexical does not manage lands here: the header (before the text), the
    // trailing line break the reconciler adds after a final <br> (after it), or a placeholder's
    // empty body (its start, unless the point is after it).
    const inHeader = p.dom.parentElement?.closest('.turn-header') ?? (p.dom instanceof Element ? p.dom.closest('.turn-header') : null);
    if (!turn.isLive()) return { turn: index, offset: p.edge === 'after' ? size : 0 };
    return { turn: index, offset: inHeader ? 0 : size };
  }
  return null;
}

export interface TranscriptSelection extends Span {
  /** Where the selection is on screen, to place the quick-code button and box. */
  rect: { left: number; top: number; right: number; bottom: number };
}

/**
 * The document span a DOM selection covers in the transcript, tidied (no white space dragged
 * along at the ends, no passage starting or ending in the gap between turns). Null for a
 * collapsed selection or one that does not lie inside `root`.
 */
export function readSelection(
  editor: LexicalEditor,
  root: HTMLElement,
  doc: { text: string; turns: readonly Span[] },
  selection: Selection | null,
  options: { snapWords?: boolean } = {},
): TranscriptSelection | null {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const { anchorNode, focusNode } = selection;
  if (!anchorNode || !focusNode || !root.contains(anchorNode) || !root.contains(focusNode)) return null;
  const span = editor.read(() => {
    const a = $turnPointFromDOM(anchorNode, selection.anchorOffset);
    const b = $turnPointFromDOM(focusNode, selection.focusOffset);
    return a && b ? spanBetween(doc.turns, a, b) : null;
  });
  if (!span) return null;
  const snapped = snapToTurns(doc.turns, span);
  let tidy = snapped && tidySpan(doc.text, snapped);
  if (tidy && options.snapWords) tidy = snapToTurns(doc.turns, snapToWords(doc.text, tidy));
  if (!tidy) return null;
  const rects = selection.getRangeAt(0).getClientRects();
  const box = selection.getRangeAt(0).getBoundingClientRect();
  const last = rects.length > 0 ? rects[rects.length - 1]! : box;
  return { ...tidy, rect: { left: last.left, top: box.top, right: last.right, bottom: last.bottom } };
}

/** The DOM point for a turn-local offset, for selecting a passage programmatically. */
function $domPointAt(editor: LexicalEditor, turnKey: string, offset: number): { node: Node; offset: number } | null {
  const turn = $getNodeByKey(turnKey);
  if (!$isSpeakerTurnNode(turn)) return null;
  let pos = 0;
  for (const leaf of $turnLeaves(turn)) {
    const size = leaf.getTextContentSize();
    if (offset <= pos + size) {
      const el = editor.getElementByKey(leaf.getKey());
      if (!el) return null;
      if ($isTextNode(leaf)) {
        const text = firstLeaf(el);
        if (text && text.nodeType === Node.TEXT_NODE) return { node: text, offset: offset - pos };
      }
      const parent = el.parentNode;
      if (!parent) return null;
      const index = Array.prototype.indexOf.call(parent.childNodes, el) as number;
      return { node: parent, offset: offset === pos ? index : index + 1 };
    }
    pos += size;
  }
  return null;
}

/**
 * Selects a document span in the view (used when a coded segment is opened from the codebook).
 * `turnKey(i)` gives the Lexical key of turn i. Null unless the turns at both ends are live.
 */
export function selectSpan(
  editor: LexicalEditor,
  turns: readonly Span[],
  turnKey: (index: number) => string | undefined,
  span: Span,
): Range | null {
  return editor.read(() => {
    const first = turns.findIndex((t) => t.end > span.start);
    let last = -1;
    for (let i = turns.length - 1; i >= 0; i--) {
      if (turns[i]!.start < span.end) {
        last = i;
        break;
      }
    }
    if (first === -1 || last === -1 || last < first) return null;
    const fk = turnKey(first);
    const lk = turnKey(last);
    if (!fk || !lk) return null;
    const start = $domPointAt(editor, fk, Math.max(0, span.start - turns[first]!.start));
    const end = $domPointAt(editor, lk, Math.min(turns[last]!.end, span.end) - turns[last]!.start);
    if (!start || !end) return null;
    const range = document.createRange();
    range.setStart(start.node, start.offset);
    range.setEnd(end.node, end.offset);
    return range;
  });
}
