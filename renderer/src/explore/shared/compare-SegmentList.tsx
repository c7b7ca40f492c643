/**
 * The passages behind a number (a matrix cell, a pair of codes), listed beside the result; each
 * opens at its place in the transcript.
 */
import type { CodedSegment } from '../../../../shared/types';
import type { Passage } from '../../passage';

export type ListedSegment = CodedSegment & { codeName?: string };

export function CompareSegmentList({
  title,
  subtitle,
  segments,
  loading,
  onOpenPassage,
  onClose,
}: {
  title: string;
  subtitle?: string;
  segments: readonly ListedSegment[] | undefined;
  loading: boolean;
  onOpenPassage: (passage: Passage) => void;
  onClose: () => void;
}) {
  return (
    <aside className="compare-segments" aria-label="Segments" data-testid="compare-segments">
      <header className="compare-segments-header">
        <div>
          <h3 data-testid="compare-segments-title">{title}</h3>
          {subtitle ? <p className="muted">{subtitle}</p> : null}
        </div>
        <button type="button" className="icon-button" aria-label="Close the segments" onClick={onClose}>
          ×
        </button>
      </header>
      {loading ? (
        <p className="muted compare-segments-note">Finding the segments…</p>
      ) : !segments || segments.length === 0 ? (
        <p className="muted compare-segments-note">No segments.</p>
      ) : (
        <ol className="compare-segment-list">
          {segments.map((s) => (
            <li key={`${s.guid}-${s.codeGuid}`} className="compare-segment" data-testid="compare-segment">
              <div className="compare-segment-source">
                <span className="compare-segment-doc">{s.documentName}</span>
                {s.speakers.length > 0 ? <span>{s.speakers.join(', ')}</span> : null}
              </div>
              {s.codeName ? <div className="compare-segment-code">{s.codeName}</div> : null}
              <blockquote className="compare-segment-text">{s.text}</blockquote>
              <button
                type="button"
                className="button button--small button--quiet compare-segment-open"
                onClick={() => onOpenPassage({ documentGuid: s.documentGuid, start: s.start, end: s.end, coding: s.guid })}
                data-testid="compare-segment-open"
              >
                Open in transcript
              </button>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
