/**
 * Working with co-coders: who coded the project (and whose codings the workspace shows), merging a
 * co-coder's copy, talking through the passages coded differently (consensus, the default in
 * reflexive thematic analysis), agreement statistics for teams that need them, and a reliability
 * calculator for any coding table. The tab is remembered per project on this machine.
 */
import { useState } from 'react';
import { DEFAULT_SEGMENT_THRESHOLD } from '../../../shared/agreement-report';
import { useOp } from '../api';
import { phaseLabel } from '../journal/phases';
import type { Passage } from '../passage';
import { AgreementPanel } from './AgreementPanel';
import { defaultTab, type TeamTab } from './agreement-view';
import { useCoderLayer, type CoderLayer } from './coder-layer';
import { BlindBadge, CoderSwatch, CodersControl } from './CodersControl';
import { ConsensusPanel } from './ConsensusPanel';
import type { Comparison } from './Disagreements';
import { pickProjectToMerge } from './merge-request';
import { ReliabilityCalculator } from './ReliabilityCalculator';
import './team.css';

const TABS: readonly { tab: TeamTab; label: string }[] = [
  { tab: 'coders', label: 'Coders' },
  { tab: 'consensus', label: 'Consensus' },
  { tab: 'agreement', label: 'Agreement' },
  { tab: 'reliability', label: 'Reliability calculator' },
];

const tabKey = (project: string) => `chorus.teamTab.${project}`;

function storedTab(project: string): TeamTab | null {
  try {
    const v = localStorage.getItem(tabKey(project));
    return TABS.some((t) => t.tab === v) ? (v as TeamTab) : null;
  } catch {
    return null;
  }
}

function CodersPanel({ layer }: { layer: CoderLayer }) {
  const list = useOp('team.coders', {});
  return (
    <div className="team-coders" data-testid="team-coders">
      <section className="team-card">
        <h3>Coders of this project</h3>
        <table className="team-table team-table--coders" data-testid="coders-table">
          <thead>
            <tr>
              <th scope="col">Coder</th>
              <th scope="col" className="num">
                Codings
              </th>
            </tr>
          </thead>
          <tbody>
            {(list.data ?? []).map((c) => {
              const mark = layer.byGuid.get(c.guid);
              return (
                <tr key={c.guid} data-testid="coder-row">
                  <th scope="row">
                    {mark ? <CoderSwatch coder={mark} /> : null} {c.name} {c.me ? <span className="tag">me</span> : null}
                  </th>
                  <td className="num" data-testid="coder-codings">
                    {c.codings.toLocaleString()}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="muted">
          Every coding remembers who made it. A co-coder works in their own copy of the project (or in another tool), and you bring
          their work in with a merge: their codings stay theirs.
        </p>
        <button type="button" className="button button--primary" onClick={pickProjectToMerge} data-testid="team-merge">
          Merge a co-coder’s project…
        </button>
      </section>
      <section className="team-card">
        <h3>In the transcripts</h3>
        {layer.multiple || layer.blind ? (
          <>
            <div className="team-layer-controls">
              <CodersControl layer={layer} />
              <BlindBadge layer={layer} />
            </div>
            <p className="muted">
              Show your codings, one co-coder’s, or everyone’s, each coder’s stripes grouped in the margin (<kbd>L</kbd> switches in the
              transcript). <strong>Blind coding</strong> hides every other coder’s codings and counts while you code, so your reading stays
              your own until you compare (<kbd>Shift</kbd>+<kbd>B</kbd>).
            </p>
          </>
        ) : (
          <p className="muted">With a second coder, choose here whose codings the transcripts show, and code blind while your co-coder’s work is in.</p>
        )}
      </section>
    </div>
  );
}

export function TeamView({ onOpenPassage }: { onOpenPassage: (passage: Passage) => void }) {
  const info = useOp('project.info', {});
  const layer = useCoderLayer();
  const project = info.data?.guid ?? '';
  const [chosenTab, setChosenTab] = useState<TeamTab | null>(null);
  // The tab it opened on is decided once, when the coders are known: a merge made from the Coders
  // tab must not move the researcher to another tab under their hands.
  const [opened, setOpened] = useState<{ tab: TeamTab; byDefault: boolean } | null>(null);
  if (opened === null && project && layer.ready) {
    const remembered = storedTab(project);
    setOpened({ tab: remembered ?? defaultTab(layer.coders.length), byDefault: remembered === null });
  }
  const tab = chosenTab ?? opened?.tab ?? 'coders';
  const openedByDefault = chosenTab === null && opened?.byDefault === true;

  const [comparison, setComparison] = useState<Comparison | null>(null);
  const others = layer.coders.filter((c) => !c.mine);
  const compared: Comparison = comparison ?? {
    coders: layer.coders.filter((c) => c.mine || c === others[0]).map((c) => c.guid),
    unit: 'character',
    threshold: DEFAULT_SEGMENT_THRESHOLD,
  };

  const choose = (next: TeamTab) => {
    setChosenTab(next);
    try {
      if (project) localStorage.setItem(tabKey(project), next);
    } catch {
      // Storage denied: the choice holds until the view closes.
    }
  };

  return (
    <div className="team" data-testid="team-view">
      <header className="cases-header team-header">
        <div className="team-title">
          <div>
            <h1>Team</h1>
            <p className="muted">Co-coders’ work side by side: merge it, talk it through, and measure agreement where your approach asks for it.</p>
          </div>
          {tab !== 'coders' ? (
            <button type="button" className="button" onClick={pickProjectToMerge} disabled={!info.data} data-testid="team-merge-header">
              Merge a co-coder’s project…
            </button>
          ) : null}
        </div>
        <div className="tabs" role="tablist" aria-label="Team">
          {TABS.map((t) => (
            <button
              key={t.tab}
              type="button"
              role="tab"
              aria-selected={tab === t.tab}
              className={`tab${tab === t.tab ? ' tab--active' : ''}`}
              onClick={() => choose(t.tab)}
              data-testid={`team-tab-${t.tab}`}
            >
              {t.label}
              {t.tab === 'coders' && layer.coders.length ? <span className="tab-count">{layer.coders.length}</span> : null}
            </button>
          ))}
        </div>
      </header>
      {tab === 'consensus' && openedByDefault && info.data ? (
        <p className="team-default-note" data-testid="team-default-note">
          Opened on Consensus because this project follows reflexive thematic analysis (now in phase {phaseLabel(info.data.phase)}), where a
          co-coder is there to deepen the reading rather than to agree. Agreement statistics are one tab over.
        </p>
      ) : null}
      <div className="team-body">
        {tab === 'coders' ? (
          <CodersPanel layer={layer} />
        ) : tab === 'reliability' ? (
          <ReliabilityCalculator />
        ) : layer.coders.length < 2 ? (
          <div className="team-single">
            <p className="empty">
              Only one coder has coded this project so far. Merge a co-coder’s copy to compare your coding.
            </p>
            <button type="button" className="button button--primary" onClick={pickProjectToMerge}>
              Merge a co-coder’s project…
            </button>
          </div>
        ) : tab === 'consensus' ? (
          <ConsensusPanel coders={layer.coders} comparison={compared} onComparison={setComparison} onOpenPassage={onOpenPassage} me={layer.me} />
        ) : (
          <AgreementPanel coders={layer.coders} comparison={compared} onComparison={setComparison} onOpenPassage={onOpenPassage} me={layer.me} />
        )}
      </div>
    </div>
  );
}
