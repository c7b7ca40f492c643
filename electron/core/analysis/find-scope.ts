/**
 * What retrieval and search share: the project's documents, speakers and coders looked up once
 * per call, and the filters (`FindFilters`) turned into the document and speaker ids they allow.
 */
import type { FindFilters, FindSpeaker, FindTurn } from '../../../shared/analysis-find.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Project } from '../project.js';
import { attributeByGuid, attributeByName } from '../store/attributes.js';
import * as store from '../store/analysis-find.js';

export interface FindScope {
  project: Project;
  documents: Map<number, store.DocumentNameRow>;
  /** Documents in the order results are listed (by name). */
  documentOrder: Map<number, number>;
  /** Speakers by id, filled as they are needed (all of them when a filter is about speakers). */
  speakers: Map<number, store.SpeakerInfoRow>;
  users: Map<string, string>;
  /** Documents the filters allow, or null for all. */
  documentIds: number[] | null;
  /** Speakers the filters allow, or null for every turn (including turns without a speaker). */
  speakerIds: Set<number> | null;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (s: string): boolean => GUID.test(s);

export function findScope(project: Project, filters: FindFilters): FindScope {
  const { db } = project;
  const docRows = store.documentNames(db);
  const documents = new Map(docRows.map((d) => [d.id, d]));
  const documentOrder = new Map(docRows.map((d, i) => [d.id, i]));
  const speakers = new Map<number, store.SpeakerInfoRow>();
  const users = new Map(store.userNames(db).map((u) => [u.guid, u.name]));

  let documentIds: number[] | null = null;
  if (filters.documents) {
    const byGuid = new Map(docRows.map((d) => [d.guid, d.id]));
    documentIds = filters.documents.map((g) => {
      const id = byGuid.get(g);
      if (id === undefined) throw new ChorusError(ErrorCode.NOT_FOUND, 'One of the chosen documents is not in this project.');
      return id;
    });
  }
  return { project, documents, documentOrder, speakers, users, documentIds, speakerIds: allowedSpeakers(project, filters, speakers) };
}

function allowedSpeakers(project: Project, filters: FindFilters, speakers: Map<number, store.SpeakerInfoRow>): Set<number> | null {
  if (!filters.speakers && !filters.participants && !filters.roles && !filters.attributes) return null;
  for (const s of store.allSpeakers(project.db)) speakers.set(s.id, s);
  const tests: ((s: store.SpeakerInfoRow) => boolean)[] = [];
  if (filters.speakers) {
    const wanted = new Set(filters.speakers);
    const known = new Set([...speakers.values()].map((s) => s.guid));
    if (filters.speakers.some((g) => !known.has(g))) {
      throw new ChorusError(ErrorCode.NOT_FOUND, 'One of the chosen speakers is not in this project.');
    }
    tests.push((s) => wanted.has(s.guid));
  }
  if (filters.participants) {
    const wanted = new Set(filters.participants);
    tests.push((s) => s.participantGuid !== null && wanted.has(s.participantGuid));
  }
  if (filters.roles) {
    const wanted = new Set<string>(filters.roles);
    tests.push((s) => wanted.has(s.role));
  }
  for (const { attribute, values } of filters.attributes ?? []) {
    const def = isGuid(attribute) ? attributeByGuid(project.db, attribute) : attributeByName(project.db, 'participant', attribute);
    if (!def || def.scope !== 'participant') {
      throw new ChorusError(ErrorCode.NOT_FOUND, `There is no participant attribute "${attribute}".`);
    }
    const holders = new Set(store.participantsWithValues(project.db, def.id, values));
    tests.push((s) => s.participantId !== null && holders.has(s.participantId));
  }
  if (tests.length === 0) return null;
  return new Set([...speakers.values()].filter((s) => tests.every((t) => t(s))).map((s) => s.id));
}

/** Whether a turn's speaker passes the filters (a turn without a speaker passes only when nothing filters speakers). */
export function speakerAllowed(scope: FindScope, speakerId: number | null): boolean {
  return scope.speakerIds === null || (speakerId !== null && scope.speakerIds.has(speakerId));
}

/** Looks up, in one statement, the speakers among `ids` not known yet (before describing many results). */
export function knowSpeakers(scope: FindScope, ids: Iterable<number | null>): void {
  const missing = new Set<number>();
  for (const id of ids) if (id !== null && !scope.speakers.has(id)) missing.add(id);
  if (missing.size === 0) return;
  for (const s of store.speakersByIds(scope.project.db, [...missing])) scope.speakers.set(s.id, s);
}

export function findSpeaker(scope: FindScope, speakerId: number | null): FindSpeaker | null {
  if (speakerId === null) return null;
  let s = scope.speakers.get(speakerId);
  if (!s) {
    s = store.speakerById(scope.project.db, speakerId);
    if (!s) return null;
    scope.speakers.set(speakerId, s);
  }
  return {
    guid: s.guid,
    label: s.label,
    role: s.role,
    participant: s.participantGuid === null ? null : { guid: s.participantGuid, label: s.participantLabel! },
  };
}

export function findTurn(t: store.TurnRow): FindTurn {
  return { guid: t.guid, index: t.seq, timeStart: t.timeStart, timeEnd: t.timeEnd };
}

const WORD = /[\p{L}\p{N}\p{M}]/u;

/**
 * Where `n` characters of context before `start` begin, at most back to `lo`: a cut inside a word
 * drops the partial word, so context never starts mid-word.
 */
export function contextStart(text: string, start: number, n: number, lo: number): number {
  let from = Math.max(lo, start - n);
  if (from > lo && WORD.test(text[from - 1]!) && WORD.test(text[from]!)) {
    while (from < start && !/\s/.test(text[from]!)) from++;
  }
  while (from < start && /\s/.test(text[from]!)) from++;
  return from;
}

/** Where `n` characters of context after `end` stop, at most at `hi`, on a whole word. */
export function contextEnd(text: string, end: number, n: number, hi: number): number {
  let to = Math.min(hi, end + n);
  if (to < hi && WORD.test(text[to - 1]!) && WORD.test(text[to]!)) {
    while (to > end && !/\s/.test(text[to - 1]!)) to--;
  }
  while (to > end && /\s/.test(text[to - 1]!)) to--;
  return to;
}
