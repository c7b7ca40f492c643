/**
 * Coded segments: a boolean query over codes and themes with filters (groups, roles, people,
 * participant attributes, coder); each segment with its speaker, group, time, code path and coder,
 * and a line of context; a click opens it in the transcript. Also the one place to code everything
 * a speaker, a participant or a role said.
 */
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { QueryInput, RetrievedSegment } from '../../../../shared/analysis-find';
import type { SpeakerRole } from '../../../../shared/types';
import { call, useCommand, useOp } from '../../api';
import { showToast } from '../../components/toasts';
import type { Passage } from '../../passage';
import { ROLE_LABEL } from '../../transcript/format';
import { ExportButtons } from '../shared/ExportButtons';
import { useRemembered } from '../shared/remembered';
import { lastStep, undoAction } from '../../components/undo-toast';
import { CodeTargetDialog } from './CodeTargetDialog';
import { useDebounced } from './debounce';
import {
  activeFilterCount,
  contextParts,
  NO_SEGMENT_FILTERS,
  plural,
  segmentFilters,
  segmentSpeakers,
  turnWhen,
  type SegmentFilterState,
} from './find-format';
import { MultiPick } from './MultiPick';
import { QueryBox } from './QueryBox';

/** The segment's whole turn comes back as its context; the list shows about a line of it. */
const CONTEXT = 'turn';

const ROLE_OPTIONS = (['participant', 'moderator', 'observer'] as const).map((r) => ({ value: r, label: `${ROLE_LABEL[r]}s` }));

function SegmentRow({ segment, onOpen }: { segment: RetrievedSegment; onOpen: () => void }) {
  const { before, inside, after } = contextParts(segment);
  return (
    <li className="found-row">
      <button type="button" className="found-open" onClick={onOpen} title="Open in the transcript" data-testid="found-open">
        <span className="found-meta">
          <span className="swatch" style={{ backgroundColor: segment.code.color }} aria-hidden="true" />
          <span className="found-code">
            {segment.code.path.length > 1 ? <span className="found-code-path">{segment.code.path.slice(0, -1).join(' › ')} › </span> : null}
            {segment.code.path[segment.code.path.length - 1] ?? segment.code.name}
          </span>
          <span className="found-facts">
            <span className="found-speaker">{segmentSpeakers(segment)}</span>
            <span>{segment.document.name}</span>
            <span>{turnWhen(segment.turn)}</span>
            <span title="Coder">{segment.coder.name}</span>
          </span>
        </span>
        <span className="found-text">
          {before ? <span className="found-context">{before}</span> : null}
          <mark className="found-inside" style={{ borderColor: segment.code.color }}>
            {inside}
          </mark>
          {after ? <span className="found-context">{after}</span> : null}
        </span>
      </button>
    </li>
  );
}

type Who = { role: SpeakerRole } | { participant: string };

