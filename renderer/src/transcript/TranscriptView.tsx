/**
 * The transcript as a read-only Lexical editor. Its state is built once, when the document opens,
 * from the turns and codings; it is never saved (the database is the truth). After that, coding
 * changes arrive as a new coding list and are applied as targeted mark updates: the list is diffed
 * against what the view shows and only the turns the changed codings touch are updated.
 *
 * Only the turns on and near the screen hold their text and marks; the others are placeholders
 * (a long transcript's window: ./TurnWindow.ts, decided by ./turn-window.ts). Whatever shows a
 * passage off screen reveals its turns first.
 *
 * Highlight colours live outside the editor state (a coding guid -> code lookup) and are painted
 * on the marks' DOM by a mutation listener, as in Lexical's comment plugin: ids inside, data
 * outside.
 */
import { MarkNode, $isMarkNode } from '@lexical/mark';
import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { $getNodeByKey, $getRoot, setDOMUnmanaged, SKIP_DOM_SELECTION_TAG, SKIP_SCROLL_INTO_VIEW_TAG, type LexicalEditor } from 'lexical';
import { useEffect, useEffectEvent, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type Ref } from 'react';
import type { DocumentDetail } from '../../../shared/types';
import { flushMarkClasses, markLook } from './mark-classes';
import { $applyCodingChanges, $buildTranscript, markIdLists, type CodingSpan } from './marks';
import { TurnWindow } from './TurnWindow';
import { diffCodings, sliceByTurns, turnAt, type Span } from './offsets';
import { groupedStripeColumns, stripeColumns, turnStripeParts, type MarkExtent, type StripeGroup, type StripePart } from './stripes';
import { readSelection, selectSpan, type TranscriptSelection } from './selection';
import { $isSpeakerTurnNode, SpeakerTurnNode, type TurnData } from './SpeakerTurnNode';

export interface CodingLook {
  color: string;
  name: string;
  /** Who made the coding; given only in a project with several coders. */
  coder?: CodingCoder;
}

/** A coding's coder, as the view distinguishes them (see renderer/src/team/coder-layer.ts). */
export interface CodingCoder {
  name: string;
  mine: boolean;
  /** Their stripe group when stripes are grouped per coder (ascending = left to right). */
  group: number;
  /** The class giving their stripes their pattern ('' for plain). */
  pattern: string;
}

/** What a highlight or a stripe says on hover: the code, and whose coding it is. */
function lookTitle(look: CodingLook): string {
  return look.coder ? `${look.name} — ${look.coder.mine ? 'mine' : look.coder.name}` : look.name;
}

export interface FocusTarget {
  coding: string;
  start: number;
  end: number;
  nonce: number;
}

const NO_TARGETS: ReadonlySet<string> = new Set();

const FALLBACK_LOOK: CodingLook = { color: '#A7B0BE', name: 'Code' };

export function turnDataOf(doc: DocumentDetail): TurnData[] {
  const speakers = new Map(doc.speakers.map((s) => [s.guid, s]));
  return [...doc.turns]
    .sort((a, b) => a.start - b.start)
    .map((t, index) => {
      const s = t.speakerGuid ? speakers.get(t.speakerGuid) : undefined;
      return {
        guid: t.guid,
        index,
        start: t.start,
        end: t.end,
        speaker: s ? { label: s.label, role: s.role } : null,
        time: t.timeStart,
      };
    });
}

const lookIn = (looks: ReadonlyMap<string, CodingLook>) => (id: string) => looks.get(id) ?? FALLBACK_LOOK;

/**
 * Gives a mark its codings' ids and colours. Its title (the code names) is set when the pointer
 * reaches it (see CodingMarksPlugin), not for every mark of the document up front.
 */
function paintMark(el: HTMLElement, ids: readonly string[], look: (id: string) => CodingLook, inBulk: boolean): void {
  el.dataset.codings = ids.join(' ');
  if (ids.length > 1) el.classList.add('coding--overlap');
  else el.classList.remove('coding--overlap');
  // Another coder's coding in it: drawn apart from mine (coders.css).
  if (ids.some((id) => look(id).coder?.mine === false)) el.classList.add('coding--theirs');
  else if (el.classList.contains('coding--theirs')) el.classList.remove('coding--theirs');
  el.removeAttribute('title');
  const paint = markLook(ids.map((id) => look(id).color), inBulk);
  const before = el.dataset.look;
  const name = 'className' in paint ? paint.className : undefined;
  if (before && before !== name) el.classList.remove(before);
  if (name) {
    el.classList.add(name);
    el.dataset.look = name;
    el.removeAttribute('style');
  } else {
    delete el.dataset.look;
    el.setAttribute('style', (paint as { style: string }).style);
  }
}

/** Marks painted in one go from which on shared classes pay off (a document opening). */
const BULK_MARKS = 50;

/** Keys of the turn blocks in document order, read once: turn blocks are never replaced. */
function useTurnKeys(editor: LexicalEditor): string[] {
  const [keys] = useState(() => editor.read(() => $getRoot().getChildrenKeys()));
  return keys;
}

const NO_SPANS: readonly Span[] = [];

