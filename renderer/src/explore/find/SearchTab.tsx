/**
 * Search what was said: stemmed words, "phrases" and prefixes*, for everyone, the participants
 * or the moderators, in some focus groups. Hits are keyword-in-context lines whose keywords line
 * up; each opens the transcript there, and the chosen ones can be coded in one step. Hits come a
 * page at a time ("Show more"); choosing all means every hit of the search, shown or not.
 */
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { HitExtent, SearchHit, SearchInput, SearchSort } from '../../../../shared/analysis-find';
import { call, useCommand, useOp } from '../../api';
import { showToast } from '../../components/toasts';
import type { Passage } from '../../passage';
import { ROLE_LABEL } from '../../transcript/format';
import { ExportButtons } from '../shared/ExportButtons';
import { useRemembered } from '../shared/remembered';
import { lastStep, undoAction } from '../../components/undo-toast';
import { CodeTargetDialog } from './CodeTargetDialog';
import { hitKey, hitRef, plural, searchFilters, spaceAfterKeyword, speakerName, turnWhen, type RoleChoice } from './find-format';
import { MultiPick } from './MultiPick';

const CONTEXT = 70;
/** Hits per page: a common word has thousands, and reading them is what a search costs. */
const PAGE = 200;

const EXTENTS: { value: HitExtent; label: string; note: string }[] = [
  { value: 'match', label: 'The match', note: 'only the words found' },
  { value: 'sentence', label: 'Its sentence', note: 'the sentence around each hit' },
  { value: 'turn', label: 'The whole turn', note: 'everything the speaker said there' },
];

const SORTS: { value: SearchSort; label: string }[] = [
  { value: 'position', label: 'Document order' },
  { value: 'left', label: 'Words before' },
  { value: 'right', label: 'Words after' },
];

const ROLES: { value: RoleChoice; label: string }[] = [
  { value: 'all', label: 'Everyone' },
  { value: 'participant', label: 'Participants' },
  { value: 'moderator', label: 'Moderators' },
];

function HitLine({ hit, checked, onCheck, onOpen }: { hit: SearchHit; checked: boolean; onCheck: () => void; onOpen: () => void }) {
  return (
    <li className={`kwic-row${checked ? ' kwic-row--checked' : ''}`} data-testid="search-hit">
      <label className="kwic-check">
        <input type="checkbox" checked={checked} onChange={onCheck} aria-label={`Choose the hit “${hit.keyword}” in ${hit.document.name}`} />
      </label>
      <button type="button" className="kwic-line" onClick={onOpen} title="Open in the transcript" data-testid="search-hit-open">
        <span className="kwic-left">
          <span>{hit.left}</span>
        </span>
        <span className="kwic-right">
          <strong className="kwic-keyword">{hit.keyword}</strong>
          {spaceAfterKeyword(hit.right) ? ' ' : ''}
          {hit.right}
        </span>
      </button>
      <span className="kwic-speaker" title={speakerName(hit.speaker)}>
        {hit.speaker ? hit.speaker.label : '—'}
        {hit.speaker ? <span className="kwic-role">{ROLE_LABEL[hit.speaker.role]}</span> : null}
      </span>
      <span className="kwic-doc" title={hit.document.name}>
        {hit.document.name}
      </span>
      <span className="kwic-time">{turnWhen(hit.turn)}</span>
    </li>
  );
}

