/**
 * Consensus: co-coding for reflexive thematic analysis, where agreement is not the aim. The codes
 * the coders applied differently, without statistics; for each, the passages side by side to talk
 * through, and the team's decision written into the reflexive journal (with the phase it was made
 * in), optionally adopting the other coder's coding as mine.
 */
import { useState } from 'react';
import { useOp } from '../api';
import { ComparisonControls } from './ComparisonControls';
import { DisagreementList, type ComparisonPanelProps, type DrillTarget } from './Disagreements';

export function ConsensusWhy() {
  return (
    <div className="consensus-why" data-testid="consensus-why">
      <p>
        <strong>Why no agreement figures here.</strong> In reflexive thematic analysis coding is interpretative: a code is a reading the
        researcher brings to the data, not a fact in it. Reliability statistics assume a single correct coding that coders approximate,
        which the approach rejects (Braun &amp; Clarke). A second coder is there for reflexivity: to question a reading, notice what one
        of you passed over, and reach a richer interpretation together.
      </p>
      <p className="muted">
        Below are the passages where you coded differently, to discuss. Record what you decided in the reflexive journal; it keeps
        the reasoning with the analysis. The Agreement tab has the statistics for teams that need them.
      </p>
    </div>
  );
}

export function ConsensusPanel({ coders, comparison, onComparison, onOpenPassage, me }: ComparisonPanelProps) {
  const ready = comparison.coders.length >= 2;
  // Only to learn which codes differ, and where: no statistic is asked for or shown.
  const report = useOp(
    'team.agreement',
    { coders: comparison.coders, unit: comparison.unit, threshold: comparison.threshold, statistics: ['percent'] },
    { enabled: ready },
  );
  const [selected, setSelected] = useState<DrillTarget['code'] | null>(null);
  const codes = (report.data?.perCode ?? []).filter((r) => r.counts.disagreed > 0);
  const groupsPerCode = new Map<string, number>();
  for (const r of report.data?.perCodeDocument ?? []) if (r.counts.disagreed > 0) groupsPerCode.set(r.code.guid, (groupsPerCode.get(r.code.guid) ?? 0) + 1);
  const severalDocuments = (report.data?.perDocument.length ?? 0) > 1;
  const current = selected && codes.some((c) => c.code.guid === selected.guid) ? selected : null;

  return (
    <div className="team-report team-report--consensus">
      <aside className="team-settings" aria-label="Whose coding to discuss">
        <ComparisonControls coders={coders} value={comparison} onChange={onComparison} explain={false} />
      </aside>
      <section className="consensus-codes" aria-label="Codes applied differently" data-testid="consensus-codes">
        <h3 className="team-column-title">Codes applied differently</h3>
        {!ready ? (
          <p className="empty">Choose at least two coders.</p>
        ) : report.error ? (
          <p className="banner banner--error">{report.error.message}</p>
        ) : !report.data ? (
          <p className="muted team-loading">Reading the codings…</p>
        ) : codes.length === 0 ? (
          <p className="empty">You coded alike everywhere you both coded.</p>
        ) : (
          <ul className="consensus-code-list">
            {codes.map((r) => (
              <li key={r.code.guid}>
                <button
                  type="button"
                  className={`consensus-code${current?.guid === r.code.guid ? ' consensus-code--on' : ''}`}
                  onClick={() => setSelected({ guid: r.code.guid, name: r.code.name })}
                  data-testid="consensus-code"
                >
                  <span className="consensus-code-name">{r.code.name}</span>
                  {r.code.path.length ? <span className="row-sub">in {r.code.path[r.code.path.length - 1]}</span> : null}
                  {severalDocuments ? (
                    <span className="consensus-code-where muted">
                      {(() => {
                        const n = groupsPerCode.get(r.code.guid) ?? 0;
                        return `differs in ${n} ${n === 1 ? 'document' : 'documents'}`;
                      })()}
                    </span>
                  ) : null}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="consensus-passages" aria-label="Passages to discuss" data-testid="consensus-passages">
        {current ? (
          <>
            <h3 className="team-column-title">
              “{current.name}” <span className="muted">— passages to discuss</span>
            </h3>
            <DisagreementList comparison={comparison} target={{ code: current }} consensus me={me} onOpenPassage={onOpenPassage} />
          </>
        ) : (
          <ConsensusWhy />
        )}
      </section>
    </div>
  );
}
