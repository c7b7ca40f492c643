/**
 * Redaction mode in the transcript: a selected passage is redacted with one button, and redacted
 * passages are drawn greyed and struck through with the CSS Custom Highlight API, since the
 * transcript keeps its words (only exports black them out). Like find, only the turns near the
 * screen are in the DOM, so the passages are drawn again whenever the view's window moves.
 */
import { useCallback, useEffect, useRef, type CSSProperties, type RefObject } from 'react';
import { useCommand, useOp } from '../api';
import type { TranscriptHandle } from '../transcript/TranscriptView';
import './privacy.css';

/** Draws the document's redactions; returns a callback to draw them again (for `onWindowChange`). */
export function useRedactionHighlights(documentGuid: string | null, view: RefObject<TranscriptHandle | null>): () => void {
  const redactions = useOp('privacy.redactions', { document: documentGuid ?? '' }, { enabled: documentGuid !== null });
  const paintRef = useRef<() => void>(() => {});
  useEffect(() => {
    const list = redactions.data ?? [];
    if (typeof CSS === 'undefined' || !('highlights' in CSS)) return;
    const paint = () => {
      const ranges = list.map((r) => view.current?.rangeOf(r)).filter((r): r is Range => !!r);
      if (ranges.length) CSS.highlights.set('chorus-redacted', new Highlight(...ranges));
      else CSS.highlights.delete('chorus-redacted');
    };
    paint();
    paintRef.current = paint;
    return () => {
      paintRef.current = () => {};
      CSS.highlights.delete('chorus-redacted');
    };
  }, [redactions.data, view]);
  return useCallback(() => paintRef.current(), []);
}

/** The toolbar's switch: in redact mode a selection is redacted rather than coded. */
export function RedactModeToggle({ on, onChange }: { on: boolean; onChange: (on: boolean) => void }) {
  return (
    <label title="Select a passage to black it out in every export; the transcript keeps its words">
      <input type="checkbox" checked={on} onChange={(e) => onChange(e.target.checked)} data-testid="redact-mode" />
      Redact
    </label>
  );
}

/** The button beside a selection in redact mode. */
export function RedactButton({
  documentGuid,
  span,
  style,
  onDone,
}: {
  documentGuid: string;
  span: { start: number; end: number };
  style: CSSProperties;
  onDone: () => void;
}) {
  const redact = useCommand('privacy.redact', { onSuccess: onDone });
  return (
    <button
      type="button"
      className="code-button"
      style={style}
      // Keep the text selected: a button press must not move the selection.
      onMouseDown={(e) => e.preventDefault()}
      disabled={redact.isPending}
      onClick={() => redact.mutate({ document: documentGuid, start: span.start, end: span.end })}
      title="Black out this passage in every export"
      data-testid="redact-selection-button"
    >
      Redact
    </button>
  );
}
