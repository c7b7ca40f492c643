/**
 * The detail pane of the Codebook view: the selected code's or theme's description (saved field
 * by field), where it sits (Move to…), the one-code refinements (promote, delete, split), its coded
 * segments, and its story from the command log.
 */
import { useMemo, useState } from 'react';
import type { OpInput } from '../../../shared/api';
import type { Code, CodedSegment, CodeStats, ThemeStatus } from '../../../shared/types';
import { useCommand, useOp } from '../api';
import { codePath } from '../codes/code-tree';
import { showToast } from '../components/toasts';
import { plural } from '../import/files';
import { SavingField } from './fields';
import { useSegmentsOf } from './segments';
import { subtreeOf } from './tree-rows';

type UpdateInput = OpInput<'codes.update'>;

const STATUSES: ThemeStatus[] = ['candidate', 'reviewed', 'defined'];

function MoveTo({ code, codes, onMove }: { code: Code; codes: readonly Code[]; onMove: (parent: string | null) => void }) {
  // A code cannot go under itself or below; a theme only at the top or under a theme (the core says why if not).
  const below = useMemo(() => subtreeOf(codes, code.guid), [codes, code.guid]);
  const byGuid = useMemo(() => new Map(codes.map((c) => [c.guid, c])), [codes]);
  const places = codes.filter((c) => !below.has(c.guid) && (code.kind === 'code' || c.kind === 'theme'));
  return (
    <div className="field cb-field">
      <label htmlFor={`move-${code.guid}`}>Move to…</label>
      <select
        id={`move-${code.guid}`}
        data-testid="cb-move-to"
        value={code.parentGuid ?? ''}
        onChange={(e) => onMove(e.target.value || null)}
      >
        <option value="">(top level)</option>
        {places.map((c) => (
          <option key={c.guid} value={c.guid}>
            {[...codePath(byGuid, c), c.name].join(' › ')}
          </option>
        ))}
      </select>
    </div>
  );
}

