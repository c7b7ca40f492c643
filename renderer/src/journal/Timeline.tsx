/**
 * The project timeline: every step of the analysis from the command log, newest first, with who
 * and when. Undone steps stay on the record (struck through), as the audit trail keeps them.
 */
import type { HistoryEntry } from '../../../shared/types';
import { useOp } from '../api';

const STATE_LABEL: Record<HistoryEntry['state'], string | null> = { done: null, undone: 'undone', discarded: 'undone, replaced' };

function when(at: string): string {
  const d = new Date(at);
  return `${d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })} ${d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`;
}

export function Timeline() {
  const history = useOp('history.list', { limit: 300 });
  return (
    <aside className="timeline" aria-label="Project timeline" data-testid="timeline">
      <h2>Timeline</h2>
      <p className="muted">Every step of the analysis, newest first.</p>
      <ol className="timeline-list">
        {(history.data ?? []).map((e) => (
          <li key={e.seq} className={`timeline-entry timeline-entry--${e.state}`} data-testid="timeline-entry">
            <span className="timeline-summary">{e.summary}</span>
            <span className="timeline-meta">
              {when(e.at)} · {e.user}
              {STATE_LABEL[e.state] ? <span className="timeline-state"> · {STATE_LABEL[e.state]}</span> : null}
            </span>
          </li>
        ))}
      </ol>
    </aside>
  );
}
