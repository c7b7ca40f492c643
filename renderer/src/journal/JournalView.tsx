/**
 * The reflexive journal: dated entries, newest first, each written in one of the six phases and
 * linked to the codes, themes and documents it is about. Filters combine (phase and link), and the
 * project's current phase, which new entries take, is set here.
 */
import { useState } from 'react';
import type { Memo } from '../../../shared/types';
import { useCommand, useOp } from '../api';
import { JournalEntryEditor } from './JournalEntryEditor';
import { LinkChips, LinkSelect, linkOptions, type LinkOption } from './JournalLinks';
import { PHASES, phaseLabel } from './phases';
import { Timeline } from './Timeline';
import './journal.css';

function CurrentPhase({ phase }: { phase: number }) {
  const setPhase = useCommand('project.setPhase');
  return (
    <label className="journal-inline-field journal-current-phase">
      Current phase
      <select value={phase} disabled={setPhase.isPending} onChange={(e) => setPhase.mutate({ phase: Number(e.target.value) })} data-testid="project-phase">
        {PHASES.map((p) => (
          <option key={p.phase} value={p.phase}>
            {p.phase} {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function JournalEntry({ entry, options, onEdit }: { entry: Memo; options: LinkOption[]; onEdit: () => void }) {
  const written = new Date(entry.createdAt);
  return (
    <article className="journal-entry" data-testid="journal-entry">
      <header className="journal-entry-header">
        <time dateTime={entry.createdAt}>
          {written.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' })}{' '}
          <span className="muted">{written.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}</span>
        </time>
        {entry.phase ? (
          <span className="phase-tag" data-testid="journal-entry-phase-tag">
            {phaseLabel(entry.phase)}
          </span>
        ) : null}
        <span className="muted">{entry.author}</span>
        <button type="button" className="button button--small button--quiet journal-edit" onClick={onEdit} data-testid="journal-edit">
          Edit
        </button>
      </header>
      {entry.title ? <h3 className="journal-entry-title">{entry.title}</h3> : null}
      <div className="journal-entry-text">{entry.text}</div>
      <LinkChips links={entry.links} options={options} />
    </article>
  );
}

export function JournalView() {
  const info = useOp('project.info', {});
  const codes = useOp('codes.list', {});
  const documents = useOp('documents.list', {});
  const [phaseFilter, setPhaseFilter] = useState<number | null>(null);
  const [linkFilter, setLinkFilter] = useState('');
  const entries = useOp('memos.list', {
    kind: 'journal',
    ...(phaseFilter ? { phase: phaseFilter } : {}),
    ...(linkFilter ? { link: linkFilter } : {}),
  });
  // null: no editor; 'new': a new entry; else the guid of the entry being edited.
  const [editing, setEditing] = useState<string | null>(null);
  const options = linkOptions(codes.data ?? [], documents.data ?? []);
  const currentPhase = info.data?.phase ?? 1;
  const sorted = [...(entries.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return (
    <div className="journal" data-testid="view-journal-body">
      <header className="journal-header">
        <div>
          <h1>Reflexive journal</h1>
          <p className="muted">Your thinking as the analysis goes: decisions, doubts, and what you bring to the data.</p>
        </div>
        {info.data ? <CurrentPhase phase={info.data.phase} /> : null}
      </header>
      <div className="journal-toolbar">
        <button type="button" className="button button--primary" disabled={editing !== null} onClick={() => setEditing('new')} data-testid="journal-new">
          New entry
        </button>
        <label className="journal-inline-field">
          Phase
          <select value={phaseFilter ?? ''} onChange={(e) => setPhaseFilter(e.target.value ? Number(e.target.value) : null)} data-testid="journal-filter-phase">
            <option value="">All phases</option>
            {PHASES.map((p) => (
              <option key={p.phase} value={p.phase}>
                {p.phase} {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="journal-inline-field">
          About
          <LinkSelect options={options} value={linkFilter} placeholder="Anything" onChange={setLinkFilter} testId="journal-filter-link" />
        </label>
        <span className="muted">{entries.data ? `${sorted.length} ${sorted.length === 1 ? 'entry' : 'entries'}` : ''}</span>
      </div>
      <div className="journal-scroll">
        <div className="journal-column">
          {editing === 'new' ? <JournalEntryEditor entry={null} currentPhase={currentPhase} options={options} onClose={() => setEditing(null)} /> : null}
          {sorted.map((entry) =>
            editing === entry.guid ? (
              <JournalEntryEditor key={entry.guid} entry={entry} currentPhase={currentPhase} options={options} onClose={() => setEditing(null)} />
            ) : (
              <JournalEntry key={entry.guid} entry={entry} options={options} onEdit={() => setEditing(entry.guid)} />
            ),
          )}
          {entries.data && sorted.length === 0 && editing === null ? (
            <p className="empty">{phaseFilter || linkFilter ? 'No entries match these filters.' : 'No journal entries yet.'}</p>
          ) : null}
        </div>
        <Timeline />
      </div>
    </div>
  );
}
