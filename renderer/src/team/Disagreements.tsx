/**
 * The passages where coders differ about one code, each coder's codings side by side with the
 * passage's document and speakers and a way into the transcript. The agreement report's drill-down
 * shows them as they are; the consensus view adds, per passage, the team's decision recorded in
 * the reflexive journal, optionally taking the other coder's coding as mine.
 */
import { useState } from 'react';
import type { AgreementUnit, Disagreement } from '../../../shared/agreement-report';
import type { Memo } from '../../../shared/types';
import { useCommand, useOp } from '../api';
import { showError, showToast } from '../components/toasts';
import type { Passage } from '../passage';
import { clip, decisionFor, decisionSummary, decisionText, decisionTitle, lexicalFromText } from './agreement-view';
import type { CoderMark } from './coder-layer';

export interface DrillTarget {
  code: { guid: string; name: string };
  document?: { guid: string; name: string };
}

export interface Comparison {
  coders: string[];
  unit: AgreementUnit;
  threshold: number;
}

/** What the agreement and consensus panels both take: the coders, the comparison, where passages open. */
export interface ComparisonPanelProps {
  coders: readonly CoderMark[];
  comparison: Comparison;
  onComparison: (c: Comparison) => void;
  onOpenPassage: (p: Passage) => void;
  me: string | null;
}

function OpenButton({ passage, onOpen, label = 'Open in transcript' }: { passage: Passage; onOpen: (p: Passage) => void; label?: string }) {
  return (
    <button type="button" className="button button--small button--quiet team-open" onClick={() => onOpen(passage)} data-testid="open-passage">
      {label}
      <svg viewBox="0 0 20 20" aria-hidden="true" className="team-open-icon">
        <path d="M8 5h7v7M15 5l-9 9" />
      </svg>
    </button>
  );
}