function Story({ code }: { code: string }) {
  const story = useOp('codes.story', { code });
  if (!story.data?.length) return null;
  return (
    <section className="cb-section">
      <h3>Story</h3>
      <ol className="cb-story" data-testid="cb-story">
        {story.data.map((e) => (
          <li key={`${e.seq}-${e.event}`} data-testid="cb-story-event" data-event={e.event}>
            <span className="cb-story-detail">{e.detail || e.summary}</span>
            <span className="muted">
              {' '}
              — {e.user}, <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Segments({
  code,
  segments,
  exampleCoding,
  onOpenSegment,
  onSplit,
}: {
  code: Code;
  segments: readonly CodedSegment[] | undefined;
  exampleCoding: string | null;
  onOpenSegment: (s: CodedSegment) => void;
  onSplit: (codings: string[], name: string) => void;
}) {
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [name, setName] = useState('');
  const live = new Set((segments ?? []).map((s) => s.guid));
  const chosen = [...ticked].filter((g) => live.has(g));
  if (!segments) return <p className="empty">Loading…</p>;
  return (
    <section className="cb-section">
      <h3>
        Coded segments <span className="panel-count">{segments.length}</span>
      </h3>
      {segments.length === 0 ? <p className="empty">Nothing is coded with this code itself.</p> : null}
      {chosen.length > 0 ? (
        <form
          className="cb-split"
          data-testid="cb-split"
          onSubmit={(e) => {
            e.preventDefault();
            onSplit(chosen, name);
            setTicked(new Set());
            setName('');
          }}
        >
          <span>Split {plural(chosen.length, 'segment')} off into</span>
          <input
            type="text"
            value={name}
            placeholder={`${code.name} (split)`}
            aria-label="Name of the new code"
            data-testid="cb-split-name"
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" className="button button--small button--primary" data-testid="cb-split-apply" disabled={!name.trim()}>
            Split
          </button>
        </form>
      ) : segments.length > 1 ? (
        <p className="hint">Tick segments to split them off into a new code.</p>
      ) : null}
      <ol className="cb-segments" data-testid="cb-segments">
        {segments.map((s) => (
          <li key={s.guid} className={s.guid === exampleCoding ? 'cb-segment cb-segment--example' : 'cb-segment'}>
            <input
              type="checkbox"
              checked={ticked.has(s.guid)}
              aria-label={`Tick the segment from ${s.documentName}`}
              data-testid="cb-segment-check"
              onChange={() =>
                setTicked((t) => {
                  const next = new Set(t);
                  if (next.has(s.guid)) next.delete(s.guid);
                  else next.add(s.guid);
                  return next;
                })
              }
            />
            <button type="button" className="segment" data-testid="cb-segment" data-coding={s.guid} onClick={() => onOpenSegment(s)}>
              <span className="segment-source">
                <span className="segment-doc">{s.documentName}</span>
                {s.speakers.length ? <span className="segment-speakers">{s.speakers.join(', ')}</span> : null}
                {s.guid === exampleCoding ? <span className="cb-example-tag">example</span> : null}
              </span>
              <span className="segment-text">{s.text}</span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

function excerpt(text: string, max = 70): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function CodeDetail({
  code,
  codes,
  stats,
  onOpenSegment,
  onDelete,
  onSelect,
}: {
  code: Code;
  codes: readonly Code[];
  stats: CodeStats | undefined;
  onOpenSegment: (s: CodedSegment) => void;
  onDelete: (code: Code) => void;
  onSelect: (guid: string) => void;
}) {
  const segments = useSegmentsOf(code.guid);
  const update = useCommand('codes.update');
  const move = useCommand('codes.move', {
    onSuccess: (c) => showToast('notice', `Moved "${c.name}"`),
  });
  const promote = useCommand('codes.promote', {
    onSuccess: (c) => showToast('notice', `"${c.name}" is now a candidate theme`),
  });
  const split = useCommand('codes.split', {
    onSuccess: (r) => {
      showToast('notice', `Split ${plural(r.moved, 'coding')} off into "${r.code.name}"`);
      onSelect(r.code.guid);
    },
  });
  // `seen`: what this editor showed for the fields it changes; the core refuses the save when a
  // colleague changed one of them meanwhile (team server), instead of overwriting their change.
  const save = (fields: Omit<UpdateInput, 'code' | 'seen'>, seen?: UpdateInput['seen']) =>
    update.mutate({ code: code.guid, ...fields, ...(seen ? { seen } : {}) });
  const isTheme = code.kind === 'theme';

  return (
    <div className="cb-detail" data-testid="cb-detail" data-code={code.guid}>
      <div className="cb-detail-header">
        <input
          type="color"
          className="cb-color"
          aria-label="Colour"
          data-testid="cb-color"
          // Saved when the picker closes (change), not on every step of a drag through the palette.
          defaultValue={code.color}
          key={code.color}
          onBlur={(e) => e.target.value !== code.color && save({ color: e.target.value }, { color: code.color })}
        />
        <span className="cb-kind">{isTheme ? 'Theme' : 'Code'}</span>
        <div className="cb-detail-actions">
          {!isTheme ? (
            <button type="button" className="button button--small" data-testid="cb-promote" onClick={() => promote.mutate({ code: code.guid })}>
              Promote to theme
            </button>
          ) : null}
          <button type="button" className="button button--small button--danger" data-testid="cb-delete" onClick={() => onDelete(code)}>
            Delete…
          </button>
        </div>
      </div>
      <SavingField label="Name" value={code.name} testId="cb-field-name" onSave={(name, seen) => save({ name }, { name: seen })} />
      <p className="cb-stats" data-testid="cb-stats">
        {stats
          ? `${plural(stats.total.codings, 'coding')} (${stats.codings} on the code itself) in ${plural(stats.total.documents, 'focus group')}, from ${plural(stats.total.participants, 'participant')}`
          : '…'}
      </p>
      {isTheme ? (
        <>
          <SavingField
            label="Central organising concept"
            value={code.centralConcept}
            multiline
            placeholder="The idea that holds the theme together, in a sentence or two"
            testId="cb-field-concept"
            onSave={(centralConcept, seen) => save({ centralConcept }, { centralConcept: seen })}
          />
          <div className="field cb-field">
            <label htmlFor={`status-${code.guid}`}>Status</label>
            <select
              id={`status-${code.guid}`}
              data-testid="cb-status"
              value={code.status ?? 'candidate'}
              onChange={(e) => save({ status: e.target.value as ThemeStatus }, { status: code.status })}
            >
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
        </>
      ) : null}
      <SavingField label="Definition" value={code.definition} multiline testId="cb-field-definition" onSave={(definition, seen) => save({ definition }, { definition: seen })} />
      <SavingField label="Inclusion criteria" value={code.inclusion} multiline testId="cb-field-inclusion" onSave={(inclusion, seen) => save({ inclusion }, { inclusion: seen })} />
      <SavingField label="Exclusion criteria" value={code.exclusion} multiline testId="cb-field-exclusion" onSave={(exclusion, seen) => save({ exclusion }, { exclusion: seen })} />
      <SavingField label="Example" value={code.example} multiline testId="cb-field-example" onSave={(example, seen) => save({ example }, { example: seen })} />
      <div className="field cb-field">
        <label htmlFor={`example-${code.guid}`}>Example segment</label>
        <select
          id={`example-${code.guid}`}
          data-testid="cb-example-coding"
          value={code.exampleCoding ?? ''}
          onChange={(e) => save({ exampleCoding: e.target.value || null })}
        >
          <option value="">(none)</option>
          {code.exampleCoding && !segments.data?.some((s) => s.guid === code.exampleCoding) ? (
            <option value={code.exampleCoding}>(a segment of a code below it)</option>
          ) : null}
          {(segments.data ?? []).map((s) => (
            <option key={s.guid} value={s.guid}>
              {s.documentName}: {excerpt(s.text)}
            </option>
          ))}
        </select>
      </div>
      <MoveTo code={code} codes={codes} onMove={(parent) => move.mutate({ code: code.guid, parent })} />
      <Segments
        key={code.guid}
        code={code}
        segments={segments.data}
        exampleCoding={code.exampleCoding}
        onOpenSegment={onOpenSegment}
        onSplit={(codings, name) => split.mutate({ code: code.guid, codings, name })}
      />
      <Story code={code.guid} />
    </div>
  );
}
