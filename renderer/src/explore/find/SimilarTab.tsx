/**
 * Passages like a code's segments: pick a code, read the suggestions one by one, and accept (an
 * ordinary coding, one undo step) or reject (it is not suggested again while the tab remembers
 * it). Nothing is ever coded in bulk here: each passage is the researcher's decision.
 */
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { SimilarSuggestion, SpanRef } from '../../../../shared/analysis-compare';
import { useCommand, useOp } from '../../api';
import { showToast } from '../../components/toasts';
import { codeTree } from '../../codes/code-tree';
import type { Passage } from '../../passage';
import { useRemembered } from '../shared/remembered';
import { lastStep, undoAction } from '../../components/undo-toast';
import { hitKey, plural, scoreLabel } from './find-format';

type Unit = 'turn' | 'sentence';

function SuggestionCard({
  s,
  busy,
  onAccept,
  onReject,
  onOpen,
}: {
  s: SimilarSuggestion;
  busy: boolean;
  onOpen: () => void;
  onAccept: () => void;
  onReject: () => void;
}) {
  return (
    <li className="suggestion" data-testid="suggestion">
      <div className="suggestion-head">
        <span className="suggestion-score" title="Similarity to the nearest segment of the code">
          <span className="suggestion-score-value">{scoreLabel(s.score)}</span>
          <span className="suggestion-track" aria-hidden="true">
            <span className="suggestion-bar" style={{ width: scoreLabel(s.score) }} />
          </span>
        </span>
        <span className="suggestion-where">
          {s.speaker ?? 'No speaker'} · {s.documentName}
        </span>
        <span className="suggestion-actions">
          <button type="button" className="button button--small button--quiet" onClick={onOpen} data-testid="suggestion-open" title="Read it in the transcript">
            Open
          </button>
          <button type="button" className="button button--small" disabled={busy} onClick={onReject} data-testid="suggestion-reject">
            Reject
          </button>
          <button type="button" className="button button--small button--primary" disabled={busy} onClick={onAccept} data-testid="suggestion-accept">
            Accept
          </button>
        </span>
      </div>
      <p className="suggestion-text">{s.text}</p>
      <p className="suggestion-nearest">
        <span className="muted">Like this segment in {s.nearest.documentName}:</span> <q>{s.nearest.text}</q>
      </p>
    </li>
  );
}

export function SimilarTab({ onOpenPassage }: { onOpenPassage: (passage: Passage) => void }) {
  const client = useQueryClient();
  const codes = useOp('codes.list', {});
  const [code, setCode] = useRemembered<string>('similar.code', '');
  const [unit, setUnit] = useRemembered<Unit>('similar.unit', 'turn');
  // Rejections per code: what was wrong for one code may be right for another.
  const [rejected, setRejected] = useRemembered<Record<string, SpanRef[]>>('similar.rejected', {});
  const rows = useMemo(() => codeTree(codes.data ?? []), [codes.data]);
  const chosen = codes.data?.find((c) => c.guid === code) ?? null;
  const exclude = useMemo(() => (code ? (rejected[code] ?? []) : []), [code, rejected]);
  const result = useOp('analysis.similar', { code, unit, exclude, limit: 20 }, { enabled: chosen !== null, placeholderData: keepPreviousData });
  const apply = useCommand('codings.apply', {
    onSuccess: async (r) => showToast('notice', `Coded the passage with “${r.code.name}”.`, undoAction(client, await lastStep())),
  });

  const reject = (s: SimilarSuggestion) => setRejected((all) => ({ ...all, [code]: [...(all[code] ?? []), { document: s.document, start: s.start, end: s.end }] }));
  const suggestions = chosen && result.data ? result.data : [];

  return (
    <div className="find-panel">
      <div className="find-filters">
        <label className="find-sort">
          Passages like
          <select value={code} onChange={(e) => setCode(e.target.value)} data-testid="similar-code">
            <option value="">Choose a code…</option>
            {rows.map((r) => (
              <option key={r.code.guid} value={r.code.guid}>
                {`${'\u2002'.repeat(r.depth)}${r.code.name}${r.code.kind === 'theme' ? ' (theme)' : ''} — ${r.code.codings}`}
              </option>
            ))}
          </select>
        </label>
        <div className="segmented" role="radiogroup" aria-label="Suggest">
          {(['turn', 'sentence'] as const).map((u) => (
            <button
              key={u}
              type="button"
              role="radio"
              aria-checked={unit === u}
              className={`segmented-option${unit === u ? ' segmented-option--on' : ''}`}
              onClick={() => setUnit(u)}
              data-testid={`similar-unit-${u}`}
            >
              {u === 'turn' ? 'Whole turns' : 'Sentences'}
            </button>
          ))}
        </div>
        {exclude.length ? (
          <span className="find-filters-end muted">
            {plural(exclude.length, 'passage')} rejected{' '}
            <button type="button" className="button button--small button--quiet" onClick={() => setRejected((all) => ({ ...all, [code]: [] }))} data-testid="similar-forget">
              Suggest again
            </button>
          </span>
        ) : null}
      </div>
      <p className="find-help muted">
        Passages not yet coded with the code that use the words of its segments, best first. Accept codes one passage; Reject hides it. Read each in its place before deciding.
      </p>
      {!chosen ? (
        <p className="find-empty muted">Choose a code with a few segments to see passages that read like them.</p>
      ) : result.data && suggestions.length === 0 ? (
        <p className="find-empty muted" data-testid="similar-none">
          No passage reads like the segments of “{chosen.name}”{chosen.codings === 0 ? ': it has no segments yet' : ''}.
        </p>
      ) : (
        <ul className={`suggestion-list${result.isPlaceholderData ? ' suggestion-list--stale' : ''}`} aria-label="Suggestions" data-testid="suggestions">
          {suggestions.map((s) => (
            <SuggestionCard
              key={hitKey(s)}
              s={s}
              busy={apply.isPending}
              onAccept={() => apply.mutate({ document: s.document, start: s.start, end: s.end, code: { guid: code } })}
              onReject={() => reject(s)}
              onOpen={() => onOpenPassage({ documentGuid: s.document, start: s.start, end: s.end })}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
