import type { Participant } from '../../../shared/types';

/**
 * The choices for "who is this speaker": none, a new participant of this label (unless one of
 * that label exists), or an existing participant. Values: 'none', 'new', or a participant guid.
 */
export function ParticipantOptions({ participants, newLabel }: { participants: Participant[]; newLabel: string | null }) {
  return (
    <>
      <option value="none">None</option>
      {newLabel === null ? null : <option value="new">New participant “{newLabel}”</option>}
      {participants.length > 0 ? (
        <optgroup label="Existing participants">
          {participants.map((p) => (
            <option key={p.guid} value={p.guid}>
              {p.label}
            </option>
          ))}
        </optgroup>
      ) : null}
    </>
  );
}
