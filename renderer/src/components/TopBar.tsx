import type { ProjectInfo } from '../../../shared/types';
import { transport } from '../api';
import { useHistoryActions } from './history';
import { ProjectMenu } from './ProjectMenu';
import { ExchangeMenu } from '../exchange/ExchangeMenu';
import { AccountMenu } from '../server/AccountMenu';
import { useTeamSession } from '../server/team-session';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl+';

export type View = 'transcripts' | 'cases' | 'codebook' | 'themes' | 'explore' | 'team' | 'journal' | 'privacy';

const VIEWS: { view: View; label: string; title?: string }[] = [
  { view: 'transcripts', label: 'Transcripts' },
  { view: 'cases', label: 'Cases', title: 'Cases (participants) and attributes' },
  { view: 'codebook', label: 'Codebook' },
  { view: 'themes', label: 'Themes' },
  { view: 'explore', label: 'Explore' },
  { view: 'team', label: 'Team' },
  { view: 'journal', label: 'Journal' },
  { view: 'privacy', label: 'Privacy' },
];

export function TopBar({
  info,
  view,
  onView,
  onProjectChanged,
}: {
  info: ProjectInfo | null;
  /** The main view; null hides the switch (no project open). */
  view: View | null;
  onView: (view: View) => void;
  onProjectChanged: () => void;
}) {
  const { state, undo, redo } = useHistoryActions();
  const team = useTeamSession();
  const undoTip = state?.canUndo ? `Undo: ${state.undoSummary ?? 'last change'} (${MOD}Z)` : 'Nothing to undo';
  const redoTip = state?.canRedo ? `Redo: ${state.redoSummary ?? 'last undone change'} (${isMac ? '⇧⌘Z' : 'Ctrl+Shift+Z'})` : 'Nothing to redo';
  return (
    <header className="topbar">
      <div className="brand" aria-hidden="true">
        <span className="brand-mark" />
        Chorus
      </div>
      {view ? (
        <nav className="views" aria-label="Views">
          {VIEWS.map((v) => (
            <button
              key={v.view}
              type="button"
              className={view === v.view ? 'view-tab view-tab--active' : 'view-tab'}
              aria-current={view === v.view ? 'page' : undefined}
              onClick={() => onView(v.view)}
              title={v.title}
              data-testid={`view-${v.view}`}
            >
              {v.label}
            </button>
          ))}
        </nav>
      ) : null}
      <div className="project-title" data-testid="project-title" title={info?.path}>
        {info ? (
          <>
            <span className="project-name">{info.title || 'Untitled project'}</span>
            <span className="project-counts">
              {info.counts.documents} documents · {info.counts.codes} codes · {info.counts.codings} codings
            </span>
          </>
        ) : null}
      </div>
      <div className="topbar-actions">
        <button type="button" className="tool-button" data-testid="undo" onClick={undo} disabled={!state?.canUndo} title={undoTip} aria-label={undoTip}>
          <svg viewBox="0 0 20 20" aria-hidden="true">
            <path d="M7.5 5 3.5 9l4 4M4 9h8.5a4 4 0 0 1 0 8H10" />
          </svg>
          <span className="tool-label">Undo</span>
        </button>
        <button type="button" className="tool-button" data-testid="redo" onClick={redo} disabled={!state?.canRedo} title={redoTip} aria-label={redoTip}>
          <svg viewBox="0 0 20 20" aria-hidden="true">
            <path d="m12.5 5 4 4-4 4M16 9H7.5a4 4 0 0 0 0 8H10" />
          </svg>
          <span className="tool-label">Redo</span>
        </button>
        <ExchangeMenu info={info} onProjectChanged={onProjectChanged} />
        {team ? <AccountMenu session={team} /> : transport() === 'http' ? <ProjectMenu onDone={onProjectChanged} /> : null}
      </div>
    </header>
  );
}
