/**
 * Which stretches of text a word count looks at (`TextScope`): turns of the project, of a
 * document, of a speaker group, or the parts of turns a code's segments cover.
 */
import type { TextScope } from '../../../shared/analysis-compare.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Project } from '../project.js';
import * as store from '../store/analysis-compare.js';
import { codeWithSubtree, people, resolveAttribute, type People } from './context.js';

/** A stretch of one speaker's turn. */
export interface Piece {
  documentId: number;
  speakerId: number;
  start: number;
  end: number;
}

export interface ScopedText {
  label: string;
  pieces: Piece[];
}

const ROLE_LABEL = { moderator: 'moderators', participant: 'participants', observer: 'observers' } as const;

export function scopeText(project: Project, scope: TextScope, who: People = people(project)): ScopedText {
  const { db } = project;
  if (scope.kind === 'code') {
    const code = codeWithSubtree(project, scope.code);
    return { label: `${code.kind} ${code.name}`, pieces: codedPieces(store.codingPieces(db, code.subtree)) };
  }
  const turns = store.speechTurns(db);
  const keep = turnFilter(project, scope, who);
  return {
    label: keep.label,
    pieces: turns
      .filter((t) => keep.test(t))
      .map((t) => ({ documentId: t.documentId, speakerId: t.speakerId, start: t.start, end: t.end })),
  };
}

function turnFilter(
  project: Project,
  scope: Exclude<TextScope, { kind: 'code' }>,
  who: People,
): { label: string; test: (t: store.SpeechTurnRow) => boolean } {
  const speakerOf = (t: store.SpeechTurnRow) => who.speakers.get(t.speakerId)!;
  switch (scope.kind) {
    case 'project':
      return { label: 'the project', test: () => true };
    case 'document': {
      const doc = store.documentRows(project.db).find((d) => d.guid === scope.document);
      if (!doc) throw new ChorusError(ErrorCode.NOT_FOUND, 'That document is not in this project.');
      return { label: doc.name, test: (t) => t.documentId === doc.id };
    }
    case 'role':
      return { label: ROLE_LABEL[scope.role], test: (t) => speakerOf(t).role === scope.role };
    case 'participant': {
      const p = [...who.speakers.values()].find((s) => s.participantGuid === scope.participant);
      if (!p) throw new ChorusError(ErrorCode.NOT_FOUND, 'That participant does not speak in any document.');
      return { label: p.participantLabel!, test: (t) => speakerOf(t).participantGuid === scope.participant };
    }
    case 'speaker': {
      const s = [...who.speakers.values()].find((x) => x.guid === scope.speaker);
      if (!s) throw new ChorusError(ErrorCode.NOT_FOUND, 'That speaker is not in this project.');
      return { label: `${s.label} (${s.documentName})`, test: (t) => t.speakerId === s.id };
    }
    case 'attribute': {
      const a = resolveAttribute(project, scope.attribute);
      const owners = new Set(
        store.attributeValueRows(project.db, a.scope, a.id).filter((v) => v.value === scope.value).map((v) => v.ownerId),
      );
      const label = `${a.name} = ${scope.value}`;
      return a.scope === 'participant'
        ? { label, test: (t) => owners.has(speakerOf(t).participantId ?? -1) }
        : { label, test: (t) => owners.has(t.documentId) };
    }
  }
}

/**
 * The parts of speaker turns that codings cover, overlapping codings counted once: each coding
 * cut at its turns' edges, then joined per turn.
 */
export function codedPieces(rows: readonly store.CodingPieceRow[]): Piece[] {
  const byTurn = new Map<string, Piece[]>();
  for (const r of rows) {
    if (r.seq === null || r.speakerId === null) continue;
    const start = Math.max(r.start, r.turnStart!);
    const end = Math.min(r.end, r.turnEnd!);
    if (end <= start) continue;
    const key = `${r.documentId}:${r.seq}`;
    const list = byTurn.get(key) ?? [];
    list.push({ documentId: r.documentId, speakerId: r.speakerId, start, end });
    byTurn.set(key, list);
  }
  const out: Piece[] = [];
  for (const list of byTurn.values()) out.push(...unionOf(list));
  return out.sort((a, b) => a.documentId - b.documentId || a.start - b.start);
}

function unionOf(pieces: Piece[]): Piece[] {
  pieces.sort((a, b) => a.start - b.start);
  const out: Piece[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (last && p.start <= last.end) last.end = Math.max(last.end, p.end);
    else out.push({ ...p });
  }
  return out;
}
