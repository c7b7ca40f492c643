/**
 * The centre of the window: the open transcript, the selection → quick-code flow, and the
 * popover of a clicked highlight.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ChorusError, ErrorCode } from '../../../shared/errors';
import type { Code, CodedSegment, DocumentDetail, Memo } from '../../../shared/types';
import { useQueryClient } from '@tanstack/react-query';
import { opKey, useCommand, useOp } from '../api';
import type { TranscriptSelection } from '../transcript/selection';
import { findInTurns, visibleTurns, type SpeakerFilter } from '../transcript/find';
import { inVivoName, keyboardSelect, nudgeSpan, turnAt, type SelectKey, type Span } from '../transcript/offsets';
import { ROLE_LABEL } from '../transcript/format';
import { STRIPE_STEP, TranscriptView, turnDataOf, type CodingCoder, type CodingLook, type FocusTarget, type TranscriptHandle } from '../transcript/TranscriptView';
import type { StripeGroup } from '../transcript/stripes';
import { coderPatternClass, useCoderLayer, visibleByCoder, type CoderMark } from '../team/coder-layer';
import { BlindBadge, CodersControl, RemoveTheirsDialog, StripeGroupLabels } from '../team/CodersControl';
import { HelpOverlay } from './HelpOverlay';
import { typingInField } from './history';
import { MemoEditor, type MemoTarget } from './MemoEditor';
import { QuickCodeBox, type CodeChoice } from './QuickCodeBox';
import { RedactButton, RedactModeToggle, useRedactionHighlights } from '../privacy/redaction';
import { showToast } from './toasts';
import { SpeakersPanel } from './SpeakersPanel';
import { MediaPanel } from '../media/MediaPanel';

export interface FocusRequest extends FocusTarget {
  document: string;
}

interface PendingSelection extends TranscriptSelection {
  range: Range;
  button: { left: number; top: number };
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Highlights the passage being coded while the focus is in the quick-code box. */
function usePendingHighlight(range: Range | null): void {
  useEffect(() => {
    if (!range || typeof CSS === 'undefined' || !('highlights' in CSS)) return;
    CSS.highlights.set('chorus-pending', new Highlight(range));
    return () => {
      CSS.highlights.delete('chorus-pending');
    };
  }, [range]);
}

function DocumentHeader({ detail, codings, hasMemo, onMemo }: { detail: DocumentDetail; codings: number; hasMemo: boolean; onMemo: () => void }) {
  const d = detail.document;
  return (
    <header className="doc-header">
      <div className="doc-title-row">
        <h1 data-testid="document-title">{d.name}</h1>
        <button type="button" className="button button--small button--quiet" onClick={onMemo} title="Memo on this document (Shift+M)" data-testid="document-memo">
          {hasMemo ? <span className="memo-marker memo-marker--inline" aria-hidden="true" /> : null}
          {hasMemo ? 'Document memo' : 'Add document memo'}
        </button>
      </div>
      <p className="doc-header-meta">
        {d.words.toLocaleString()} words · {d.turns} turns · <span data-testid="document-codings-shown">{codings} codings</span>
        {d.sourceName ? <> · {d.sourceName}</> : null}
      </p>
      <SpeakersPanel detail={detail} />
    </header>
  );
}

/**
 * What the turn blocks show of their speakers. The transcript view builds its blocks once, so a
 * rename, a role change or a merge rebuilds it (rare, and cheaper than a second update path).
 */
function speakersSignature(detail: DocumentDetail): string {
  // A merge removes a speaker, so the speakers alone say when the turns' speakers changed.
  return detail.speakers.map((s) => `${s.guid}:${s.label}:${s.role}`).join('|');
}