/** Writing down what the team decided about a passage, in the journal; optionally adopting their coding. */
function DecisionForm({
  d,
  code,
  me,
  phase,
  onDone,
}: {
  d: Disagreement;
  code: DrillTarget['code'];
  me: string | null;
  phase: number;
  onDone: () => void;
}) {
  const [text, setText] = useState('');
  const mine = d.sides.find((s) => s.coder === me);
  const theirs = d.sides.find((s) => s.coder !== me && s.spans.length > 0);
  // Adopting is offered to a coder of the comparison who did not code what another coder did.
  const canAdopt = mine !== undefined && theirs !== undefined && theirs.spans.some((t) => !mine.spans.some((m) => m.start === t.start && m.end === t.end));
  const [adopt, setAdopt] = useState(false);
  const [busy, setBusy] = useState(false);
  const create = useCommand('memos.create');
  const apply = useCommand('codings.apply');

  const save = async () => {
    if (!text.trim()) {
      showToast('notice', 'Write down what you decided before recording it.');
      return;
    }
    setBusy(true);
    try {
      const adopted = adopt && canAdopt && theirs ? theirs : null;
      if (adopted) {
        for (const s of adopted.spans) await apply.mutateAsync({ document: d.document.guid, start: s.start, end: s.end, code: { guid: code.guid } });
      }
      const body = decisionText(text, d, adopted?.name ?? null);
      await create.mutateAsync({
        kind: 'journal',
        title: decisionTitle(code.name, d.document.name),
        content: lexicalFromText(body),
        text: body,
        phase,
        links: [code.guid, d.document.guid],
      });
      showToast('notice', adopted ? `Decision recorded in the journal; ${adopted.name}'s coding is now also yours.` : 'Decision recorded in the journal.');
      onDone();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="decision-form" data-testid="decision-form">
      <label className="decision-label">
        What did you decide, and why?
        <textarea
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="e.g. Both readings hold: the passage is about stigma and about hierarchy; we keep both codes."
          autoFocus
          data-testid="decision-text"
        />
      </label>
      {canAdopt && theirs ? (
        <label className="decision-adopt">
          <input type="checkbox" checked={adopt} onChange={(e) => setAdopt(e.target.checked)} data-testid="decision-adopt" />
          Also code it as mine, as {theirs.name} did ({theirs.spans.length === 1 ? 'one span' : `${theirs.spans.length} spans`})
        </label>
      ) : null}
      <div className="decision-actions">
        <span className="muted">Saved as a journal entry, linked to the code and the document.</span>
        <button type="button" className="button button--small" onClick={onDone} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="button button--small button--primary" onClick={() => void save()} disabled={busy} data-testid="decision-save">
          {busy ? 'Recording…' : 'Record decision'}
        </button>
      </div>
    </div>
  );
}

function DisagreementCard({
  d,
  target,
  consensus,
  decision,
  me,
  phase,
  onOpenPassage,
}: {
  d: Disagreement;
  target: DrillTarget;
  consensus: boolean;
  decision: Memo | undefined;
  me: string | null;
  phase: number;
  onOpenPassage: (p: Passage) => void;
}) {
  const [deciding, setDeciding] = useState(false);
  return (
    <article className={`disagreement${decision ? ' disagreement--decided' : ''}`} data-testid="disagreement">
      <header className="disagreement-header">
        <span className="disagreement-where">
          <strong>{d.document.name}</strong>
          {d.speakers.length > 0 ? <span className="muted"> · {d.speakers.join(', ')}</span> : null}
        </span>
        {decision ? (
          <span className="tag tag--decided" data-testid="decision-badge">
            Decided
          </span>
        ) : null}
        <OpenButton passage={{ documentGuid: d.document.guid, start: d.start, end: d.end }} onOpen={onOpenPassage} />
      </header>
      <div className="disagreement-sides" style={{ gridTemplateColumns: `repeat(${d.sides.length}, minmax(0, 1fr))` }}>
        {d.sides.map((s) => (
          <div key={s.coder} className={`disagreement-side${s.spans.length === 0 ? ' disagreement-side--empty' : ''}`} data-testid="disagreement-side">
            <div className="disagreement-coder">
              {s.name}
              {s.coder === me ? <span className="muted"> (me)</span> : null}
            </div>
            {s.spans.length === 0 ? (
              <p className="disagreement-none">Did not code this passage with “{target.code.name}”.</p>
            ) : (
              s.spans.map((span) => (
                <blockquote key={`${span.start}-${span.end}`} className="disagreement-span">
                  <span className="disagreement-text">{clip(span.text)}</span>
                  <button
                    type="button"
                    className="link-button disagreement-span-open"
                    onClick={() => onOpenPassage({ documentGuid: d.document.guid, start: span.start, end: span.end })}
                    title="Open this span in the transcript"
                  >
                    {span.end - span.start} characters
                  </button>
                </blockquote>
              ))
            )}
          </div>
        ))}
      </div>
      {consensus ? (
        decision ? (
          <div className="decision" data-testid="decision">
            <span className="decision-heading">Decision, {new Date(decision.createdAt).toLocaleDateString()} · {decision.author}</span>
            <p>{decisionSummary(decision)}</p>
          </div>
        ) : deciding ? (
          <DecisionForm d={d} code={target.code} me={me} phase={phase} onDone={() => setDeciding(false)} />
        ) : (
          <div className="disagreement-footer">
            <button type="button" className="button button--small" onClick={() => setDeciding(true)} data-testid="decision-record">
              Record a decision…
            </button>
          </div>
        )
      ) : null}
    </article>
  );
}

export function DisagreementList({
  comparison,
  target,
  consensus,
  me,
  onOpenPassage,
}: {
  comparison: Comparison;
  target: DrillTarget;
  consensus: boolean;
  me: string | null;
  onOpenPassage: (p: Passage) => void;
}) {
  const list = useOp('team.disagreements', {
    coders: comparison.coders,
    unit: comparison.unit,
    threshold: comparison.threshold,
    code: target.code.guid,
    ...(target.document ? { document: target.document.guid } : {}),
  });
  const info = useOp('project.info', {});
  const journal = useOp('memos.list', { kind: 'journal', link: target.code.guid }, { enabled: consensus });
  const entries = journal.data ?? [];
  const decided = entries.filter((m) => m.title.startsWith('Consensus on '));

  if (list.error) return <p className="banner banner--error">{list.error.message}</p>;
  if (!list.data) return <p className="muted team-loading">Finding the passages…</p>;
  const passages = list.data;
  // Decisions whose passage no longer differs (a coding adopted, or changed since) are listed apart.
  const shown = new Set<string>();
  const cards = passages.map((d) => {
    const decision = consensus ? decisionFor(entries, target.code.guid, d) : undefined;
    if (decision) shown.add(decision.guid);
    return (
      <DisagreementCard
        key={`${d.document.guid}:${d.start}:${d.end}`}
        d={d}
        target={target}
        consensus={consensus}
        decision={decision}
        me={me}
        phase={info.data?.phase ?? 1}
        onOpenPassage={onOpenPassage}
      />
    );
  });
  const settled = decided.filter((m) => !shown.has(m.guid) && (!target.document || m.links.includes(target.document.guid)));
  return (
    <div className="disagreement-list" data-testid="disagreement-list">
      <p className="muted disagreement-count">
        {passages.length === 0
          ? 'The coders do not differ on this code here.'
          : `${passages.length} ${passages.length === 1 ? 'passage' : 'passages'} where the coders differ, in document order.`}
      </p>
      {consensus && settled.length > 0 ? (
        <section className="decisions-settled" aria-label="Decisions recorded">
          <h4>Settled: decisions recorded on passages where you now agree</h4>
          {settled.map((m) => (
            <div key={m.guid} className="decision" data-testid="decision">
              <span className="decision-heading">
                {m.title.replace(/^Consensus on “[^”]*” in /, '')}, {new Date(m.createdAt).toLocaleDateString()} · {m.author}
              </span>
              <p>{decisionSummary(m)}</p>
            </div>
          ))}
        </section>
      ) : null}
      {cards}
    </div>
  );
}