/**
 * Connects the window (./TurnWindow.ts) to the editor: it materialises and releases turns as the
 * reader scrolls, keeps the turns of `keep` in the DOM, and tells `onWindowChange` when it did.
 */
function WindowPlugin({
  win,
  shown,
  keep = NO_SPANS,
  onWindowChange,
}: {
  win: TurnWindow;
  shown: { current: ReadonlyMap<string, CodingSpan> };
  keep?: readonly Span[] | undefined;
  onWindowChange?: (() => void) | undefined;
}) {
  const [editor] = useLexicalComposerContext();
  const turnKeys = useTurnKeys(editor);
  useLayoutEffect(() => win.attach(editor, turnKeys, () => shown.current.values()), [editor, win, turnKeys, shown]);
  useEffect(() => {
    win.pin('reader', keep);
  }, [win, keep]);
  const changed = useEffectEvent(() => onWindowChange?.());
  useEffect(() => win.onChange(() => changed()), [win]);
  return null;
}

function CodingMarksPlugin({
  turns,
  shown,
  codings,
  looks,
  selected,
}: {
  turns: readonly Span[];
  /** The codings the marks show, by guid: kept here, read when a turn is materialised. */
  shown: { current: Map<string, CodingSpan> };
  codings: readonly CodingSpan[];
  looks: ReadonlyMap<string, CodingLook>;
  selected: string | null;
}) {
  const [editor] = useLexicalComposerContext();
  const turnKeys = useTurnKeys(editor);
  // The looks the marks on screen were painted with; read by the mutation listener.
  const painted = useRef(looks);
  const selectedNow = useRef(selected);
  useLayoutEffect(() => {
    selectedNow.current = selected;
  }, [selected]);

  // Every colour combination the document's marks need gets its class once the first screen is
  // up, in one style sheet: a turn materialised later finds its classes, and no sheet is added
  // (which makes the browser match the whole page again) while the reader scrolls.
  const prepared = useRef(false);
  useEffect(() => {
    if (prepared.current) return;
    let task = 0;
    const frame = requestAnimationFrame(() => {
      task = window.setTimeout(() => {
        prepared.current = true;
        const look = lookIn(painted.current);
        for (const ids of markIdLists(turns, shown.current.values())) markLook(ids.map((id) => look(id).color), true);
        flushMarkClasses();
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(task);
    };
  }, [turns, shown]);

  // Paint marks as Lexical creates or changes them (including those present at registration, and
  // those of a turn materialised as it comes near the screen).
  useEffect(
    () =>
      editor.registerMutationListener(MarkNode, (mutations) => {
        const inBulk = mutations.size >= BULK_MARKS;
        const sel = selectedNow.current;
        editor.getEditorState().read(() => {
          for (const [key, mutation] of mutations) {
            if (mutation === 'destroyed') continue;
            const node = $getNodeByKey(key);
            const el = editor.getElementByKey(key);
            if (!$isMarkNode(node) || !el) continue;
            const ids = node.getIDs();
            paintMark(el, ids, lookIn(painted.current), inBulk);
            if (sel && ids.includes(sel)) el.classList.add('coding--selected');
            else if (el.classList.contains('coding--selected')) el.classList.remove('coding--selected');
          }
        });
        flushMarkClasses();
      }),
    [editor],
  );

  // The selected coding's marks are outlined (a class on its marks only; marks materialised
  // later get it from the listener above).
  useEffect(() => {
    const root = editor.getRootElement();
    if (!selected || !root) return;
    for (const el of root.querySelectorAll<HTMLElement>(`mark[data-codings~="${CSS.escape(selected)}"]`)) el.classList.add('coding--selected');
    return () => {
      for (const el of root.querySelectorAll<HTMLElement>('mark.coding--selected')) el.classList.remove('coding--selected');
    };
  }, [editor, selected, codings]);

  // A highlight's title names its codes; written when the pointer first reaches it.
  useEffect(() => {
    const root = editor.getRootElement();
    if (!root) return;
    const onOver = (e: MouseEvent) => {
      const mark = (e.target as Element | null)?.closest?.<HTMLElement>('mark[data-codings]');
      if (!mark || mark.hasAttribute('title')) return;
      const look = lookIn(painted.current);
      mark.title = (mark.dataset.codings ?? '').split(' ').filter(Boolean).map((id) => lookTitle(look(id))).join(' · ');
    };
    root.addEventListener('mouseover', onOver);
    return () => root.removeEventListener('mouseover', onOver);
  }, [editor]);

  // In the layout phase: a new coding's highlight is in the frame that follows its answer.
  useLayoutEffect(() => {
    const before = painted.current;
    painted.current = looks;
    const change = diffCodings(shown.current, codings);
    const justAdded = new Set(change.added.map((c) => c.guid));
    if (change.added.length || change.removed.length) {
      editor.update(
        () =>
          $applyCodingChanges(turns, (i) => {
            const node = turnKeys[i] ? $getNodeByKey(turnKeys[i]) : null;
            return $isSpeakerTurnNode(node) ? node : null;
          }, change),
        // Discrete: the next diff must see this one applied. The DOM selection is the reader's.
        { discrete: true, tag: [SKIP_DOM_SELECTION_TAG, SKIP_SCROLL_INTO_VIEW_TAG] },
      );
      for (const c of change.removed) shown.current.delete(c.guid);
      for (const c of change.added) shown.current.set(c.guid, c);
    }
    // A code recoloured or renamed (or a new code's colour arriving after its coding): repaint
    // only the marks of the codings whose look changed.
    const root = editor.getRootElement();
    if (!root) return;
    const stale = new Set<HTMLElement>();
    for (const [id, look] of looks) {
      const old = before.get(id);
      if (old && old.color === look.color && old.name === look.name) continue;
      // A coding just added was painted with its look by the mutation listener.
      if (!old && justAdded.has(id)) continue;
      root.querySelectorAll<HTMLElement>(`mark[data-codings~="${CSS.escape(id)}"]`).forEach((el) => stale.add(el));
    }
    for (const el of stale) paintMark(el, (el.dataset.codings ?? '').split(' ').filter(Boolean), lookIn(looks), stale.size >= BULK_MARKS);
    flushMarkClasses();
  }, [editor, turns, turnKeys, codings, looks, shown]);

  return null;
}

function InteractionPlugin({
  doc,
  turns,
  win,
  focus,
  snapWords,
  onSelection,
  onMarkClick,
}: {
  doc: DocumentDetail;
  turns: readonly Span[];
  win: TurnWindow;
  focus: FocusTarget | null;
  snapWords: boolean;
  onSelection: (s: TranscriptSelection | null) => void;
  onMarkClick: (ids: string[], rect: DOMRect) => void;
}) {
  const [editor] = useLexicalComposerContext();
  const turnKeys = useTurnKeys(editor);

  // Read on mouseup / keyup; while a drag is still under way (`selectionchange`) only notice a
  // selection that went away, without mapping every intermediate point.
  const update = useEffectEvent((clearOnly: boolean) => {
    const root = editor.getRootElement();
    if (!root) return;
    const dom = window.getSelection();
    if (clearOnly) {
      const gone = !dom || dom.isCollapsed || !dom.anchorNode || !root.contains(dom.anchorNode);
      if (gone) onSelection(null);
      return;
    }
    onSelection(readSelection(editor, root, { text: doc.text, turns }, dom, { snapWords }));
  });
  // A click (not a drag, not a double-click selecting a word) on a highlight shows its codes. The
  // browser clears a selection clicked inside only after the click, so it is cleared here.
  const down = useRef<{ x: number; y: number } | null>(null);
  const clicked = useEffectEvent((e: MouseEvent) => {
    const from = down.current;
    if (!from || e.detail > 1 || Math.hypot(e.clientX - from.x, e.clientY - from.y) > 3) return;
    const mark = (e.target as Element | null)?.closest?.('mark[data-codings]');
    if (!(mark instanceof HTMLElement)) return;
    window.getSelection()?.removeAllRanges();
    onSelection(null);
    onMarkClick((mark.dataset.codings ?? '').split(' ').filter(Boolean), mark.getBoundingClientRect());
  });

  // Copying puts the transcript's own text on the clipboard, as written (labels and times of
  // the turns within included): turns far from the screen hold no text in the page (see
  // ./turn-window.ts), so what the browser would copy from the page could miss the middle of a
  // long selection, and would carry the turn headers' role badges instead.
  const copied = useEffectEvent((e: ClipboardEvent) => {
    const root = editor.getRootElement();
    if (!root || !e.clipboardData) return;
    const span = readSelection(editor, root, { text: doc.text, turns }, window.getSelection());
    if (!span) return;
    e.clipboardData.setData('text/plain', doc.text.slice(span.start, span.end));
    e.preventDefault();
  });

  useEffect(() => {
    const root = editor.getRootElement();
    if (!root) return;
    const onCopy = (e: ClipboardEvent) => copied(e);
    const onUp = (e: Event) => {
      // A drag may end outside the transcript; a click elsewhere (a sidebar, the quick-code
      // box) must not clear a pending selection, which `selectionchange` handles below.
      if (root.contains(e.target as Node) || window.getSelection()?.containsNode(root, true)) update(false);
    };
    const onSelectionChange = () => update(true);
    const onClick = (e: MouseEvent) => clicked(e);
    const onDown = (e: MouseEvent) => {
      down.current = { x: e.clientX, y: e.clientY };
      // A drag may run screens away from where it began: its start must stay in the DOM.
      const turn = (e.target as Element | null)?.closest?.<HTMLElement>('[data-testid="turn"]');
      const t = turn ? turns[Number(turn.dataset.index)] : undefined;
      win.pin('drag', t ? [t] : []);
    };
    // Unpinned without releasing: the selection the drag made is pinned by the pane by then.
    const onRelease = () => win.pin('drag', []);
    root.addEventListener('mousedown', onDown);
    document.addEventListener('mouseup', onRelease, { capture: true });
    document.addEventListener('mouseup', onUp);
    document.addEventListener('keyup', onUp);
    document.addEventListener('selectionchange', onSelectionChange);
    root.addEventListener('click', onClick);
    root.addEventListener('copy', onCopy);
    return () => {
      root.removeEventListener('copy', onCopy);
      document.removeEventListener('mouseup', onRelease, { capture: true });
      document.removeEventListener('mouseup', onUp);
      document.removeEventListener('keyup', onUp);
      document.removeEventListener('selectionchange', onSelectionChange);
      root.removeEventListener('click', onClick);
      root.removeEventListener('mousedown', onDown);
    };
  }, [editor, win, turns]);

  // Opening a coded segment from the codebook: scroll to it and select it. A passage that is not a
  // coding (a search hit) has no mark to flash, so it is painted as found until the next click in
  // the transcript; the selection alone is faint once the focus is elsewhere. Its turns are
  // materialised first, and the found passage's stay so while it is painted.
  useEffect(() => {
    if (!focus) return;
    let unpaint = () => {};
    const frame = requestAnimationFrame(() => {
      const root = editor.getRootElement();
      if (!root) return;
      win.reveal(focus);
      const marks = [...root.querySelectorAll<HTMLElement>(`mark[data-codings~="${CSS.escape(focus.coding)}"]`)];
      const range = selectSpan(editor, turns, (i) => turnKeys[i], focus);
      const target = marks[0] ?? (range?.startContainer.parentElement as HTMLElement | null);
      target?.scrollIntoView({ block: 'center' });
      if (range) {
        const sel = window.getSelection();
        sel?.removeAllRanges();
        sel?.addRange(range);
        update(false);
      }
      for (const m of marks) {
        m.classList.remove('coding--focus');
        void m.offsetWidth; // restart the animation when the same segment is opened again
        m.classList.add('coding--focus');
      }
      if (marks.length === 0 && range && typeof CSS !== 'undefined' && 'highlights' in CSS) {
        CSS.highlights.set('chorus-passage', new Highlight(range.cloneRange()));
        win.pin('passage', [focus]);
        const clear = () => {
          CSS.highlights.delete('chorus-passage');
          win.pin('passage', []);
        };
        root.addEventListener('mousedown', clear, { once: true });
        unpaint = () => {
          root.removeEventListener('mousedown', clear);
          clear();
        };
      }
    });
    return () => {
      cancelAnimationFrame(frame);
      unpaint();
    };
  }, [editor, focus, turns, turnKeys, win]);

  return null;
}

/** What the pane can ask of the view: select a span (a whole turn, a nudged coding), find a turn. */
export interface TranscriptHandle {
  /** Selects `span` in the view, scrolls it into sight and reports it as the reader's selection. */
  select(span: Span): void;
  /**
   * Materialises the turns of `span` (and a screen around them) now, so that they can be scrolled
   * to with their text in place (see ./TurnWindow.ts). `select`, `markOf` and the view's own jumps
   * do it themselves.
   */
  reveal(span: Span): void;
  /** The block of turn `index` (a placeholder when the turn is far from the screen), if any. */
  turnElement(index: number): HTMLElement | null;
  /** The first mark of a coding, materialised first if it is far from the screen; null if not shown. */
  markOf(coding: string): HTMLElement | null;
  /** A DOM Range over a document span (for highlights that do not change the document); null unless its turns are live. */
  rangeOf(span: Span): Range | null;
}

const STRIPE_WIDTH = 4;
/** Pixels from one stripe column to the next (exported for labels placed over the columns). */
export const STRIPE_STEP = 7;
/** The space below a turn block (`.turn`'s margin-bottom): a stripe going on crosses it. */
const TURN_GAP = 16;

interface StripeLayout {
  columns: Map<string, number>;
  /** The column groups, one per coder, when stripes are grouped; else empty. */
  groups: StripeGroup[];
  /** The codings over each turn, by turn index. */
  byTurn: CodingSpan[][];
  /** The codings whose first turn each turn is. */
  startsIn: Set<string>[];
  /** A string for turn i that changes when what its stripes show changes (made when asked for). */
  signature(i: number): string;
  /** Whether the layout was worked out (not the empty one the view starts with). */
  built: boolean;
}

/** Empty columns between two coders' stripe groups: enough to tell the groups apart at a glance. */
const GROUP_GAP_COLUMNS = 2;

function stripeLayout(turns: readonly Span[], codings: readonly CodingSpan[], groupOf: ((guid: string) => number) | null): StripeLayout {
  const { columns, groups } = groupOf
    ? groupedStripeColumns(codings, groupOf, GROUP_GAP_COLUMNS)
    : { columns: stripeColumns(codings), groups: [] };
  const byTurn: CodingSpan[][] = turns.map(() => []);
  const startsIn: Set<string>[] = turns.map(() => new Set());
  for (const c of codings) {
    sliceByTurns(turns, c).forEach((slice, k) => {
      byTurn[slice.turn]!.push(c);
      if (k === 0) startsIn[slice.turn]!.add(c.guid);
    });
  }
  // Only the live turns' signatures are ever compared: made on demand, not for every turn.
  const signatures = new Map<number, string>();
  const signature = (i: number) => {
    let sig = signatures.get(i);
    if (sig === undefined) {
      sig = (byTurn[i] ?? []).map((c) => `${c.guid}:${c.start}:${c.end}:${columns.get(c.guid)}`).join(' ');
      signatures.set(i, sig);
    }
    return sig;
  };
  return { columns, groups, byTurn, startsIn, signature, built: true };
}

/**
 * The coding stripes in the right margin and the memo flags of turns. Each turn block carries its
 * own part of the stripes (in its `.turn-gutter`), measured from its own marks; only the live
 * turns (on or near the screen, see ./TurnWindow.ts) have a gutter and are measured and drawn. A
 * turn is drawn again when its codings, their looks, the selection or its size change, or when it
 * is materialised again.
 */
function TurnDecorationsPlugin({
  turns,
  win,
  codings,
  looks,
  selected,
  memoTargets,
  grouped,
  onStripe,
  onGroups,
}: {
  turns: readonly TurnData[];
  win: TurnWindow;
  codings: readonly CodingSpan[];
  looks: ReadonlyMap<string, CodingLook>;
  selected: string | null;
  memoTargets: ReadonlySet<string>;
  /** Stripes in a column group per coder (the looks' `coder.group`). */
  grouped: boolean;
  onStripe: (coding: string, rect: DOMRect) => void;
  onGroups?: ((groups: readonly StripeGroup[]) => void) | undefined;
}) {
  const [editor] = useLexicalComposerContext();
  const turnKeys = useTurnKeys(editor);
  // The stripe layout is worked out in a task after the next frame, not while a new coding is
  // being shown: applying a code must put its highlight on screen first. Layout is clean then,
  // so measuring the marks lays nothing out again.
  const layoutOf = useRef<StripeLayout>({ columns: new Map(), groups: [], byTurn: [], startsIn: [], signature: () => '', built: false });
  const stale = useRef(true);
  const touched = useRef(new Set<string>());
  const dirty = useRef(new Set<number>());
  const frame = useRef(0);
  const task = useRef(0);

  const turnEl = useEffectEvent((i: number) => (turnKeys[i] ? editor.getElementByKey(turnKeys[i]) : null));
  const indexOf = (el: Element) => Number((el as HTMLElement).dataset.index);

  /** Where the stripes of turn `i` go: reads layout only. */
  const measureTurn = useEffectEvent((i: number): StripePart[] | null => {
    const el = turnEl(i);
    if (!el) return null;
    const layout = layoutOf.current;
    const list = layout.byTurn[i] ?? [];
    if (list.length === 0) return [];
    const extents = new Map<string, MarkExtent>();
    const origin = el.getBoundingClientRect().top;
    for (const mark of el.querySelectorAll<HTMLElement>(':scope > .turn-body mark[data-codings]')) {
      const r = mark.getBoundingClientRect();
      if (r.height === 0) continue;
      for (const id of (mark.dataset.codings ?? '').split(' ')) {
        const e = extents.get(id);
        extents.set(id, { top: Math.min(e?.top ?? Infinity, r.top - origin), bottom: Math.max(e?.bottom ?? -Infinity, r.bottom - origin) });
      }
    }
    return turnStripeParts(turns[i]!, list, layout.startsIn[i]!, extents, layout.columns, el.offsetHeight, TURN_GAP);
  });

  /** Draws the stripes of turn `i`: writes only, and only what changed. */
  const drawTurn = useEffectEvent((i: number, parts: readonly StripePart[]) => {
    const gutter = turnEl(i)?.querySelector<HTMLElement>(':scope > .turn-gutter');
    if (!gutter) return;
    const existing = new Map<string, HTMLButtonElement>();
    for (const b of gutter.querySelectorAll<HTMLButtonElement>(':scope > .coding-stripe')) existing.set(b.dataset.coding ?? '', b);
    // The gutter's children change at most once per turn: every change of them is a mutation
    // record Lexical's observer of the editor has to look at.
    const buttons: HTMLButtonElement[] = [];
    let added = false;
    for (const part of parts) {
      let b = existing.get(part.guid);
      existing.delete(part.guid);
      if (b) buttons.push(b);
      const look = looks.get(part.guid) ?? FALLBACK_LOOK;
      const memo = part.first && memoTargets.has(part.guid);
      const isSelected = part.guid === selected;
      const pattern = look.coder?.pattern ?? '';
      const key = `${part.top}|${part.bottom}|${part.column}|${part.first}|${look.color}|${look.name}|${pattern}|${memo}|${isSelected}`;
      if (b?.dataset.key === key) continue;
      if (!b) {
        b = document.createElement('button');
        setDOMUnmanaged(b);
        b.type = 'button';
        b.tabIndex = -1;
        b.dataset.coding = part.guid;
        buttons.push(b);
        added = true;
      }
      b.dataset.key = key;
      // One stripe per coding for tests and assistive tech: the part in its first turn.
      if (part.first) b.dataset.testid = 'coding-stripe';
      else delete b.dataset.testid;
      b.className = `coding-stripe${pattern ? ` ${pattern}` : ''}${isSelected ? ' coding-stripe--selected' : ''}`;
      b.style.cssText = `top:${part.top}px;height:${Math.max(6, part.bottom - part.top)}px;left:${part.column * STRIPE_STEP}px;width:${STRIPE_WIDTH}px;background-color:${look.color}`;
      const title = lookTitle(look);
      b.title = memo ? `${title} (has a memo)` : title;
      b.setAttribute('aria-label', `Coding: ${title}`);
      const marker = b.firstElementChild;
      if (memo && !marker) {
        const m = document.createElement('span');
        setDOMUnmanaged(m);
        m.className = 'memo-marker memo-marker--coding';
        m.dataset.testid = 'memo-marker';
        m.dataset.target = part.guid;
        b.append(m);
      } else if (!memo && marker) marker.remove();
    }
    if (added || existing.size > 0) gutter.replaceChildren(...buttons);
  });

  // All measuring first, then all drawing: interleaved, every turn would lay the page out again.
  const flush = useEffectEvent(() => {
    task.current = 0;
    if (stale.current) {
      // Codings added, removed or moved to another column: only the turns whose stripes differ.
      stale.current = false;
      const before = layoutOf.current;
      const groupOf = grouped ? (id: string) => looks.get(id)?.coder?.group ?? 0 : null;
      const layout = (layoutOf.current = stripeLayout(turns, codings, groupOf));
      // A turn not live is drawn from scratch when it is materialised.
      for (const i of win.liveTurns()) {
        if (!before.built || before.signature(i) !== layout.signature(i)) dirty.current.add(i);
      }
      const groupsSig = (g: readonly StripeGroup[]) => g.map((x) => `${x.group}:${x.offset}:${x.width}`).join(' ');
      if (groupsSig(before.groups) !== groupsSig(layout.groups) || !before.built) onGroups?.(layout.groups);
    }
    if (touched.current.size > 0) {
      const ids = touched.current;
      touched.current = new Set();
      for (const i of win.liveTurns()) {
        if (layoutOf.current.byTurn[i]?.some((c) => ids.has(c.guid))) dirty.current.add(i);
      }
    }
    const measured: [number, StripePart[]][] = [];
    for (const i of [...dirty.current]) {
      // A placeholder: drawn when it is materialised.
      if (!win.isLive(i)) continue;
      dirty.current.delete(i);
      const parts = measureTurn(i);
      if (parts) measured.push([i, parts]);
    }
    for (const [i, parts] of measured) drawTurn(i, parts);
  });
  const schedule = useEffectEvent((indexes: Iterable<number>) => {
    for (const i of indexes) dirty.current.add(i);
    if (frame.current || task.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      task.current = window.setTimeout(() => flush(), 0);
    });
  });

  // Live turns are measured when they are materialised and whenever they re-wrap; a released
  // turn loses its gutter and is forgotten until it comes back. Listened for from the layout
  // phase, before the first frame.
  const [blocksReady, setBlocksReady] = useState(0);
  const sizes = useRef(new Map<number, number>());
  useLayoutEffect(() => {
    const root = editor.getRootElement();
    if (!root) return;
    const resize = new ResizeObserver((entries) => {
      const changed: number[] = [];
      for (const e of entries) {
        const i = indexOf(e.target);
        const h = e.contentRect.height;
        if (sizes.current.get(i) === h) continue;
        sizes.current.set(i, h);
        changed.push(i);
      }
      schedule(changed);
    });
    const track = (i: number, live: boolean) => {
      const el = turnEl(i);
      if (!el) return;
      if (live) {
        resize.observe(el);
        schedule([i]);
      } else {
        resize.unobserve(el);
        sizes.current.delete(i);
        dirty.current.delete(i);
      }
    };
    const unregister = editor.registerMutationListener(SpeakerTurnNode, (mutations) => {
      let created = false;
      for (const [key, mutation] of mutations) {
        if (mutation !== 'created') continue;
        created = true;
        const el = editor.getElementByKey(key);
        if (el && win.isLive(indexOf(el))) track(indexOf(el), true);
      }
      if (created) setBlocksReady((n) => n + 1);
    });
    const off = win.onChange(({ materialised, released }) => {
      for (const i of released) track(i, false);
      for (const i of materialised) track(i, true);
    });
    return () => {
      off();
      unregister();
      resize.disconnect();
      if (frame.current) cancelAnimationFrame(frame.current);
      if (task.current) window.clearTimeout(task.current);
      frame.current = 0;
      task.current = 0;
    };
  }, [editor, win]);

  useEffect(() => {
    stale.current = true;
    schedule([]);
  }, [turns, codings, grouped]);

  // New colours or names, memos or selection: the turns of the codings concerned.
  const shownLooks = useRef(looks);
  const shownMemos = useRef(memoTargets);
  const shownSelected = useRef(selected);
  useEffect(() => {
    const changed = new Set<string>();
    for (const [id, look] of looks) {
      const old = shownLooks.current.get(id);
      if (!old || old.color !== look.color || old.name !== look.name) changed.add(id);
    }
    for (const id of memoTargets) if (!shownMemos.current.has(id)) changed.add(id);
    for (const id of shownMemos.current) if (!memoTargets.has(id)) changed.add(id);
    if (selected !== shownSelected.current) {
      if (selected) changed.add(selected);
      if (shownSelected.current) changed.add(shownSelected.current);
    }
    shownLooks.current = looks;
    shownMemos.current = memoTargets;
    shownSelected.current = selected;
    if (changed.size === 0) return;
    for (const id of changed) touched.current.add(id);
    schedule([]);
  }, [looks, memoTargets, selected]);

  // Memo flags on turns: every turn with a memo, near the screen or not (nothing to measure).
  useEffect(() => {
    turns.forEach((t, i) => {
      const el = turnEl(i);
      if (!el) return;
      const flag = el.querySelector<HTMLElement>(':scope > .memo-marker--turn');
      if (memoTargets.has(t.guid) && !flag) {
        const m = document.createElement('span');
        // Not Lexical's: its mutation observer would take it out again.
        setDOMUnmanaged(m);
        m.className = 'memo-marker memo-marker--turn';
        m.contentEditable = 'false';
        m.title = 'This turn has a memo';
        m.dataset.testid = 'memo-marker';
        m.dataset.target = t.guid;
        el.append(m);
      } else if (!memoTargets.has(t.guid) && flag) flag.remove();
    });
  }, [turns, memoTargets, blocksReady]);

  // A click on a stripe opens its coding; it must not move the reader's selection.
  const openStripe = useEffectEvent((coding: string, rect: DOMRect) => onStripe(coding, rect));
  useEffect(() => {
    const root = editor.getRootElement();
    if (!root) return;
    const stripeOf = (e: Event) => (e.target as Element | null)?.closest?.<HTMLElement>('.coding-stripe') ?? null;
    const onDown = (e: MouseEvent) => {
      if (stripeOf(e)) e.preventDefault();
    };
    const onClick = (e: MouseEvent) => {
      const stripe = stripeOf(e);
      if (stripe?.dataset.coding) openStripe(stripe.dataset.coding, stripe.getBoundingClientRect());
    };
    root.addEventListener('mousedown', onDown);
    root.addEventListener('click', onClick);
    return () => {
      root.removeEventListener('mousedown', onDown);
      root.removeEventListener('click', onClick);
    };
  }, [editor]);

  // `.` and `,` move to the next / previous coding in reading order and open its codes.
  const step = useEffectEvent((direction: 1 | -1) => {
    if (codings.length === 0) return;
    const columns = layoutOf.current.columns;
    const order = [...codings].sort((a, b) => a.start - b.start || (columns.get(a.guid) ?? 0) - (columns.get(b.guid) ?? 0));
    const at = selected ? order.findIndex((c) => c.guid === selected) : -1;
    const next = order[at === -1 ? (direction > 0 ? 0 : order.length - 1) : (at + direction + order.length) % order.length]!;
    win.reveal(next);
    const mark = editor.getRootElement()?.querySelector<HTMLElement>(`mark[data-codings~="${CSS.escape(next.guid)}"]`);
    mark?.scrollIntoView({ block: 'center' });
    onStripe(next.guid, (mark ?? editor.getRootElement()!).getBoundingClientRect());
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === '.' || e.key === ',') {
        e.preventDefault();
        step(e.key === '.' ? 1 : -1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return null;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable && target.getAttribute('aria-readonly') !== 'true') return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Turn start times set by hand while the recording plays (media.setTurnTime): the turns whose
 * time differs from what their block shows get it, in one update; nothing else is rebuilt.
 */
function TurnTimesPlugin({ doc }: { doc: DocumentDetail }) {
  const [editor] = useLexicalComposerContext();
  const turnKeys = useTurnKeys(editor);
  useEffect(() => {
    const times = turnDataOf(doc).map((t) => t.time);
    // Read first: a refetch that changed no time (the usual case) makes no Lexical update.
    const changed = editor.read(() =>
      times.flatMap((time, i) => {
        const node = turnKeys[i] ? $getNodeByKey(turnKeys[i]) : null;
        return $isSpeakerTurnNode(node) && node.getTurn().time !== time ? [i] : [];
      }),
    );
    if (changed.length === 0) return;
    editor.update(
      () => {
        for (const i of changed) {
          const node = $getNodeByKey(turnKeys[i]!);
          if ($isSpeakerTurnNode(node)) node.setTime(times[i] ?? null);
        }
      },
      { tag: [SKIP_DOM_SELECTION_TAG, SKIP_SCROLL_INTO_VIEW_TAG] },
    );
  }, [editor, doc, turnKeys]);
  return null;
}

function HandlePlugin({
  handle,
  doc,
  turns,
  win,
  shown,
  snapWords,
  onSelection,
}: {
  handle: Ref<TranscriptHandle> | undefined;
  doc: DocumentDetail;
  turns: readonly Span[];
  win: TurnWindow;
  shown: { current: ReadonlyMap<string, CodingSpan> };
  snapWords: boolean;
  onSelection: (s: TranscriptSelection | null) => void;
}) {
  const [editor] = useLexicalComposerContext();
  const turnKeys = useTurnKeys(editor);
  useImperativeHandle(
    handle,
    () => ({
      select(span) {
        win.reveal(span);
        const range = selectSpan(editor, turns, (i) => turnKeys[i], span);
        if (!range) return;
        (range.startContainer instanceof Element ? range.startContainer : range.startContainer.parentElement)?.scrollIntoView({ block: 'nearest' });
        const sel = window.getSelection();
        sel?.removeAllRanges();
        sel?.addRange(range);
        const root = editor.getRootElement();
        if (root) onSelection(readSelection(editor, root, { text: doc.text, turns }, sel ?? null, { snapWords }));
      },
      reveal(span) {
        win.reveal(span);
      },
      turnElement(index) {
        const key = turnKeys[index];
        return key ? editor.getElementByKey(key) : null;
      },
      rangeOf(span) {
        const first = turnAt(turns, span.start);
        const last = turnAt(turns, Math.max(span.start, span.end - 1));
        // Cheap for the many find hits far from the screen: no Lexical read.
        if (first < 0 || !win.isLive(first) || !win.isLive(last)) return null;
        return selectSpan(editor, turns, (i) => turnKeys[i], span);
      },
      markOf(coding) {
        const c = shown.current.get(coding);
        if (c) win.reveal(c);
        return editor.getRootElement()?.querySelector<HTMLElement>(`mark[data-codings~="${CSS.escape(coding)}"]`) ?? null;
      },
    }),
    [editor, doc, turns, turnKeys, win, shown, snapWords, onSelection],
  );
  return null;
}

export function TranscriptView({
  doc,
  codings,
  looks,
  focus,
  onSelection,
  onMarkClick,
  selectedCoding = null,
  memoTargets = NO_TARGETS,
  snapWords = false,
  groupStripes = false,
  onStripeGroups,
  keep,
  onWindowChange,
  handle,
}: {
  doc: DocumentDetail;
  codings: readonly CodingSpan[];
  looks: ReadonlyMap<string, CodingLook>;
  focus: FocusTarget | null;
  onSelection: (s: TranscriptSelection | null) => void;
  onMarkClick: (ids: string[], rect: DOMRect) => void;
  selectedCoding?: string | null;
  memoTargets?: ReadonlySet<string>;
  snapWords?: boolean;
  /** One column group of stripes per coder (the looks' `coder.group`), for the "all coders" layer. */
  groupStripes?: boolean;
  /** Where the coders' stripe groups are, in stripe columns, whenever that changes. */
  onStripeGroups?: (groups: readonly StripeGroup[]) => void;
  /** Passages whose turns must stay in the DOM wherever the reader scrolls (a pending selection). */
  keep?: readonly Span[];
  /** Called when turns were materialised or released (ranges over them are new or gone). */
  onWindowChange?: () => void;
  handle?: Ref<TranscriptHandle>;
}) {
  // What the editor is built from is fixed at mount; later coding lists are diffed against it.
  const [initial] = useState(() => {
    const turns = turnDataOf(doc);
    return {
      doc,
      turns,
      codings: new Map(codings.map((c) => [c.guid, { guid: c.guid, start: c.start, end: c.end }])),
      win: new TurnWindow(doc.text, turns, window.innerHeight),
    };
  });
  // The codings the marks show (CodingMarksPlugin keeps it): what a materialised turn is built with.
  const [shown] = useState(() => ({ current: new Map(initial.codings) }));
  const initialConfig = useMemo<InitialConfigType>(
    () => ({
      namespace: 'chorus-transcript',
      nodes: [SpeakerTurnNode, MarkNode],
      editable: false,
      theme: { mark: 'coding' },
      onError: (error) => {
        throw error;
      },
      editorState: () => $buildTranscript(initial.doc.text, initial.turns, [...initial.codings.values()], (i) => initial.win.initialLive.has(i)),
    }),
    [initial],
  );
  const spans = useMemo(() => codings.map((c) => ({ guid: c.guid, start: c.start, end: c.end })), [codings]);
  return (
    <LexicalComposer initialConfig={initialConfig}>
      <div className="transcript-frame">
        <ContentEditable className="transcript" data-testid="transcript" aria-label={`Transcript of ${doc.document.name}`} aria-readonly="true" />
      </div>
      <WindowPlugin win={initial.win} shown={shown} keep={keep} onWindowChange={onWindowChange} />
      <CodingMarksPlugin turns={initial.turns} shown={shown} codings={spans} looks={looks} selected={selectedCoding} />
      <TurnDecorationsPlugin turns={initial.turns} win={initial.win} codings={spans} looks={looks} selected={selectedCoding} memoTargets={memoTargets} grouped={groupStripes} onStripe={(id, rect) => onMarkClick([id], rect)} onGroups={onStripeGroups} />
      <InteractionPlugin doc={initial.doc} turns={initial.turns} win={initial.win} focus={focus} snapWords={snapWords} onSelection={onSelection} onMarkClick={onMarkClick} />
      <TurnTimesPlugin doc={doc} />
      <HandlePlugin handle={handle} doc={initial.doc} turns={initial.turns} win={initial.win} shown={shown} snapWords={snapWords} onSelection={onSelection} />
    </LexicalComposer>
  );
}
