/**
 * The speakers of an open document, in its header: label, role, participant and turns, with an
 * editor per speaker to rename it, change its role, link it to a participant, or merge it into
 * another speaker of the same document.
 */
import { useState, type FormEvent } from 'react';
import type { DocumentDetail, Participant, Speaker, SpeakerRole } from '../../../shared/types';
import { useCommand, useOp } from '../api';
import { plural } from '../import/files';
import { normalizeLabel } from '../import/speaker-decisions';
import { ROLE_LABEL, speakerColor } from '../transcript/format';
import { ParticipantOptions } from './ParticipantOptions';

const ROLES: SpeakerRole[] = ['moderator', 'participant', 'observer'];

export function SpeakersPanel({ detail }: { detail: DocumentDetail }) {
  const [editing, setEditing] = useState<string | null>(null);
  const participants = useOp('participants.list', {});
  const counts = new Map<string, number>();
  for (const t of detail.turns) if (t.speakerGuid) counts.set(t.speakerGuid, (counts.get(t.speakerGuid) ?? 0) + 1);
  if (detail.speakers.length === 0) {
    return <p className="speakers-empty muted">No speakers: this document was imported without speaker labels.</p>;
  }
  return (
    <ul className="speakers" aria-label="Speakers" data-testid="speakers">
      {detail.speakers.map((s) =>
        editing === s.guid ? (
          <li key={s.guid} className="speaker speaker--editing">
            <SpeakerEditor
              speaker={s}
              others={detail.speakers.filter((o) => o.guid !== s.guid)}
              participants={participants.data ?? []}
              onDone={() => setEditing(null)}
            />
          </li>
        ) : (
          <li key={s.guid} className="speaker" style={{ ['--speaker-color' as string]: speakerColor(s.label) }} data-testid="speaker" data-speaker={s.label}>
            <span className="speaker-dot" aria-hidden="true" />
            <span className="speaker-name">{s.label}</span>
            <span className={`role-badge role-badge--${s.role}`}>{ROLE_LABEL[s.role]}</span>
            <span className="speaker-participant" title={s.participant ? `Participant ${s.participant.label}` : 'Not linked to a participant'}>
              {s.participant ? (
                <>
                  <svg viewBox="0 0 16 16" aria-hidden="true" className="person-icon">
                    <circle cx="8" cy="5.5" r="2.6" />
                    <path d="M3 13.5c.6-2.6 2.6-4 5-4s4.4 1.4 5 4" />
                  </svg>
                  {s.participant.label}
                </>
              ) : (
                <span className="muted">no participant</span>
              )}
            </span>
            <span className="speaker-turns muted">{plural(counts.get(s.guid) ?? 0, 'turn')}</span>
            <button
              type="button"
              className="button button--small button--quiet speaker-edit"
              onClick={() => setEditing(s.guid)}
              aria-label={`Edit speaker ${s.label}`}
              data-testid="speaker-edit"
            >
              Edit
            </button>
          </li>
        ),
      )}
    </ul>
  );
}

function SpeakerEditor({
  speaker,
  others,
  participants,
  onDone,
}: {
  speaker: Speaker;
  others: Speaker[];
  participants: Participant[];
  onDone: () => void;
}) {
  const [label, setLabel] = useState(speaker.label);
  const [role, setRole] = useState<SpeakerRole>(speaker.role);
  const [participant, setParticipant] = useState<string>(speaker.participant?.guid ?? 'none');
  const [into, setInto] = useState<string>('');
  const update = useCommand('speakers.update');
  const merge = useCommand('speakers.merge');
  const busy = update.isPending || merge.isPending;

  const typed = normalizeLabel(label);
  // Typing the label of another speaker of this document means the two are one person.
  const sameLabel = others.find((o) => o.label.toLocaleLowerCase() === typed.toLocaleLowerCase());
  const target = into ? others.find((o) => o.guid === into) : sameLabel;
  const existing = participants.find((p) => p.label.toLocaleLowerCase() === typed.toLocaleLowerCase());
  const problem = typed === '' ? 'A speaker needs a name.' : null;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || problem) return;
    try {
      if (target) {
        await merge.mutateAsync({ from: speaker.guid, into: target.guid });
        onDone();
        return;
      }
      // 'new' registers the speaker as a participant in the same step (or maps to one of that name).
      const participantGuid: string | null = participant === 'none' ? null : participant === 'new' ? (existing?.guid ?? 'new') : participant;
      const changes = {
        ...(typed !== speaker.label ? { label: typed } : {}),
        ...(role !== speaker.role ? { role } : {}),
        ...(participantGuid !== (speaker.participant?.guid ?? null) ? { participant: participantGuid } : {}),
      };
      if (Object.keys(changes).length > 0) await update.mutateAsync({ speaker: speaker.guid, ...changes });
      onDone();
    } catch {
      // The toast says why; the editor stays open with what was typed.
    }
  };

  const labelId = `speaker-label-${speaker.guid}`;
  return (
    <form
      className="speaker-editor"
      onSubmit={save}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onDone();
        }
      }}
      aria-label={`Edit speaker ${speaker.label}`}
      data-testid="speaker-editor"
    >
      <div className="field">
        <label htmlFor={labelId}>Name</label>
        <input id={labelId} type="text" value={label} onChange={(e) => setLabel(e.target.value)} autoFocus spellCheck={false} aria-invalid={problem ? true : undefined} data-testid="speaker-label" />
      </div>
      <div className="field">
        <label htmlFor={`${labelId}-role`}>Role</label>
        <select id={`${labelId}-role`} value={role} onChange={(e) => setRole(e.target.value as SpeakerRole)} disabled={!!target} data-testid="speaker-role">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${labelId}-participant`}>Participant</label>
        <select id={`${labelId}-participant`} value={participant} onChange={(e) => setParticipant(e.target.value)} disabled={!!target} data-testid="speaker-participant">
          <ParticipantOptions participants={participants} newLabel={existing ? null : typed || speaker.label} />
        </select>
      </div>
      {others.length ? (
        <div className="field">
          <label htmlFor={`${labelId}-merge`}>Merge into</label>
          <select id={`${labelId}-merge`} value={into} onChange={(e) => setInto(e.target.value)} data-testid="speaker-merge">
            <option value="">Keep separate</option>
            {others.map((o) => (
              <option key={o.guid} value={o.guid}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="speaker-editor-actions">
        <button type="submit" className="button button--small button--primary" disabled={busy || !!problem} data-testid="speaker-save">
          {target ? `Merge into ${target.label}` : 'Save'}
        </button>
        <button type="button" className="button button--small" onClick={onDone}>
          Cancel
        </button>
      </div>
      {target ? (
        <p className="speaker-editor-note" data-testid="speaker-merge-note">
          {speaker.label}’s turns will be given to {target.label}, and “{speaker.label}” will no longer be a speaker of this document.
        </p>
      ) : problem ? (
        <p className="speaker-editor-note speaker-editor-note--error">{problem}</p>
      ) : null}
    </form>
  );
}
