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
import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import type { DocumentDetail } from '../../../shared/types';
import { markStyle } from './format';
import { $applyCodingChanges, $buildTranscript, type CodingSpan } from './marks';
import { diffCodings, type Span } from './offsets';
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
  onSelection,
  onMarkClick,
}: {
  doc: DocumentDetail;
  turns: readonly Span[];
  focus: FocusTarget | null;
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
    onSelection(readSelection(editor, root, { text: doc.text, turns }, dom));
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

export function TranscriptView({
  doc,
  codings,
  looks,
  focus,
  onSelection,
  onMarkClick,
}: {
  doc: DocumentDetail;
  codings: readonly CodingSpan[];
  looks: ReadonlyMap<string, CodingLook>;
  focus: FocusTarget | null;
  onSelection: (s: TranscriptSelection | null) => void;
  onMarkClick: (ids: string[], rect: DOMRect) => void;
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
      <ContentEditable className="transcript" data-testid="transcript" aria-label={`Transcript of ${doc.document.name}`} aria-readonly="true" />
      <CodingMarksPlugin turns={initial.turns} initial={initial.codings} codings={spans} looks={looks} />
      <InteractionPlugin doc={initial.doc} turns={initial.turns} focus={focus} onSelection={onSelection} onMarkClick={onMarkClick} />
    </LexicalComposer>
  );
}