function CodingPopover({
  codings,
  codes,
  coders,
  rect,
  memoTargets,
  onRemove,
  onMemo,
  onAdjust,
  onClose,
  busy,
}: {
  codings: CodedSegment[];
  codes: ReadonlyMap<string, Code>;
  /** The project's coders when it has several: another coder's coding says whose it is. */
  coders: ReadonlyMap<string, CoderMark> | null;
  rect: DOMRect;
  memoTargets: ReadonlySet<string>;
  onRemove: (coding: string) => void;
  onMemo: (coding: CodedSegment) => void;
  onAdjust: (coding: CodedSegment) => void;
  onClose: () => void;
  busy: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [onClose]);
  // Keyboard first: the popover takes the focus, so Delete, M and A act on the row in focus.
  const shown = codings.map((c) => c.guid).join(' ');
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('button')?.focus({ preventScroll: true });
  }, [shown]);
  const theirs = (c: CodedSegment) => coders !== null && coders.get(c.coder)?.mine === false;
  const rowOf = (target: EventTarget | null) => {
    const li = target instanceof Element ? target.closest<HTMLElement>('[data-row]') : null;
    return codings.find((c) => c.guid === li?.dataset.row) ?? codings[0];
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const row = rowOf(e.target);
    if (!row) return;
    const key = e.key.toLowerCase();
    if (key === 'delete' || key === 'backspace') onRemove(row.guid);
    else if (key === 'm') onMemo(row);
    else if (key === 'a' && !theirs(row)) onAdjust(row);
    else if (key === 'arrowdown' || key === 'arrowup') {
      const buttons = [...(ref.current?.querySelectorAll<HTMLElement>('button') ?? [])];
      const at = buttons.indexOf(document.activeElement as HTMLElement);
      buttons[(at + (key === 'arrowdown' ? 1 : -1) + buttons.length) % buttons.length]?.focus();
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };
  const left = Math.max(8, Math.min(rect.left, window.innerWidth - 420));
  const top = rect.bottom + 6 + 200 > window.innerHeight ? Math.max(8, rect.top - 6 - 44 * (codings.length + 1)) : rect.bottom + 6;
  return (
    <div ref={ref} className="popover coding-popover" style={{ left, top }} role="dialog" aria-label="Codes of this passage" data-testid="coding-popover" onKeyDown={onKeyDown}>
      <ul>
        {codings.map((c) => {
          const code = codes.get(c.codeGuid);
          return (
            <li key={c.guid} className="coding-popover-row" data-row={c.guid}>
              <span className="swatch" style={{ backgroundColor: code?.color }} aria-hidden="true" />
              <span className="coding-popover-name" title={c.text}>
                {code?.name ?? 'Unknown code'}
              </span>
              {theirs(c) ? (
                <span className="coding-popover-coder" data-testid="coding-coder">
                  by {coders?.get(c.coder)?.name}
                </span>
              ) : null}
              <button type="button" className="button button--small button--quiet" disabled={busy} onClick={() => onMemo(c)} title="Memo on this coding (M)" data-testid="coding-memo">
                {memoTargets.has(c.guid) ? <span className="memo-marker memo-marker--inline" aria-hidden="true" /> : null}
                Memo
              </button>
              {theirs(c) ? null : (
                <button type="button" className="button button--small button--quiet" disabled={busy} onClick={() => onAdjust(c)} title="Adjust the boundaries (A)" data-testid="adjust-coding">
                  Adjust
                </button>
              )}
              <button
                type="button"
                className="button button--small button--danger"
                disabled={busy}
                onClick={() => onRemove(c.guid)}
                title={theirs(c) ? `Remove ${coders?.get(c.coder)?.name}'s coding (asks first)` : 'Remove this coding (Delete)'}
                data-testid="remove-coding"
              >
                {theirs(c) ? 'Remove…' : 'Remove'}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function TranscriptPane({
  documentGuid,
  focus,
  hasDocuments,
}: {
  documentGuid: string | null;
  focus: FocusRequest | null;
  hasDocuments: boolean;
}) {
  if (!documentGuid) {
    return (
      <div className="center-empty" data-testid="transcript-empty">
        {hasDocuments ? (
          <>
            <h2>Choose a transcript</h2>
            <p>Open a document from the list on the left to read it turn by turn and code passages.</p>
          </>
        ) : (
          <>
            <h2>No transcripts yet</h2>
            <p>Import focus-group transcripts (plain text with speaker labels) with the button on the left.</p>
          </>
        )}
      </div>
    );
  }
  return <OpenTranscript documentGuid={documentGuid} focus={focus} />;
}

const SNAP_KEY = 'chorus.snapWords';

function snippet(text: string, max = 60): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** What is written on the open document: on it, on its codings and on its turns (one query). */
function useDocumentMemos(documentGuid: string) {
  const list = useOp('memos.list', { document: documentGuid });
  return useMemo(() => {
    const memos: Memo[] = list.data ?? [];
    const byTarget = new Map<string, Memo>();
    for (const m of memos) if (m.target && !byTarget.has(m.target)) byTarget.set(m.target, m);
    return { memos, byTarget, targets: new Set(byTarget.keys()) as ReadonlySet<string> };
  }, [list.data]);
}

function MemosMenu({ memos, describe, onOpen }: { memos: Memo[]; describe: (m: Memo) => string; onOpen: (m: Memo) => void }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    ref.current?.querySelector<HTMLElement>('.memo-list button')?.focus();
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [open]);
  return (
    <div className="memos-menu" ref={ref} onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), setOpen(false))}>
      <button type="button" className="button button--small button--quiet" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="memos-button" title="Memos of this document">
        Memos <span className="panel-count">{memos.length}</span>
      </button>
      {open ? (
        <div className="popover memos-popover" data-testid="memos-panel">
          {memos.length === 0 ? (
            <p className="empty">No memos yet. Press M on a turn or a coding, or Shift+M for the document.</p>
          ) : (
            <ul className="memo-list">
              {memos.map((m) => (
                <li key={m.guid}>
                  <button
                    type="button"
                    onClick={() => {
                      setOpen(false);
                      onOpen(m);
                    }}
                    data-testid="memo-item"
                  >
                    <span className="memo-kind">{describe(m)}</span>
                    {snippet(m.text, 90) || 'Empty memo'}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}

function FindBox({ hits, at, query, onQuery, onStep, onClose }: { hits: number; at: number; query: string; onQuery: (q: string) => void; onStep: (d: 1 | -1) => void; onClose: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <div className="find-box" role="search">
      <input
        ref={input}
        type="search"
        value={query}
        placeholder="Find in document…"
        aria-label="Find in document"
        data-testid="find-input"
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onStep(e.shiftKey ? -1 : 1);
          else if (e.key === 'Escape') onClose();
          else return;
          e.preventDefault();
          e.stopPropagation();
        }}
      />
      <span className="find-count" data-testid="find-count">
        {query.trim() ? (hits ? `${at + 1} / ${hits}` : 'No hits') : ''}
      </span>
    </div>
  );
}

function OpenTranscript({ documentGuid, focus }: { documentGuid: string; focus: FocusRequest | null }) {
  const detail = useOp('documents.get', { document: documentGuid });
  const codings = useOp('codings.list', { document: documentGuid });
  const codes = useOp('codes.list', {});
  const layer = useCoderLayer();
  const [selection, setSelection] = useState<PendingSelection | null>(null);
  const [quickOpen, setQuickOpen] = useState(false);
  const [popover, setPopover] = useState<{ ids: string[]; rect: DOMRect } | null>(null);
  const [selectedCoding, setSelectedCoding] = useState<string | null>(null);
  const [currentTurn, setCurrentTurn] = useState<number | null>(null);
  const [memoTarget, setMemoTarget] = useState<MemoTarget | null>(null);
  const [adjusting, setAdjusting] = useState<CodedSegment | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [snapWords, setSnapWords] = useState(() => localStorage.getItem(SNAP_KEY) === '1');
  const [applied, setApplied] = useState<string[]>([]);
  const [who, setWho] = useState<SpeakerFilter>({ kind: 'all' });
  const [codeFilter, setCodeFilter] = useState<string>('');
  const [findOpen, setFindOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [hitAt, setHitAt] = useState(0);
  const [confirmRemove, setConfirmRemove] = useState<CodedSegment | null>(null);
  const [stripeGroups, setStripeGroups] = useState<readonly StripeGroup[]>([]);
  const scroller = useRef<HTMLDivElement>(null);
  const view = useRef<TranscriptHandle>(null);
  // Redact mode: a selection is blacked out in exports instead of coded (renderer/src/privacy/).
  const [redactMode, setRedactMode] = useState(false);
  const paintRedactions = useRedactionHighlights(documentGuid, view);
  const memos = useDocumentMemos(documentGuid);
  const turns = useMemo(() => (detail.data ? turnDataOf(detail.data) : []), [detail.data]);

  const codeMap = useMemo(() => new Map((codes.data ?? []).map((c) => [c.guid, c])), [codes.data]);
  // The codings of the coder layer (all of them unless a layer or blind mode hides some): what the
  // view, the filters, find and the popover work on. The same array when nothing is hidden.
  const shown = useMemo(() => (codings.data ? visibleByCoder(codings.data, layer) : undefined), [codings.data, layer]);
  // Who made a coding matters only when there are several coders.
  const coderLooks = useMemo(() => {
    if (!layer.multiple) return null;
    return new Map<string, CodingCoder>(layer.coders.map((c) => [c.guid, { name: c.name, mine: c.mine, group: c.index, pattern: coderPatternClass(c) }]));
  }, [layer.multiple, layer.coders]);
  // Memos on codings the layer hides are not listed either (blind mode hides their existence).
  const memoList = useMemo(() => {
    if (!layer.filtered || !codings.data) return memos.memos;
    const hidden = new Set(codings.data.filter((c) => !layer.shows(c.coder)).map((c) => c.guid));
    return hidden.size ? memos.memos.filter((m) => !m.target || !hidden.has(m.target)) : memos.memos;
  }, [layer, codings.data, memos.memos]);
  const looks = useMemo(() => {
    const map = new Map<string, CodingLook>();
    for (const c of codings.data ?? []) {
      const code = codeMap.get(c.codeGuid);
      const coder = coderLooks?.get(c.coder);
      if (code) map.set(c.guid, coder ? { color: code.color, name: code.name, coder } : { color: code.color, name: code.name });
    }
    return map;
  }, [codings.data, codeMap, coderLooks]);

  const clearSelection = useCallback(() => {
    window.getSelection()?.removeAllRanges();
    setSelection(null);
    setQuickOpen(false);
    setApplied([]);
  }, []);

  const closePopover = useCallback(() => {
    setPopover(null);
    setSelectedCoding(null);
  }, []);

  // The answers say exactly what changed: put that into the cached lists so the highlight
  // changes at once; the refetch that follows (invalidation) confirms it.
  const client = useQueryClient();
  const apply = useCommand('codings.apply', {
    refreshAfterPaint: true,
    onSuccess: ({ coding, code }) => {
      const text = detail.data?.text.slice(coding.start, coding.end) ?? '';
      client.setQueryData<CodedSegment[]>(opKey('codings.list', { document: documentGuid }), (old) =>
        old && !old.some((c) => c.guid === coding.guid)
          ? [...old, { ...coding, documentName: detail.data?.document.name ?? '', text, speakers: [] }]
          : old,
      );
      client.setQueryData<Code[]>(opKey('codes.list', {}), (old) =>
        old && !old.some((c) => c.guid === code.guid) ? [...old, code] : old,
      );
    },
  });
  const remove = useCommand('codings.remove', {
    refreshAfterPaint: true,
    onSuccess: ({ removed }) => {
      client.setQueryData<CodedSegment[]>(opKey('codings.list', { document: documentGuid }), (old) =>
        old?.filter((c) => c.guid !== removed),
      );
      closePopover();
    },
  });
  // My own codings go at once; another coder's only after a confirmation that names them, and
  // never in blind mode (their codings are not on screen then anyway).
  const removeCoding = useCallback(
    (guid: string) => {
      const c = codings.data?.find((x) => x.guid === guid);
      if (!c) return;
      if (layer.me === null || c.coder === layer.me) remove.mutate({ coding: guid });
      else if (!layer.blind) {
        setPopover(null);
        setConfirmRemove(c);
      }
    },
    [codings.data, layer.me, layer.blind, remove],
  );
  const resize = useCommand('codings.resize', {
    refreshAfterPaint: true,
    onSuccess: (coding) => {
      // Same guid, new span: the view takes the old marks off and puts new ones on.
      client.setQueryData<CodedSegment[]>(opKey('codings.list', { document: documentGuid }), (old) =>
        old?.map((c) => (c.guid === coding.guid ? { ...c, start: coding.start, end: coding.end, text: detail.data?.text.slice(coding.start, coding.end) ?? c.text } : c)),
      );
      showToast('notice', 'Coding adjusted');
    },
  });

  usePendingHighlight(quickOpen ? (selection?.range ?? null) : null);

  const onSelection = useCallback(
    (s: TranscriptSelection | null) => {
      if (quickOpen) return; // the box has the focus; the passage it codes stays pending
      const range = s ? window.getSelection()?.getRangeAt(0).cloneRange() : undefined;
      const box = scroller.current;
      if (!s || !range || !box) {
        setSelection(null);
        return;
      }
      // The "Code" button sits in the margin beside the end of the selection (as a comment
      // button does in a word processor), so it never covers the words being read.
      const at = box.getBoundingClientRect();
      const text = box.querySelector('[data-testid="transcript"]')?.getBoundingClientRect();
      const button = {
        left: text ? text.right - at.left + 12 : Math.min(s.rect.right - at.left + 6, box.clientWidth - 96),
        top: s.rect.bottom - at.top + box.scrollTop - 26,
      };
      setSelection({ ...s, range, button });
      setPopover(null);
      if (detail.data) {
        const index = turnAt(turns, s.start);
        if (index >= 0) setCurrentTurn(index);
      }
    },
    [quickOpen, detail.data, turns],
  );

  const openQuickCode = useCallback(() => {
    if (!selection) return;
    // Bring the passage into view (it may have been scrolled away) and measure it again.
    const viewBox = scroller.current?.getBoundingClientRect();
    let r = selection.range.getBoundingClientRect();
    if (viewBox && (r.top < viewBox.top || r.bottom > viewBox.bottom - 120)) {
      const start = selection.range.startContainer;
      (start instanceof Element ? start : start.parentElement)?.scrollIntoView({ block: 'center' });
      r = selection.range.getBoundingClientRect();
    }
    setSelection({ ...selection, rect: { left: r.left, top: r.top, right: r.right, bottom: r.bottom } });
    setQuickOpen(true);
    setPopover(null);
  }, [selection]);

  // The turn the keyboard works on: the one holding the selection, else the one moved to with
  // J/K, else the first one on screen.
  const currentTurnIndex = useCallback((): number => {
    if (selection) return Math.max(0, turnAt(turns, selection.start));
    if (currentTurn !== null) return currentTurn;
    const top = scroller.current?.getBoundingClientRect().top ?? 0;
    for (let i = 0; i < turns.length; i++) {
      const el = view.current?.turnElement(i);
      if (el && el.getBoundingClientRect().bottom > top + 40) return i;
    }
    return 0;
  }, [selection, currentTurn, turns]);

  useEffect(() => {
    if (currentTurn === null) return;
    const el = view.current?.turnElement(currentTurn);
    el?.classList.add('turn--current');
    return () => el?.classList.remove('turn--current');
  }, [currentTurn]);

  // Filters hide turn blocks with a class: no Lexical update, no rebuild.
  const visible = useMemo(() => {
    const coded = codeFilter ? (shown ?? []).filter((c) => c.codeGuid === codeFilter) : null;
    return visibleTurns(turns, who, coded);
  }, [turns, who, codeFilter, shown]);
  useEffect(() => {
    if (!visible) return;
    const hidden: HTMLElement[] = [];
    turns.forEach((_, i) => {
      const el = view.current?.turnElement(i);
      if (el && !visible.has(i)) {
        el.classList.add('turn--filtered');
        hidden.push(el);
      }
    });
    return () => hidden.forEach((el) => el.classList.remove('turn--filtered'));
  }, [visible, turns]);

  // Find: every hit is drawn with the CSS Custom Highlight API, the current one stronger. Only
  // the turns near the screen are in the DOM (the view's window), so the current hit's turn is
  // revealed before it is scrolled to, and the hits are drawn again whenever the window moves.
  const hits = useMemo(() => (detail.data && findOpen ? findInTurns(detail.data.text, turns, query) : []), [detail.data, turns, query, findOpen]);
  const hitIndex = hits.length ? Math.min(hitAt, hits.length - 1) : 0;
  const paintFind = useRef<() => void>(() => {});
  useEffect(() => {
    if (!hits.length || typeof CSS === 'undefined' || !('highlights' in CSS)) return;
    const shown = hits.filter((h) => !visible || visible.has(turnAt(turns, h.start)));
    const paint = () => {
      const ranges = shown.map((h) => view.current?.rangeOf(h)).filter((r): r is Range => !!r);
      CSS.highlights.set('chorus-find', new Highlight(...ranges));
      const current = view.current?.rangeOf(hits[hitIndex]!);
      if (current) CSS.highlights.set('chorus-find-current', new Highlight(current));
      else CSS.highlights.delete('chorus-find-current');
      return current;
    };
    view.current?.reveal(hits[hitIndex]!);
    const current = paint();
    if (current) {
      const el = current.startContainer instanceof Element ? current.startContainer : current.startContainer.parentElement;
      el?.scrollIntoView({ block: 'center' });
    }
    paintFind.current = paint;
    return () => {
      paintFind.current = () => {};
      CSS.highlights.delete('chorus-find');
      CSS.highlights.delete('chorus-find-current');
    };
  }, [hits, hitIndex, visible, turns, shown]);
  const onWindowChange = useCallback(() => {
    paintFind.current();
    paintRedactions();
  }, [paintRedactions]);
  // The passage being coded or adjusted stays in the DOM wherever the reader scrolls meanwhile.
  const keepStart = selection?.start ?? adjusting?.start;
  const keepEnd = selection?.end ?? adjusting?.end;
  const keep = useMemo(() => (keepStart !== undefined && keepEnd !== undefined ? [{ start: keepStart, end: keepEnd }] : []), [keepStart, keepEnd]);

  const codingMemo = useCallback(
    (c: CodedSegment) => {
      const name = codeMap.get(c.codeGuid)?.name ?? 'Coding';
      setMemoTarget({ kind: 'segment', target: c.guid, about: `${name} — “${snippet(c.text)}”` });
      setPopover(null);
    },
    [codeMap],
  );
  const turnMemo = useCallback(
    (index: number) => {
      const t = turns[index];
      if (!t || !detail.data) return;
      setMemoTarget({ kind: 'turn', target: t.guid, about: `${t.speaker?.label ?? 'Turn'} — “${snippet(detail.data.text.slice(t.start, t.end))}”` });
    },
    [turns, detail.data],
  );
  const documentMemo = useCallback(() => {
    if (detail.data) setMemoTarget({ kind: 'document', target: documentGuid, about: detail.data.document.name });
  }, [detail.data, documentGuid]);

  const startAdjust = useCallback(
    (c: CodedSegment) => {
      setPopover(null);
      setSelectedCoding(c.guid);
      setAdjusting(c);
      view.current?.select({ start: c.start, end: c.end });
    },
    [],
  );
  const finishAdjust = useCallback(
    (span: Span | null) => {
      const c = adjusting;
      setAdjusting(null);
      setSelectedCoding(null);
      clearSelection();
      if (c && span && (span.start !== c.start || span.end !== c.end)) resize.mutate({ coding: c.guid, start: span.start, end: span.end });
    },
    [adjusting, clearSelection, resize],
  );

  const codeWholeTurn = useCallback(() => {
    const t = turns[currentTurnIndex()];
    if (!t || t.end <= t.start) return;
    view.current?.select({ start: t.start, end: t.end });
    setQuickOpen(true);
  }, [turns, currentTurnIndex]);

  const inVivo = useCallback(() => {
    if (!selection || !detail.data) return;
    const name = inVivoName(detail.data.text.slice(selection.start, selection.end));
    if (!name) return;
    apply.mutate(
      { document: documentGuid, start: selection.start, end: selection.end, code: { name } },
      { onSuccess: () => clearSelection() },
    );
  }, [selection, detail.data, apply, documentGuid, clearSelection]);

  const toggleSnap = useCallback(() => {
    setSnapWords((on) => {
      localStorage.setItem(SNAP_KEY, on ? '0' : '1');
      return !on;
    });
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (quickOpen || memoTarget || helpOpen || confirmRemove || typingInField(e.target)) return;
      if (e.defaultPrevented) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
      if (adjusting) {
        const span = selection ?? adjusting;
        if (plain && (e.code === 'BracketLeft' || e.code === 'BracketRight') && detail.data) {
          const next = nudgeSpan(detail.data.text, span, e.shiftKey ? 'end' : 'start', e.code === 'BracketLeft' ? -1 : 1);
          if (next) view.current?.select(next);
        } else if (e.key === 'Enter') finishAdjust(span);
        else if (e.key === 'Escape') finishAdjust(null);
        else return;
        e.preventDefault();
        return;
      }
      if (mod && !e.shiftKey && !e.altKey && key === 'f') {
        setFindOpen(true);
        requestAnimationFrame(() => document.querySelector<HTMLInputElement>('[data-testid="find-input"]')?.focus());
      } else if (e.key === '?' && !mod) setHelpOpen(true);
      else if (popover) return; // the popover's own keys
      else if (selection && ((key === 'q' && plain) || (mod && !e.shiftKey && !e.altKey && key === 'k'))) openQuickCode();
      else if (selection && key === 'v' && plain && !e.shiftKey) inVivo();
      else if (selection && e.key === 'Escape') clearSelection();
      else if (key === 't' && plain && !e.shiftKey) codeWholeTurn();
      else if (key === 'w' && plain && !e.shiftKey) toggleSnap();
      else if (key === 'l' && plain && !e.shiftKey && layer.multiple) layer.cycleLayer();
      else if (key === 'b' && plain && e.shiftKey && (layer.multiple || layer.blind)) layer.setBlind(!layer.blind);
      else if (key === 'm' && plain) {
        if (e.shiftKey) documentMemo();
        else turnMemo(currentTurnIndex());
      } else if ((key === 'j' || key === 'k') && plain && !e.shiftKey) {
        const from = currentTurn ?? currentTurnIndex() - (key === 'j' ? 1 : 0);
        const next = Math.max(0, Math.min(turns.length - 1, from + (key === 'j' ? 1 : -1)));
        clearSelection();
        setCurrentTurn(next);
        if (turns[next]) view.current?.reveal(turns[next]);
        view.current?.turnElement(next)?.scrollIntoView({ block: 'nearest' });
      } else if (e.shiftKey && !mod && ['ArrowRight', 'ArrowLeft', 'ArrowDown'].includes(e.key) && detail.data) {
        // Selecting without the mouse: Shift+→/← move the end by a word, Alt+Shift+→/← the start,
        // Shift+↓ runs to the end of the turn.
        const how: SelectKey =
          e.key === 'ArrowDown' ? 'to-turn-end' : `${e.altKey ? 'start' : 'end'}-${e.key === 'ArrowRight' ? 'forward' : 'back'}`;
        const turn = turns[currentTurnIndex()];
        const next = turn ? keyboardSelect(detail.data.text, turns, turn, selection, how) : null;
        if (next) view.current?.select(next);
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [quickOpen, memoTarget, helpOpen, confirmRemove, layer, adjusting, selection, popover, detail.data, currentTurn, turns, openQuickCode, clearSelection, inVivo, codeWholeTurn, toggleSnap, documentMemo, turnMemo, currentTurnIndex, finishAdjust]);

  const applyChoice = (choice: CodeChoice, keepOpen: boolean) => {
    if (!selection) return;
    apply.mutate(
      { document: documentGuid, start: selection.start, end: selection.end, code: choice },
      {
        onSuccess: ({ code }) => {
          if (keepOpen) setApplied((a) => [...a, code.name]);
          else clearSelection();
        },
      },
    );
  };

  if (detail.error) {
    const gone = detail.error instanceof ChorusError && detail.error.code === ErrorCode.NOT_FOUND;
    return (
      <div className="center-empty">
        <h2>{gone ? 'This document is no longer in the project' : 'The document could not be opened'}</h2>
        <p>{detail.error.message}</p>
      </div>
    );
  }
  // Waits for the coders too: the view is built once, with the layer's codings and their coders.
  if (!detail.data || !shown || !layer.ready) {
    return (
      <div className="center-empty" aria-busy="true">
        <p className="muted">Opening…</p>
      </div>
    );
  }
  const doc = detail.data;

  const buttonPos = selection && !quickOpen && !adjusting ? selection.button : null;

  const popoverCodings = popover ? shown.filter((c) => popover.ids.includes(c.guid)) : [];

  const describeMemo = (m: Memo): string => {
    if (m.kind === 'document') return 'Document';
    if (m.kind === 'turn') {
      const t = turns.find((x) => x.guid === m.target);
      return `Turn · ${t?.speaker?.label ?? 'front matter'}`;
    }
    const c = codings.data?.find((x) => x.guid === m.target);
    return `Coding · ${(c && codeMap.get(c.codeGuid)?.name) ?? 'code'}`;
  };
  const openMemo = (m: Memo) => {
    if (m.kind === 'document') documentMemo();
    else if (m.kind === 'turn') {
      const index = turns.findIndex((t) => t.guid === m.target);
      if (index < 0) return;
      setCurrentTurn(index);
      view.current?.reveal(turns[index]!);
      view.current?.turnElement(index)?.scrollIntoView({ block: 'center' });
      turnMemo(index);
    } else {
      const c = codings.data?.find((x) => x.guid === m.target);
      const mark = c ? view.current?.markOf(c.guid) : null;
      if (!c || !mark) return;
      mark.scrollIntoView({ block: 'center' });
      setSelectedCoding(c.guid);
      codingMemo(c);
    }
  };

  const existingMemo = memoTarget ? memos.byTarget.get(memoTarget.target) : undefined;

  return (
    <div className="transcript-pane">
      <MediaPanel
        documentGuid={documentGuid}
        turns={turns}
        view={view}
        scroller={scroller}
        currentTurn={currentTurnIndex}
        onCurrentTurn={(index) => {
          clearSelection();
          setCurrentTurn(index);
          if (turns[index]) view.current?.reveal(turns[index]);
          view.current?.turnElement(index)?.scrollIntoView({ block: 'nearest' });
        }}
      />
      <div
        className="transcript-scroll"
        ref={scroller}
        data-testid="transcript-scroll"
        onClick={(e) => {
          const button = (e.target as Element).closest?.('[data-action="turn-memo"]');
          const turn = button?.closest<HTMLElement>('[data-turn]');
          if (turn) turnMemo(Number(turn.dataset.index));
        }}
      >
        <div className="transcript-column">
          <div className="transcript-toolbar" role="toolbar" aria-label="Transcript tools">
            <label title="Widen selections to whole words (W)">
              <input type="checkbox" checked={snapWords} onChange={toggleSnap} data-testid="snap-words" />
              Whole words
            </label>
            <RedactModeToggle on={redactMode} onChange={setRedactMode} />
            <select
              aria-label="Show turns of"
              value={who.kind === 'all' ? '' : who.kind === 'speaker' ? `s:${who.label}` : `r:${who.role}`}
              onChange={(e) => {
                const v = e.target.value;
                setWho(v.startsWith('s:') ? { kind: 'speaker', label: v.slice(2) } : v.startsWith('r:') ? { kind: 'role', role: v.slice(2) } : { kind: 'all' });
              }}
              data-testid="filter-speaker"
            >
              <option value="">All speakers</option>
              <optgroup label="Roles">
                {[...new Set(doc.speakers.map((sp) => sp.role))].map((r) => (
                  <option key={r} value={`r:${r}`}>
                    {ROLE_LABEL[r]}s
                  </option>
                ))}
              </optgroup>
              <optgroup label="Speakers">
                {doc.speakers.map((sp) => (
                  <option key={sp.guid} value={`s:${sp.label}`}>
                    {sp.label}
                  </option>
                ))}
              </optgroup>
            </select>
            <select aria-label="Show turns with code" value={codeFilter} onChange={(e) => setCodeFilter(e.target.value)} data-testid="filter-code">
              <option value="">Any code</option>
              {[...new Set(shown.map((c) => c.codeGuid))].map((g) => (
                <option key={g} value={g}>
                  {codeMap.get(g)?.name ?? 'Code'}
                </option>
              ))}
            </select>
            {visible ? <span className="filter-count">{visible.size} of {turns.length} turns</span> : null}
            <CodersControl layer={layer} />
            <BlindBadge layer={layer} />
            <span className="spacer" />
            {findOpen ? (
              <FindBox
                hits={hits.length}
                at={hitIndex}
                query={query}
                onQuery={(q) => {
                  setQuery(q);
                  setHitAt(0);
                }}
                onStep={(d) => setHitAt((hitIndex + d + hits.length) % Math.max(1, hits.length))}
                onClose={() => {
                  setFindOpen(false);
                  setQuery('');
                }}
              />
            ) : (
              <button type="button" className="button button--small button--quiet" onClick={() => setFindOpen(true)} title={`Find in document (${isMac ? '⌘F' : 'Ctrl+F'})`}>
                Find
              </button>
            )}
            <MemosMenu memos={memoList} describe={describeMemo} onOpen={openMemo} />
            <button type="button" className="button button--small button--quiet" onClick={() => setHelpOpen(true)} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts" data-testid="help-button">
              <kbd>?</kbd>
            </button>
            {layer.multiple && layer.layer === 'all' ? <StripeGroupLabels groups={stripeGroups} layer={layer} step={STRIPE_STEP} /> : null}
          </div>
          <DocumentHeader detail={doc} codings={shown.length} hasMemo={memos.targets.has(documentGuid)} onMemo={documentMemo} />
          <TranscriptView
            // A second coder arriving (a merge) changes how every coding is drawn: rebuilt, as rare.
            key={`${documentGuid}/${speakersSignature(doc)}/${layer.multiple}`}
            doc={doc}
            codings={shown}
            looks={looks}
            focus={focus}
            onSelection={onSelection}
            onMarkClick={(ids, rect) => {
              setPopover({ ids, rect });
              setSelectedCoding(ids.length === 1 ? ids[0]! : null);
            }}
            selectedCoding={selectedCoding}
            memoTargets={memos.targets}
            snapWords={snapWords}
            groupStripes={layer.multiple && layer.layer === 'all'}
            onStripeGroups={setStripeGroups}
            keep={keep}
            onWindowChange={onWindowChange}
            handle={view}
          />
        </div>
        {buttonPos && redactMode && selection ? (
          <RedactButton documentGuid={documentGuid} span={selection} style={buttonPos} onDone={clearSelection} />
        ) : buttonPos ? (
          <button
            type="button"
            className="code-button"
            style={buttonPos}
            // Keep the text selected: a button press must not move the selection.
            onMouseDown={(e) => e.preventDefault()}
            onClick={openQuickCode}
            title={`Code the selected passage (Q or ${isMac ? '⌘K' : 'Ctrl+K'}; V makes the words a new code)`}
            data-testid="code-selection-button"
          >
            Code <kbd>Q</kbd>
          </button>
        ) : null}
      </div>
      {adjusting ? (
        <div className="popover adjust-bar" role="status" data-testid="adjust-bar">
          Adjusting <strong>{codeMap.get(adjusting.codeGuid)?.name}</strong>: select a new passage, or <kbd>[</kbd> <kbd>]</kbd> move the start,{' '}
          <kbd>Shift</kbd>+<kbd>[</kbd> <kbd>]</kbd> the end · <kbd>Enter</kbd> save · <kbd>Esc</kbd> cancel
          <button type="button" className="button button--small button--primary" onMouseDown={(e) => e.preventDefault()} onClick={() => finishAdjust(selection ?? adjusting)}>
            Save
          </button>
        </div>
      ) : null}
      {quickOpen && selection ? (
        <QuickCodeBox
          codes={codes.data ?? []}
          anchor={selection.rect}
          busy={apply.isPending}
          applied={applied}
          onApply={applyChoice}
          onClose={() => {
            setQuickOpen(false);
            setApplied([]);
            // Give the passage back to the reader, still selected.
            const sel = window.getSelection();
            sel?.removeAllRanges();
            sel?.addRange(selection.range);
          }}
        />
      ) : null}
      {popover && popoverCodings.length > 0 ? (
        <CodingPopover
          codings={popoverCodings}
          codes={codeMap}
          coders={layer.multiple ? layer.byGuid : null}
          rect={popover.rect}
          memoTargets={memos.targets}
          busy={remove.isPending}
          onRemove={removeCoding}
          onMemo={codingMemo}
          onAdjust={startAdjust}
          onClose={closePopover}
        />
      ) : null}
      {memoTarget ? (
        <MemoEditor
          key={memoTarget.target}
          target={memoTarget}
          memo={existingMemo}
          onClose={() => {
            setMemoTarget(null);
            setSelectedCoding(null);
          }}
        />
      ) : null}
      {helpOpen ? <HelpOverlay onClose={() => setHelpOpen(false)} /> : null}
      {confirmRemove ? (
        <RemoveTheirsDialog
          coding={confirmRemove}
          coder={layer.byGuid.get(confirmRemove.coder)?.name ?? 'another coder'}
          codeName={codeMap.get(confirmRemove.codeGuid)?.name ?? 'a code'}
          busy={remove.isPending}
          onRemove={() => remove.mutate({ coding: confirmRemove.guid }, { onSettled: () => setConfirmRemove(null) })}
          onClose={() => setConfirmRemove(null)}
        />
      ) : null}
    </div>
  );
}
