import type { OpParsed } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Participant, Speaker, SpeakerRole } from '../../../shared/types.js';
import type { CommandScope } from '../history/command-log.js';
import type { Project } from '../project.js';
import { speakersOf } from '../store/documents.js';
import * as store from '../store/participants.js';

export function listParticipants(project: Project): Participant[] {
  return store.listParticipants(project.db).map((p) => ({
    ...p,
    roles: (p.roles ? p.roles.split(',') : []) as SpeakerRole[],
  }));
}

function participant(project: Project, guid: string): Participant {
  return listParticipants(project).find((p) => p.guid === guid)!;
}

export function requireParticipant(project: Project, guid: string): store.ParticipantRow {
  const row = store.participantByGuid(project.db, guid);
  if (!row) throw new ChorusError(ErrorCode.NOT_FOUND, 'That participant is not in this project.');
  return row;
}

function assertLabelFree(project: Project, label: string, self?: number): void {
  const clash = store.participantIdByLabel(project.db, label);
  if (clash !== undefined && clash !== self) {
    throw new ChorusError(ErrorCode.CONFLICT, `There is already a participant called "${label}".`);
  }
}

/** Registers a participant; returns its row id. Labels are pseudonyms, unique without case. */
export function addParticipant(project: Project, label: string): { id: number; guid: string } {
  assertLabelFree(project, label);
  const guid = project.env.newGuid();
  return { id: store.insertParticipant(project.db, { guid, label }, project.stamp()), guid };
}

export function createParticipantCommand(
  project: Project,
  input: OpParsed<'participants.create'>,
  log: CommandScope,
): Participant {
  const { guid } = addParticipant(project, input.label);
  log.summary(`Added participant "${input.label}"`);
  return participant(project, guid);
}

export function updateParticipantCommand(
  project: Project,
  input: OpParsed<'participants.update'>,
  log: CommandScope,
): Participant {
  const row = requireParticipant(project, input.participant);
  assertLabelFree(project, input.label, row.id);
  store.renameParticipant(project.db, row.id, input.label);
  log.summary(`Renamed participant "${row.label}" to "${input.label}"`);
  return participant(project, row.guid);
}

export function deleteParticipantCommand(
  project: Project,
  input: OpParsed<'participants.delete'>,
  log: CommandScope,
): { removed: string } {
  const row = requireParticipant(project, input.participant);
  store.deleteParticipant(project.db, row.id);
  log.summary(`Removed participant "${row.label}"`);
  return { removed: row.guid };
}

function requireSpeaker(project: Project, guid: string): store.SpeakerRow {
  const row = store.speakerByGuid(project.db, guid);
  if (!row) throw new ChorusError(ErrorCode.NOT_FOUND, 'That speaker is not in this project.');
  return row;
}

function speaker(project: Project, row: store.SpeakerRow): Speaker {
  return speakersOf(project.db, row.document_id).find((s) => s.guid === row.guid)!;
}

export function updateSpeakerCommand(
  project: Project,
  input: OpParsed<'speakers.update'>,
  log: CommandScope,
): Speaker {
  const row = requireSpeaker(project, input.speaker);
  const changes: string[] = [];
  if (input.label !== undefined && input.label !== row.label) {
    const clash = store.speakerInDocumentByLabel(project.db, row.document_id, input.label);
    if (clash) {
      throw new ChorusError(
        ErrorCode.CONFLICT,
        `This document already has a speaker called "${input.label}"; merge the two speakers instead.`,
      );
    }
    store.setSpeakerLabel(project.db, row.id, input.label);
    changes.push(`renamed to "${input.label}"`);
  }
  if (input.role !== undefined && input.role !== row.role) {
    store.setSpeakerRole(project.db, row.id, input.role);
    changes.push(`marked as ${input.role}`);
  }
  if (input.participant !== undefined) {
    const label = input.label ?? row.label;
    const participantId =
      input.participant === null
        ? null
        : input.participant === 'new'
          ? (store.participantIdByLabel(project.db, label) ?? addParticipant(project, label).id)
          : requireParticipant(project, input.participant).id;
    if (participantId !== row.participant_id) {
      store.setSpeakerParticipant(project.db, row.id, participantId);
      changes.push(participantId === null ? 'unmapped from their participant' : 'mapped to a participant');
    }
  }
  log.summary(`Speaker "${row.label}" ${changes.join(', ') || 'unchanged'}`);
  return speaker(project, requireSpeaker(project, row.guid));
}

export function mergeSpeakersCommand(
  project: Project,
  input: OpParsed<'speakers.merge'>,
  log: CommandScope,
): Speaker {
  const from = requireSpeaker(project, input.from);
  const into = requireSpeaker(project, input.into);
  if (from.id === into.id) throw new ChorusError(ErrorCode.INVALID_INPUT, 'A speaker cannot be merged into itself.');
  if (from.document_id !== into.document_id) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, 'Only speakers of the same document can be merged.');
  }
  store.mergeSpeakerInto(project.db, from.id, into.id);
  log.summary(`Merged speaker "${from.label}" into "${into.label}"`);
  return speaker(project, into);
}
