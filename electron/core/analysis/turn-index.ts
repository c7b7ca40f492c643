/**
 * The turn boundaries of each document, kept in memory per open project, so that retrieval finds
 * the turns a coding overlaps by binary search instead of two index seeks and a row read per coding
 * (the turns table holds the turns' text: reading its rows for 20,000 codings cost more than the
 * rest of a query).
 *
 * Turns change only through commands: an import adds them, undoing one removes them, merging
 * speakers re-points them, and the triggers of the command log record each as a change to the
 * `turns` table (store/change-capture.ts). So the cache is checked against the log before use:
 * if a command in effect now, or one taken back since, changed turns, the cache is dropped. Undo
 * is last-in-first-out and a new command discards what was undone, so comparing the last entry in
 * effect before and now is enough (see `stillValid`).
 */
import type { Project } from '../project.js';
import * as store from '../store/analysis-find.js';
import { partitionPoint } from '../../../shared/partition-point.js';

export interface DocTurns {
  id: Int32Array;
  seq: Int32Array;
  start: Int32Array;
  end: Int32Array;
  /** -1 for a turn without a speaker. */
  speaker: Int32Array;
}

interface Cache {
  /** The last log entry in effect when the cache was last known good. */
  lastDone: number | null;
  /**
   * How many entries were undone then. On the team server a coder can undo an older step of
   * theirs while a colleague's later one stays in effect: the last entry is the same, the count
   * is not.
   */
  undone: number;
  docs: Map<number, DocTurns>;
  /** Every turn of the project by id, once asked for (`turnPlaces`). */
  places: Map<number, TurnPlace> | null;
  /** Guids and times of the turns results were shown in (`turnDetails`). */
  details: Map<number, store.TurnRow>;
}

/** Where a turn is: its document, and its index in that document's `DocTurns`. */
export interface TurnPlace {
  documentId: number;
  turns: DocTurns;
  index: number;
}

const caches = new WeakMap<Project, Cache>();

function stillValid(project: Project, cache: Cache, lastDone: number | null, undone: number): boolean {
  if (cache.lastDone === lastDone) return cache.undone === undone;
  const { db } = project;
  let from: number;
  if (cache.lastDone === null) from = 0;
  else {
    const state = store.entryState(db, cache.lastDone);
    // Undone and then discarded by a new command: its changes are no longer on record.
    if (state !== 'done' && state !== 'undone') return false;
    // Still in effect: only later entries can have changed turns. Undone: so were the entries
    // after the one in effect now, and their changes are still on record.
    from = state === 'done' ? cache.lastDone + 1 : (lastDone ?? 0) + 1;
  }
  return !store.turnsChangedFrom(db, from);
}

function currentCache(project: Project): Cache {
  const lastDone = store.lastDoneEntry(project.db);
  const undone = store.undoneEntries(project.db);
  let cache = caches.get(project);
  if (!cache || !stillValid(project, cache, lastDone, undone)) {
    cache = { lastDone, undone, docs: new Map(), places: null, details: new Map() };
    caches.set(project, cache);
  }
  cache.lastDone = lastDone;
  cache.undone = undone;
  return cache;
}

/** The turns of documents, by document id, from a cache that follows the command log. */
export function turnIndex(project: Project): (documentId: number) => DocTurns {
  return docTurns(project, currentCache(project));
}

/**
 * Every turn of the project by id, from the same cache: search finds turn ids in the full-text
 * index and places them (document, start, speaker) without reading the turns table, whose rows
 * hold the turns' text.
 */
export function turnPlaces(project: Project, documentIds: Iterable<number>): Map<number, TurnPlace> {
  const cache = currentCache(project);
  if (!cache.places) {
    const turnsOf = docTurns(project, cache);
    const places = new Map<number, TurnPlace>();
    for (const documentId of documentIds) {
      const turns = turnsOf(documentId);
      for (let index = 0; index < turns.id.length; index++) places.set(turns.id[index]!, { documentId, turns, index });
    }
    cache.places = places;
  }
  return cache.places;
}

/**
 * Turns by id with their guids and times, from the same cache: the turns table's rows hold the
 * turns' text, so reading 2,000 of them for a page of segments cost more than finding the segments.
 */
export function turnDetails(project: Project, ids: readonly number[]): Map<number, store.TurnRow> {
  const { details } = currentCache(project);
  const missing = [...new Set(ids.filter((id) => !details.has(id)))];
  if (missing.length) for (const t of store.turnsByIds(project.db, missing)) details.set(t.id, t);
  return details;
}

function docTurns(project: Project, cache: Cache): (documentId: number) => DocTurns {
  const docs = cache.docs;
  return (documentId) => {
    let d = docs.get(documentId);
    if (!d) {
      const rows = store.turnBounds(project.db, documentId);
      d = {
        id: Int32Array.from(rows, (r) => r[0]),
        seq: Int32Array.from(rows, (r) => r[1]),
        start: Int32Array.from(rows, (r) => r[2]),
        end: Int32Array.from(rows, (r) => r[3]),
        speaker: Int32Array.from(rows, (r) => r[4] ?? -1),
      };
      docs.set(documentId, d);
    }
    return d;
  };
}

/** The index of the first turn that ends after `offset` (turns are ordered and do not overlap). */
export function firstEndingAfter(d: DocTurns, offset: number): number {
  return partitionPoint(d.end.length, (i) => d.end[i]! <= offset);
}

/**
 * The turns overlapping [start, end) as a range of indexes into `d`, [from, to): any overlap
 * counts, as in store/attribution.ts. Turns do not overlap and are ordered by start, so they are
 * consecutive. A span that overlaps none (inside a speaker label) gets the turn starting at or
 * before it, the turn the label belongs to; [0, 0) when there is none.
 */
export function overlappingTurns(d: DocTurns, start: number, end: number): [number, number] {
  const lo = firstEndingAfter(d, start);
  let to = lo;
  while (to < d.start.length && d.start[to]! < end) to++;
  if (to > lo) return [lo, to];
  let k = Math.min(lo, d.start.length - 1);
  while (k >= 0 && d.start[k]! > start) k--;
  return k >= 0 ? [k, k + 1] : [0, 0];
}