function SpeakerCodingDialog({ onClose }: { onClose: () => void }) {
  const client = useQueryClient();
  const codes = useOp('codes.list', {});
  const participants = useOp('participants.list', {});
  const docs = useOp('documents.list', {});
  const [who, setWho] = useState('');
  const [documents, setDocuments] = useState<string[]>([]);
  const parsed: Who | null = who.startsWith('role:') ? { role: who.slice(5) as SpeakerRole } : who.startsWith('participant:') ? { participant: who.slice(12) } : null;
  const codeSpeaker = useCommand('analysis.codeSpeaker', {
    onSuccess: async (report) => {
      onClose();
      const extra = report.duplicates ? `; ${plural(report.duplicates, 'turn was', 'turns were')} coded already` : '';
      showToast('notice', `Coded ${plural(report.applied, 'turn')} with “${report.code.name}”${extra}.`, undoAction(client, await lastStep()));
    },
  });
  return (
    <CodeTargetDialog
      title="Code everything a speaker said"
      codes={codes.data ?? []}
      busy={codeSpeaker.isPending}
      action="Code their turns"
      ready={parsed !== null}
      testId="code-speaker"
      onClose={onClose}
      onApply={(code) => parsed && codeSpeaker.mutate({ who: parsed, code, ...(documents.length ? { documents } : {}) })}
    >
      <div className="speaker-coding-who">
        <label className="field">
          <span>Whose turns</span>
          <select value={who} onChange={(e) => setWho(e.target.value)} data-testid="code-speaker-who">
            <option value="">Choose…</option>
            <optgroup label="Everyone with a role">
              {ROLE_OPTIONS.map((r) => (
                <option key={r.value} value={`role:${r.value}`}>
                  {r.label}
                </option>
              ))}
            </optgroup>
            <optgroup label="A participant, in every group">
              {(participants.data ?? []).map((p) => (
                <option key={p.guid} value={`participant:${p.guid}`}>
                  {p.label}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <MultiPick
          label="In"
          options={(docs.data ?? []).map((d) => ({ value: d.guid, label: d.name }))}
          chosen={documents}
          onChange={setDocuments}
          testId="code-speaker-documents"
          allLabel="every group"
        />
      </div>
    </CodeTargetDialog>
  );
}

export function SegmentsTab({ onOpenPassage }: { onOpenPassage: (passage: Passage) => void }) {
  const [text, setText] = useRemembered('segments.query', '');
  const [filterState, setFilterState] = useRemembered<SegmentFilterState>('segments.filters', NO_SEGMENT_FILTERS);
  const [speakerCoding, setSpeakerCoding] = useState(false);
  const codes = useOp('codes.list', {});
  const docs = useOp('documents.list', {});
  const participants = useOp('participants.list', {});
  const attributes = useOp('attributes.list', { scope: 'participant' });
  const coders = useOp('team.coders', {});

  const settled = useDebounced(text, 250);
  const check = useOp('analysis.checkQuery', { codes: settled }, { enabled: settled.trim() !== '', placeholderData: keepPreviousData });
  const valid = check.data?.valid === true && !check.isPlaceholderData && settled.trim() !== '';
  const filters = useMemo(() => segmentFilters(filterState), [filterState]);
  const input: QueryInput = { codes: settled.trim(), filters, context: CONTEXT };
  const result = useOp('analysis.query', input, { enabled: valid, placeholderData: keepPreviousData, meta: { errorInPlace: true } });
  // While the query is being changed the last answer stays, dimmed, instead of flashing away.
  const shown = text.trim() !== '' ? result.data : undefined;

  const set = <K extends keyof SegmentFilterState>(key: K, value: SegmentFilterState[K]) => setFilterState((s) => ({ ...s, [key]: value }));
  const filtering = activeFilterCount(filterState);

  return (
    <div className="find-panel">
      <QueryBox
        value={text}
        onChange={setText}
        check={check.data && check.isSuccess && !check.isPlaceholderData ? { codes: settled, result: check.data } : null}
        codes={codes.data ?? []}
      />
      <div className="find-filters">
        <MultiPick label="Groups" options={(docs.data ?? []).map((d) => ({ value: d.guid, label: d.name }))} chosen={filterState.documents} onChange={(v) => set('documents', v)} testId="segments-documents" />
        <MultiPick label="Role" options={ROLE_OPTIONS} chosen={filterState.roles} onChange={(v) => set('roles', v as SpeakerRole[])} testId="segments-roles" allLabel="any" />
        <MultiPick
          label="People"
          options={(participants.data ?? []).map((p) => ({ value: p.guid, label: p.label, note: plural(p.documents, 'group') }))}
          chosen={filterState.participants}
          onChange={(v) => set('participants', v)}
          testId="segments-people"
          allLabel="everyone"
        />
        {(attributes.data ?? []).map((a) => (
          <MultiPick
            key={a.guid}
            label={a.name}
            options={a.values.map((v) => ({ value: v, label: v }))}
            chosen={filterState.attributes[a.guid] ?? []}
            onChange={(v) => set('attributes', { ...filterState.attributes, [a.guid]: v })}
            testId={`segments-attribute-${a.name}`}
            allLabel="any"
          />
        ))}
        <MultiPick
          label="Coder"
          options={(coders.data ?? []).map((c) => ({ value: c.guid, label: c.me ? `${c.name} (me)` : c.name }))}
          chosen={filterState.coders}
          onChange={(v) => set('coders', v)}
          testId="segments-coders"
          allLabel="anyone"
        />
        {filtering ? (
          <button type="button" className="button button--small button--quiet" onClick={() => setFilterState(NO_SEGMENT_FILTERS)}>
            Clear filters
          </button>
        ) : null}
        <span className="find-filters-end">
          <button type="button" className="button button--small button--quiet" onClick={() => setSpeakerCoding(true)} data-testid="code-speaker-open" title="Code every turn of a participant or of everyone with a role, in one step">
            Code a speaker’s turns…
          </button>
        </span>
      </div>

      {result.error && valid ? (
        <p className="find-error" role="alert">
          {result.error.message}
        </p>
      ) : null}

      {shown ? (
        <>
          <div className="find-summary">
            <span data-testid="segments-count">
              {plural(shown.total, 'segment')} from {plural(shown.codings, 'coding')} in {plural(shown.documents, 'group')}
              {shown.truncated ? ` (showing the first ${shown.segments.length.toLocaleString()})` : ''}
            </span>
            <span className="find-summary-actions">
              <ExportButtons testId="segments-export" disabled={shown.total === 0} run={(format, pseudonymise) => call('export.segments', { codes: settled.trim(), filters, context: CONTEXT, format, pseudonymise })} />
            </span>
          </div>
          {shown.segments.length === 0 ? (
            <p className="find-empty muted">No segment answers this query{filtering ? ' with these filters' : ''}.</p>
          ) : (
            <ul className={`found-list${result.isPlaceholderData ? ' found-list--stale' : ''}`} aria-label="Coded segments" data-testid="segments-list">
              {shown.segments.map((s) => (
                <SegmentRow
                  key={`${s.coding}:${s.start}`}
                  segment={s}
                  onOpen={() => onOpenPassage({ documentGuid: s.document.guid, start: s.start, end: s.end, coding: s.coding })}
                />
              ))}
            </ul>
          )}
        </>
      ) : text.trim() === '' ? (
        <p className="find-empty muted">Write a query or insert a code to see its segments, e.g. a theme on its own, or two codes joined by AND to see where they meet.</p>
      ) : null}

      {speakerCoding ? <SpeakerCodingDialog onClose={() => setSpeakerCoding(false)} /> : null}
    </div>
  );
}
