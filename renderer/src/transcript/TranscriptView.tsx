/**
 * The transcript as a read-only Lexical editor. Its state is built once, when the document opens,
 * from the turns and codings; it is never saved (the database is the truth). After that, coding
 * changes arrive as a new coding list and are applied as targeted mark updates: the list is diffed
 * against what the view shows and only the turns the changed codings touch are updated.
 *
 * Highlight colours live outside the editor state (a coding guid -> code lookup) and are painted
 * on the marks' DOM by a mutation listener, as in Lexical's comment plugin: ids inside, data
 * outside.
 */
import { MarkNode, $isMarkNode } from '@lexical/mark';
import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { $getNodeByKey, $getRoot, SKIP_DOM_SELECTION_TAG, SKIP_SCROLL_INTO_VIEW_TAG, type LexicalEditor } from 'lexical';
import { useEffect, useEffectEvent, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import type { DocumentDetail } from '../../../shared/types';
import { markStyle } from './format';
import { $applyCodingChanges, $buildTranscript, type CodingSpan } from './marks';
import { diffCodings, type Span } from './offsets';
import { layoutStripes, type PlacedStripe, type StripeExtent } from './stripes';
import { readSelection, selectSpan, type TranscriptSelection } from './selection';
import { $isSpeakerTurnNode, SpeakerTurnNode, type TurnData } from './SpeakerTurnNode';

export interface CodingLook {
  color: string;
  name: string;
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

function paintMark(el: HTMLElement, ids: readonly string[], look: (id: string) => CodingLook): void {
  const looks = ids.map((id) => look(id));
  const style = markStyle(looks.map((l) => l.color));
  el.dataset.codings = ids.join(' ');
  el.dataset.testid = 'coding-mark';
  el.classList.toggle('coding--overlap', ids.length > 1);
  el.style.background = style.background;
  el.style.boxShadow = style.boxShadow;
  el.title = looks.map((l) => l.name).join(' · ');
}

/** Keys of the turn blocks in document order, read once: turn blocks are never replaced. */
function useTurnKeys(editor: LexicalEditor): string[] {
  const [keys] = useState(() => editor.read(() => $getRoot().getChildrenKeys()));
  return keys;
}

function CodingMarksPlugin({
  turns,
  initial,
  codings,
  looks,
}: {
  turns: readonly Span[];
  initial: ReadonlyMap<string, CodingSpan>;
  codings: readonly CodingSpan[];
  looks: ReadonlyMap<string, CodingLook>;
}) {
  const [editor] = useLexicalComposerContext();
  const turnKeys = useTurnKeys(editor);
  const shown = useRef(new Map(initial));
  // The looks the marks on screen were painted with; read by the mutation listener.
  const painted = useRef(looks);

  // Paint marks as Lexical creates or changes them (including those present at registration).
  useEffect(
    () =>
      editor.registerMutationListener(MarkNode, (mutations) => {
        editor.getEditorState().read(() => {
          for (const [key, mutation] of mutations) {
            if (mutation === 'destroyed') continue;
            const node = $getNodeByKey(key);
            const el = editor.getElementByKey(key);
            if ($isMarkNode(node) && el) paintMark(el, node.getIDs(), lookIn(painted.current));
          }
        });
      }),
    [editor],
  );

  useEffect(() => {
    const before = painted.current;
    painted.current = looks;
    const change = diffCodings(shown.current, codings);
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
      root.querySelectorAll<HTMLElement>(`mark[data-codings~="${CSS.escape(id)}"]`).forEach((el) => stale.add(el));
    }
    for (const el of stale) paintMark(el, (el.dataset.codings ?? '').split(' ').filter(Boolean), lookIn(looks));
  }, [editor, turns, turnKeys, codings, looks]);

  return null;
}

function InteractionPlugin({
  doc,
  turns,
  focus,
  snapWords,
  onSelection,
  onMarkClick,
}: {
  doc: DocumentDetail;
  turns: readonly Span[];
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

  useEffect(() => {
    const root = editor.getRootElement();
    if (!root) return;
    const onUp = (e: Event) => {
      // A drag may end outside the transcript; a click elsewhere (a sidebar, the quick-code
      // box) must not clear a pending selection, which `selectionchange` handles below.
      if (root.contains(e.target as Node) || window.getSelection()?.containsNode(root, true)) update(false);
    };
    const onSelectionChange = () => update(true);
    const onClick = (e: MouseEvent) => clicked(e);
    const onDown = (e: MouseEvent) => {
      down.current = { x: e.clientX, y: e.clientY };
    };
    root.addEventListener('mousedown', onDown);
    document.addEventListener('mouseup', onUp);
    document.addEventListener('keyup', onUp);
    document.addEventListener('selectionchange', onSelectionChange);
    root.addEventListener('click', onClick);
    return () => {
      document.removeEventListener('mouseup', onUp);
      document.removeEventListener('keyup', onUp);
      document.removeEventListener('selectionchange', onSelectionChange);
      root.removeEventListener('click', onClick);
      root.removeEventListener('mousedown', onDown);
    };
  }, [editor]);

  // Opening a coded segment from the codebook: scroll to it and select it.
  useEffect(() => {
    if (!focus) return;
    const frame = requestAnimationFrame(() => {
      const root = editor.getRootElement();
      if (!root) return;
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
    });
    return () => cancelAnimationFrame(frame);
  }, [editor, focus, turns, turnKeys]);

  return null;
}

/** What the pane can ask of the view: select a span (a whole turn, a nudged coding), find a turn. */
export interface TranscriptHandle {
  /** Selects `span` in the view, scrolls it into sight and reports it as the reader's selection. */
  select(span: Span): void;
  /** The block of turn `index`, if any. */
  turnElement(index: number): HTMLElement | null;
  /** The first mark of a coding, if shown. */
  markOf(coding: string): HTMLElement | null;
  /** A DOM Range over a document span (for highlights that do not change the document). */
  rangeOf(span: Span): Range | null;
}

const STRIPE_WIDTH = 4;
const STRIPE_STEP = 7;

/**
 * The coding stripes in the right margin. Which marks carry which coding is learnt from the
 * mutation listener (created / updated / destroyed marks, by node key), so a coding change
 * re-measures only the codings whose marks changed; a ResizeObserver re-measures all of them
 * when the text re-wraps. Nothing rescans the document.
 */
function CodingStripesPlugin({
  looks,
  selected,
  memoTargets,
  turns,
  onStripe,
}: {
  looks: ReadonlyMap<string, CodingLook>;
  selected: string | null;
  memoTargets: ReadonlySet<string>;
  turns: readonly TurnData[];
  onStripe: (coding: string, rect: DOMRect) => void;
}) {
  const [editor] = useLexicalComposerContext();
  const idsOfKey = useRef(new Map<string, string[]>());
  const keysOf = useRef(new Map<string, Set<string>>());
  const extents = useRef(new Map<string, StripeExtent>());
  const dirty = useRef(new Set<string>());
  const frame = useRef(0);
  // The stripes are drawn imperatively: a coding change touches only the stripes whose place,
  // colour or marker changed, not thousands of React elements.
  const layer = useRef<HTMLDivElement>(null);
  const stripeEls = useRef(new Map<string, { el: HTMLButtonElement; key: string }>());
  const placed = useRef<PlacedStripe[]>([]);
  const [version, setVersion] = useState(0);
  const [turnMarks, setTurnMarks] = useState<{ guid: string; top: number }[]>([]);

  const draw = useEffectEvent(() => {
    const box = layer.current;
    if (!box) return;
    const seen = new Set<string>();
    for (const st of placed.current) {
      seen.add(st.guid);
      const look = looks.get(st.guid) ?? FALLBACK_LOOK;
      const memo = memoTargets.has(st.guid);
      const key = `${st.top}|${st.bottom}|${st.column}|${look.color}|${look.name}|${memo ? 1 : 0}|${st.guid === selected ? 1 : 0}`;
      let entry = stripeEls.current.get(st.guid);
      if (entry?.key === key) continue;
      if (!entry) {
        const el = document.createElement('button');
        el.type = 'button';
        el.tabIndex = -1;
        el.dataset.testid = 'coding-stripe';
        el.dataset.coding = st.guid;
        box.append(el);
        entry = { el, key: '' };
        stripeEls.current.set(st.guid, entry);
      }
      const el = entry.el;
      entry.key = key;
      el.className = `coding-stripe${st.guid === selected ? ' coding-stripe--selected' : ''}`;
      el.style.cssText = `top:${st.top}px;height:${Math.max(6, st.bottom - st.top)}px;left:${st.column * STRIPE_STEP}px;width:${STRIPE_WIDTH}px;background-color:${look.color}`;
      el.title = memo ? `${look.name} (has a memo)` : look.name;
      el.setAttribute('aria-label', `Coding: ${look.name}`);
      el.replaceChildren();
      if (memo) {
        const marker = document.createElement('span');
        marker.className = 'memo-marker memo-marker--coding';
        marker.dataset.testid = 'memo-marker';
        marker.dataset.target = st.guid;
        el.append(marker);
      }
    }
    for (const [guid, entry] of stripeEls.current) {
      if (seen.has(guid)) continue;
      entry.el.remove();
      stripeEls.current.delete(guid);
    }
  });
  // New colours, memos or selection: repaint (only the stripes whose look changed are written).
  useEffect(() => draw(), [looks, memoTargets, selected]);

  const measure = useEffectEvent((all: boolean) => {
    frame.current = 0;
    const root = editor.getRootElement();
    const frameEl = root?.parentElement;
    if (!root || !frameEl) return;
    const origin = frameEl.getBoundingClientRect().top;
    const ids = all ? [...keysOf.current.keys()] : [...dirty.current];
    dirty.current.clear();
    for (const id of ids) {
      const keys = keysOf.current.get(id);
      let top = Infinity;
      let bottom = -Infinity;
      for (const key of keys ?? []) {
        const el = editor.getElementByKey(key);
        if (!el) continue;
        const r = el.getBoundingClientRect();
        if (r.height === 0) continue;
        top = Math.min(top, r.top - origin);
        bottom = Math.max(bottom, r.bottom - origin);
      }
      if (top < bottom) extents.current.set(id, { guid: id, top, bottom });
      else extents.current.delete(id);
    }
    placed.current = layoutStripes(extents.current.values());
    draw();
    setVersion((v) => v + 1);
    const marks: { guid: string; top: number }[] = [];
    for (const t of turns) {
      if (!memoTargets.has(t.guid)) continue;
      const el = root.querySelector<HTMLElement>(`:scope > [data-turn="${CSS.escape(t.guid)}"]`);
      if (el) marks.push({ guid: t.guid, top: el.getBoundingClientRect().top - origin });
    }
    setTurnMarks(marks);
  });

  const schedule = useEffectEvent((all: boolean) => {
    if (all) {
      for (const id of keysOf.current.keys()) dirty.current.add(id);
    }
    if (!frame.current) frame.current = requestAnimationFrame(() => measure(false));
  });

  useEffect(() => {
    const unregister = editor.registerMutationListener(MarkNode, (mutations) => {
      editor.getEditorState().read(() => {
        for (const [key, mutation] of mutations) {
          for (const id of idsOfKey.current.get(key) ?? []) {
            keysOf.current.get(id)?.delete(key);
            if (keysOf.current.get(id)?.size === 0) keysOf.current.delete(id);
            dirty.current.add(id);
          }
          idsOfKey.current.delete(key);
          if (mutation === 'destroyed') continue;
          const node = $getNodeByKey(key);
          if (!$isMarkNode(node)) continue;
          const ids = node.getIDs();
          idsOfKey.current.set(key, ids);
          for (const id of ids) {
            let set = keysOf.current.get(id);
            if (!set) keysOf.current.set(id, (set = new Set()));
            set.add(key);
            dirty.current.add(id);
          }
        }
      });
      schedule(false);
    });
    const root = editor.getRootElement();
    // Re-wrapping (a narrower window) or turns hidden by a filter move every stripe.
    let size = '';
    const observer = new ResizeObserver((entries) => {
      const r = entries[0]?.contentRect;
      const next = r ? `${r.width}x${r.height}` : '';
      if (next === size) return;
      size = next;
      schedule(true);
    });
    if (root) observer.observe(root);
    return () => {
      unregister();
      observer.disconnect();
      if (frame.current) cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [editor]);

  // Memo markers on turns appear or go: only those turns are measured again.
  useEffect(() => schedule(false), [memoTargets]);

  // The selected coding's marks are outlined (a class on its marks only).
  useEffect(() => {
    if (!selected) return;
    const els = [...(keysOf.current.get(selected) ?? [])].map((k) => editor.getElementByKey(k)).filter((el): el is HTMLElement => !!el);
    for (const el of els) el.classList.add('coding--selected');
    return () => {
      for (const el of els) el.classList.remove('coding--selected');
    };
  }, [editor, selected, version]);

  // `.` and `,` move to the next / previous coding in reading order and open its codes.
  const step = useEffectEvent((direction: 1 | -1) => {
    const stripes = placed.current;
    if (stripes.length === 0) return;
    const order = [...stripes].sort((a, b) => a.top - b.top || a.column - b.column);
    const at = selected ? order.findIndex((s) => s.guid === selected) : -1;
    const next = order[at === -1 ? (direction > 0 ? 0 : order.length - 1) : (at + direction + order.length) % order.length]!;
    const mark = [...(keysOf.current.get(next.guid) ?? [])].map((k) => editor.getElementByKey(k)).find((el) => !!el);
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

  return (
    <>
      <div className="turn-memo-markers">
        {turnMarks.map((m) => (
          <span key={m.guid} className="memo-marker memo-marker--turn" style={{ top: m.top + 10 }} title="This turn has a memo" data-testid="memo-marker" data-target={m.guid} />
        ))}
      </div>
      <div
        className="coding-stripes"
        data-testid="coding-stripes"
        ref={layer}
        onMouseDown={(e) => {
          if ((e.target as Element).closest('.coding-stripe')) e.preventDefault();
        }}
        onClick={(e) => {
          const stripe = (e.target as Element).closest<HTMLElement>('.coding-stripe');
          if (stripe?.dataset.coding) onStripe(stripe.dataset.coding, stripe.getBoundingClientRect());
        }}
      />
    </>
  );
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable && target.getAttribute('aria-readonly') !== 'true') return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function HandlePlugin({
  handle,
  doc,
  turns,
  snapWords,
  onSelection,
}: {
  handle: Ref<TranscriptHandle> | undefined;
  doc: DocumentDetail;
  turns: readonly Span[];
  snapWords: boolean;
  onSelection: (s: TranscriptSelection | null) => void;
}) {
  const [editor] = useLexicalComposerContext();
  const turnKeys = useTurnKeys(editor);
  useImperativeHandle(
    handle,
    () => ({
      select(span) {
        const range = selectSpan(editor, turns, (i) => turnKeys[i], span);
        if (!range) return;
        (range.startContainer instanceof Element ? range.startContainer : range.startContainer.parentElement)?.scrollIntoView({ block: 'nearest' });
        const sel = window.getSelection();
        sel?.removeAllRanges();
        sel?.addRange(range);
        const root = editor.getRootElement();
        if (root) onSelection(readSelection(editor, root, { text: doc.text, turns }, sel ?? null, { snapWords }));
      },
      turnElement(index) {
        const key = turnKeys[index];
        return key ? editor.getElementByKey(key) : null;
      },
      rangeOf(span) {
        return selectSpan(editor, turns, (i) => turnKeys[i], span);
      },
      markOf(coding) {
        return editor.getRootElement()?.querySelector<HTMLElement>(`mark[data-codings~="${CSS.escape(coding)}"]`) ?? null;
      },
    }),
    [editor, doc, turns, turnKeys, snapWords, onSelection],
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
  handle?: Ref<TranscriptHandle>;
}) {
  // What the editor is built from is fixed at mount; later coding lists are diffed against it.
  const [initial] = useState(() => ({
    doc,
    turns: turnDataOf(doc),
    codings: new Map(codings.map((c) => [c.guid, { guid: c.guid, start: c.start, end: c.end }])),
  }));
  const initialConfig = useMemo<InitialConfigType>(
    () => ({
      namespace: 'chorus-transcript',
      nodes: [SpeakerTurnNode, MarkNode],
      editable: false,
      theme: { mark: 'coding' },
      onError: (error) => {
        throw error;
      },
      editorState: () => $buildTranscript(initial.doc.text, initial.turns, [...initial.codings.values()]),
    }),
    [initial],
  );
  const spans = useMemo(() => codings.map((c) => ({ guid: c.guid, start: c.start, end: c.end })), [codings]);
  return (
    <LexicalComposer initialConfig={initialConfig}>
      <div className="transcript-frame">
        <ContentEditable className="transcript" data-testid="transcript" aria-label={`Transcript of ${doc.document.name}`} aria-readonly="true" />
        <CodingStripesPlugin looks={looks} selected={selectedCoding} memoTargets={memoTargets} turns={initial.turns} onStripe={(id, rect) => onMarkClick([id], rect)} />
      </div>
      <CodingMarksPlugin turns={initial.turns} initial={initial.codings} codings={spans} looks={looks} />
      <InteractionPlugin doc={initial.doc} turns={initial.turns} focus={focus} snapWords={snapWords} onSelection={onSelection} onMarkClick={onMarkClick} />
      <HandlePlugin handle={handle} doc={initial.doc} turns={initial.turns} snapWords={snapWords} onSelection={onSelection} />
    </LexicalComposer>
  );
}
