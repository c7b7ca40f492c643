/**
 * The centre of the window: the open transcript, the selection → quick-code flow, and the
 * popover of a clicked highlight.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ChorusError, ErrorCode } from '../../../shared/errors';
import type { Code, CodedSegment, DocumentDetail } from '../../../shared/types';
import { useQueryClient } from '@tanstack/react-query';
import { opKey, useCommand, useOp } from '../api';
import type { TranscriptSelection } from '../transcript/selection';
import { TranscriptView, type CodingLook, type FocusTarget } from '../transcript/TranscriptView';
import { typingInField } from './history';
import { QuickCodeBox, type CodeChoice } from './QuickCodeBox';
import { SpeakersPanel } from './SpeakersPanel';

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

function DocumentHeader({ detail }: { detail: DocumentDetail }) {
  const d = detail.document;
  return (
    <header className="doc-header">
      <h1 data-testid="document-title">{d.name}</h1>
      <p className="doc-header-meta">
        {d.words.toLocaleString()} words · {d.turns} turns · {d.codings} codings
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
  rect,
  onRemove,
  onClose,
  busy,
}: {
  codings: CodedSegment[];
  codes: ReadonlyMap<string, Code>;
  rect: DOMRect;
  onRemove: (coding: string) => void;
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
  const left = Math.max(8, Math.min(rect.left, window.innerWidth - 320));
  const top = rect.bottom + 6 + 200 > window.innerHeight ? Math.max(8, rect.top - 6 - 40 * (codings.length + 1)) : rect.bottom + 6;
  return (
    <div ref={ref} className="popover coding-popover" style={{ left, top }} role="dialog" aria-label="Codes of this passage" data-testid="coding-popover">
      <ul>
        {codings.map((c) => {
          const code = codes.get(c.codeGuid);
          return (
            <li key={c.guid} className="coding-popover-row">
              <span className="swatch" style={{ backgroundColor: code?.color }} aria-hidden="true" />
              <span className="coding-popover-name" title={c.text}>
                {code?.name ?? 'Unknown code'}
              </span>
              <button type="button" className="button button--small button--danger" disabled={busy} onClick={() => onRemove(c.guid)} data-testid="remove-coding">
                Remove
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

function OpenTranscript({ documentGuid, focus }: { documentGuid: string; focus: FocusRequest | null }) {
  const detail = useOp('documents.get', { document: documentGuid });
  const codings = useOp('codings.list', { document: documentGuid });
  const codes = useOp('codes.list', {});
  const [selection, setSelection] = useState<PendingSelection | null>(null);
  const [quickOpen, setQuickOpen] = useState(false);
  const [popover, setPopover] = useState<{ ids: string[]; rect: DOMRect } | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  const codeMap = useMemo(() => new Map((codes.data ?? []).map((c) => [c.guid, c])), [codes.data]);
  const looks = useMemo(() => {
    const map = new Map<string, CodingLook>();
    for (const c of codings.data ?? []) {
      const code = codeMap.get(c.codeGuid);
      if (code) map.set(c.guid, { color: code.color, name: code.name });
    }
    return map;
  }, [codings.data, codeMap]);

  const clearSelection = useCallback(() => {
    window.getSelection()?.removeAllRanges();
    setSelection(null);
    setQuickOpen(false);
  }, []);

  // The answers say exactly what changed: put that into the cached lists so the highlight
  // changes at once; the refetch that follows (invalidation) confirms it.
  const client = useQueryClient();
  const apply = useCommand('codings.apply', {
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
      clearSelection();
    },
  });
  const remove = useCommand('codings.remove', {
    onSuccess: ({ removed }) => {
      client.setQueryData<CodedSegment[]>(opKey('codings.list', { document: documentGuid }), (old) =>
        old?.filter((c) => c.guid !== removed),
      );
      setPopover(null);
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
    },
    [quickOpen],
  );

  const openQuickCode = useCallback(() => {
    if (!selection) return;
    // Bring the passage into view (it may have been scrolled away) and measure it again.
    const view = scroller.current?.getBoundingClientRect();
    let r = selection.range.getBoundingClientRect();
    if (view && (r.top < view.top || r.bottom > view.bottom - 120)) {
      const start = selection.range.startContainer;
      (start instanceof Element ? start : start.parentElement)?.scrollIntoView({ block: 'center' });
      r = selection.range.getBoundingClientRect();
    }
    setSelection({ ...selection, rect: { left: r.left, top: r.top, right: r.right, bottom: r.bottom } });
    setQuickOpen(true);
    setPopover(null);
  }, [selection]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (quickOpen || !selection || typingInField(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const plainQ = e.key.toLowerCase() === 'q' && !e.ctrlKey && !e.metaKey && !e.altKey;
      const modK = mod && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'k';
      if (plainQ || modK) {
        e.preventDefault();
        openQuickCode();
      } else if (e.key === 'Escape') clearSelection();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [quickOpen, selection, openQuickCode, clearSelection]);

  const applyChoice = (choice: CodeChoice) => {
    if (!selection) return;
    apply.mutate({ document: documentGuid, start: selection.start, end: selection.end, code: choice });
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
  if (!detail.data || !codings.data) {
    return (
      <div className="center-empty" aria-busy="true">
        <p className="muted">Opening…</p>
      </div>
    );
  }

  const buttonPos = selection && !quickOpen ? selection.button : null;

  const popoverCodings = popover ? (codings.data ?? []).filter((c) => popover.ids.includes(c.guid)) : [];

  return (
    <div className="transcript-pane">
      <div className="transcript-scroll" ref={scroller} data-testid="transcript-scroll">
        <div className="transcript-column">
          <DocumentHeader detail={detail.data} />
          <TranscriptView
            key={`${documentGuid}/${speakersSignature(detail.data)}`}
            doc={detail.data}
            codings={codings.data}
            looks={looks}
            focus={focus}
            onSelection={onSelection}
            onMarkClick={(ids, rect) => setPopover({ ids, rect })}
          />
        </div>
        {buttonPos ? (
          <button
            type="button"
            className="code-button"
            style={buttonPos}
            // Keep the text selected: a button press must not move the selection.
            onMouseDown={(e) => e.preventDefault()}
            onClick={openQuickCode}
            title={`Code the selected passage (Q or ${isMac ? '⌘K' : 'Ctrl+K'})`}
            data-testid="code-selection-button"
          >
            Code <kbd>Q</kbd>
          </button>
        ) : null}
      </div>
      {quickOpen && selection ? (
        <QuickCodeBox
          codes={codes.data ?? []}
          anchor={selection.rect}
          busy={apply.isPending}
          onApply={applyChoice}
          onClose={() => {
            setQuickOpen(false);
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
          rect={popover.rect}
          busy={remove.isPending}
          onRemove={(coding) => remove.mutate({ coding })}
          onClose={() => setPopover(null)}
        />
      ) : null}
    </div>
  );
}