export function SearchTab({ onOpenPassage }: { onOpenPassage: (passage: Passage) => void }) {
  const client = useQueryClient();
  const [draft, setDraft] = useRemembered('search.draft', '');
  const [text, setText] = useRemembered('search.text', '');
  const [role, setRole] = useRemembered<RoleChoice>('search.role', 'all');
  const [documents, setDocuments] = useRemembered<string[]>('search.documents', []);
  const [sort, setSort] = useRemembered<SearchSort>('search.sort', 'position');
  const [checked, setChecked] = useRemembered<string[]>('search.checked', []);
  // Every hit of the search, including those on pages not shown yet.
  const [allChosen, setAllChosen] = useRemembered('search.allChosen', false);
  const [pages, setPages] = useRemembered('search.pages', 1);
  const [coding, setCoding] = useState(false);
  const [extent, setExtent] = useState<HitExtent>('match');

  const docs = useOp('documents.list', {});
  const codes = useOp('codes.list', {});
  const filters = useMemo(() => searchFilters(role, documents), [role, documents]);
  // "Show more" asks for the first pages × PAGE hits again: in document order only the turns up to
  // the last one shown are read, and the list keeps its place.
  const input: SearchInput = { text, filters, sort, context: CONTEXT, limit: PAGE * pages };
  const result = useOp('analysis.search', input, { enabled: text.trim() !== '', placeholderData: keepPreviousData, meta: { errorInPlace: true } });
  const hits = useMemo(() => (text.trim() && result.data ? result.data.hits : []), [text, result.data]);
  const total = result.data?.total ?? 0;
  const hitCount = result.data ? `${result.data.totalExact ? '' : 'at least '}${plural(total, 'hit')}` : '';

  const checkedSet = new Set(checked);
  const chosen = allChosen ? hits : hits.filter((h) => checkedSet.has(hitKey(h)));
  const toCode = allChosen ? (hits.length ? hits : null) : chosen.length === 0 ? null : chosen;
  const chooseAll = (on: boolean) => {
    setAllChosen(on);
    setChecked([]);
  };
  const toggle = (key: string) => {
    if (allChosen) {
      // Leaving "all hits": the shown ones stay chosen but this one.
      setAllChosen(false);
      setChecked(hits.map(hitKey).filter((k) => k !== key));
    } else setChecked((c) => (c.includes(key) ? c.filter((k) => k !== key) : [...c, key]));
  };

  const codeHits = useCommand('analysis.codeHits', {
    onSuccess: async (report) => {
      setCoding(false);
      chooseAll(false);
      const parts = [`Coded ${plural(report.applied, 'passage')} with “${report.code.name}”`];
      if (report.duplicates) parts.push(`${plural(report.duplicates, 'was', 'were')} coded already`);
      if (report.merged) parts.push(`${plural(report.merged, 'hit')} shared a passage`);
      showToast('notice', `${parts.join('; ')}.`, undoAction(client, await lastStep()));
    },
  });

  const submit = () => {
    const next = draft.trim();
    if (next !== text) {
      chooseAll(false);
      setPages(1);
    }
    setText(next);
  };

  const docOptions = (docs.data ?? []).map((d) => ({ value: d.guid, label: d.name }));
  const error = text.trim() && result.error ? result.error.message : null;

  return (
    <div className="find-panel">
      <form
        className="find-query-row"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <input
          type="search"
          className="find-query-input"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder='Words, "a phrase", or a prefix*'
          aria-label="Search what was said"
          spellCheck={false}
          data-testid="search-input"
        />
        <button type="submit" className="button button--primary" data-testid="search-run">
          Search
        </button>
      </form>
      <div className="find-filters">
        <div className="segmented" role="radiogroup" aria-label="Whose words">
          {ROLES.map((r) => (
            <button
              key={r.value}
              type="button"
              role="radio"
              aria-checked={role === r.value}
              className={`segmented-option${role === r.value ? ' segmented-option--on' : ''}`}
              onClick={() => setRole(r.value)}
              data-testid={`search-role-${r.value}`}
            >
              {r.label}
            </button>
          ))}
        </div>
        <MultiPick label="Documents" options={docOptions} chosen={documents} onChange={setDocuments} testId="search-documents" allLabel="all groups" />
        <label className="find-sort">
          Sort by
          <select value={sort} onChange={(e) => setSort(e.target.value as SearchSort)} data-testid="search-sort">
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="find-help muted">
        Words match their other forms (<em>support</em> finds <em>supporting</em>). Quote a phrase, end a prefix with *, use OR and NOT between words.
      </p>

      {error ? (
        <p className="find-error" role="alert" data-testid="search-error">
          {error}
        </p>
      ) : null}

      {text.trim() && result.data && !error ? (
        <>
          <div className="find-summary">
            <label className="find-select-all">
              <input
                type="checkbox"
                checked={allChosen}
                ref={(el) => {
                  if (el) el.indeterminate = !allChosen && chosen.length > 0;
                }}
                onChange={() => chooseAll(!allChosen)}
                disabled={hits.length === 0}
                aria-label="Choose all hits of the search, also those not shown"
                data-testid="search-select-all"
              />
              <span data-testid="search-count">
                {hitCount} in {plural(result.data.turns, 'turn')}
                {result.data.truncated ? ` (showing the first ${hits.length.toLocaleString()})` : ''}
              </span>
            </label>
            {allChosen ? (
              <span className="muted" data-testid="search-chosen">
                all hits chosen{result.data.truncated ? ', also those not shown' : ''}
              </span>
            ) : chosen.length ? (
              <span className="muted" data-testid="search-chosen">
                {chosen.length.toLocaleString()} chosen
              </span>
            ) : null}
            <span className="find-summary-actions">
              <button type="button" className="button button--small" disabled={!toCode} onClick={() => setCoding(true)} data-testid="search-code-hits" title={toCode ? undefined : 'Tick the hits to code first'}>
                Code hits…
              </button>
              <ExportButtons testId="search-export" disabled={hits.length === 0} run={(format, pseudonymise) => call('export.searchHits', { text, filters, sort, context: CONTEXT, format, pseudonymise })} />
            </span>
          </div>
          {hits.length === 0 ? (
            <p className="find-empty muted" data-testid="search-none">
              Nothing found. Try fewer words, a shorter prefix*, or Everyone and all groups.
            </p>
          ) : (
            <ul className={`kwic-list${result.isPlaceholderData ? ' kwic-list--stale' : ''}`} aria-label="Search hits" data-testid="search-hits">
              {hits.map((h) => {
                const key = hitKey(h);
                return (
                  <HitLine
                    key={key}
                    hit={h}
                    checked={allChosen || checkedSet.has(key)}
                    onCheck={() => toggle(key)}
                    onOpen={() => onOpenPassage({ documentGuid: h.document.guid, start: h.start, end: h.end })}
                  />
                );
              })}
            </ul>
          )}
          {result.data.truncated ? (
            <button
              type="button"
              className="button find-more"
              disabled={result.isFetching}
              onClick={() => setPages(pages + 1)}
              data-testid="search-more"
            >
              {result.isFetching ? 'Loading…' : `Show ${PAGE} more`}
            </button>
          ) : null}
        </>
      ) : null}
      {!text.trim() ? <p className="find-empty muted">Type what you are looking for and press Enter.</p> : null}

      {coding && toCode ? (
        <CodeTargetDialog
          title={`Code ${allChosen ? `every hit (${hitCount})` : plural(toCode.length, 'hit')} of ${/^["“]/.test(text) ? text : `“${text}”`}`}
          codes={codes.data ?? []}
          busy={codeHits.isPending}
          action={allChosen ? 'Code all hits' : `Code ${plural(toCode.length, 'hit')}`}
          testId="code-hits"
          onClose={() => setCoding(false)}
          onApply={(code) =>
            codeHits.mutate({ search: { text, filters }, code, extent, ...(allChosen ? {} : { hits: toCode.map(hitRef) }) })
          }
        >
          <fieldset className="extent-choice">
            <legend>Code for each hit</legend>
            {EXTENTS.map((x) => (
              <label key={x.value} className="extent-option">
                <input type="radio" name="extent" value={x.value} checked={extent === x.value} onChange={() => setExtent(x.value)} data-testid={`extent-${x.value}`} />
                <span>
                  {x.label} <span className="muted">— {x.note}</span>
                </span>
              </label>
            ))}
          </fieldset>
        </CodeTargetDialog>
      ) : null}
    </div>
  );
}
