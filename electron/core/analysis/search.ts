/**
 * Full-text search of what was said (`analysis.search`) as keyword-in-context lines.
 *
 * FTS5 (`turns_fts`, porter stemmer over unicode61) finds the turns; its `highlight()` marks the
 * tokens that matched inside each turn's own text, so the keyword is exactly the words as written
 * ("supporting" for a search for "support"), located by UTF-16 offsets into the document: a turn's
 * text is the document's text between the turn's start and end.
 *
 * Highlighting is most of what a search costs, so `analysis.search` answers a page: in document
 * order only the turns up to the page's last hit are highlighted (`findHitsPage`); sorted by
 * context every hit is (`findHits`), and the sorted lines are kept for the next page. Auto-coding
 * and the export take every hit (`findHits`).
 */
import type { FindFilters, SearchHit, SearchResult, SearchSort } from '../../../shared/analysis-find.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Project } from '../project.js';
import * as store from '../store/analysis-find.js';
import { contextEnd, contextStart, findScope, findSpeaker, findTurn, knowSpeakers, speakerAllowed, type FindScope } from './find-scope.js';
import { ftsQuery } from './fts-query.js';
import { QuerySyntaxError } from './query-parse.js';
import { turnPlaces, type TurnPlace } from './turn-index.js';

export interface ParsedSearchInput {
  text: string;
  filters: FindFilters;
  context: number;
  sort: SearchSort;
  limit: number;
  offset: number;
}

/** A hit with what auto-coding needs besides the line: its turn's span and ids. */
export interface FoundHit {
  documentId: number;
  turn: store.TurnRow;
  /** The turn's text (the document's text from turn.start to turn.end). */
  turnText: string;
  start: number;
  end: number;
}

// Marker pairs for highlight(): control and private-use characters that transcripts practically
// never hold; a turn that holds one pair is marked again with the next.
const MARKERS: readonly (readonly [string, string])[] = [
  ['\u0001', '\u0002'],
  ['\uE000', '\uE001'],
  ['\uFDD0', '\uFDD1'],
];

export function toFts(text: string): string {
  try {
    return ftsQuery(text);
  } catch (e) {
    if (e instanceof QuerySyntaxError) throw new ChorusError(ErrorCode.INVALID_INPUT, e.message);
    throw e;
  }
}

/**
 * The turn's text and the offsets in it of the marked stretches, or null when the text itself
 * holds a marker (then the stripped text is shorter than the turn).
 */
function markedRanges(marked: string, length: number, open: string, close: string): { text: string; ranges: [number, number][] } | null {
  const ranges: [number, number][] = [];
  let text = '';
  let last = 0;
  for (let i = marked.indexOf(open); i >= 0; i = marked.indexOf(open, last)) {
    const j = marked.indexOf(close, i + 1);
    if (j < 0) return null;
    text += marked.slice(last, i);
    const from = text.length;
    text += marked.slice(i + 1, j);
    if (text.length > from) ranges.push([from, text.length]);
    last = j + 1;
  }
  text += marked.slice(last);
  return text.length === length && !text.includes(open) && !text.includes(close) ? { text, ranges } : null;
}

/** Runs an SQL step of a search, whose FTS5 query fts-query.ts built so that FTS5 accepts it. */
function running<T>(step: () => T): T {
  try {
    return step();
  } catch (e) {
    // Anything FTS5 still refuses is the search's fault, not an internal error.
    throw new ChorusError(ErrorCode.INVALID_INPUT, `The search could not be run: ${(e as Error).message}`);
  }
}

/** Every hit of a search, in document order, with the turn it is in. */
export function findHits(project: Project, text: string, filters: FindFilters): { fts: string; scope: FindScope; hits: FoundHit[]; turns: number } {
  const fts = toFts(text);
  const scope = findScope(project, filters);
  const speakerIds = scope.speakerIds === null ? null : [...scope.speakerIds];
  const rows = running(() => store.searchTurns(project.db, fts, MARKERS[0]![0], MARKERS[0]![1], scope.documentIds, speakerIds));
  const hits = rows.flatMap((row) => hitsOfTurn(project, fts, row));
  const order = scope.documentOrder;
  hits.sort((x, y) => order.get(x.documentId)! - order.get(y.documentId)! || x.start - y.start);
  return { fts, scope, hits, turns: rows.length };
}

/** The hits in one matched turn, in order. */
function hitsOfTurn(project: Project, fts: string, row: store.MatchedTurnRow): FoundHit[] {
  const length = row.end - row.start;
  let found = markedRanges(row.marked, length, MARKERS[0]![0], MARKERS[0]![1]);
  for (let m = 1; found === null && m < MARKERS.length; m++) {
    const [open, close] = MARKERS[m]!;
    const marked = store.markTurn(project.db, fts, row.id, open, close);
    found = marked === undefined ? null : markedRanges(marked, length, open, close);
  }
  if (!found) return [];
  const text = found.text;
  return found.ranges.map(([a, b]) => ({ documentId: row.documentId, turn: row, turnText: text, start: row.start + a, end: row.start + b }));
}

/** At most this many turns are read and highlighted per statement while filling a page in document order. */
const PAGE_BATCH = 512;

/** The batch's turns highlighted, by id, in one statement (see `store.markTurns`). */
function markBatch(project: Project, fts: string, batch: readonly TurnPlace[]): Map<number, store.MatchedTurnRow> {
  const ids = batch.map((p) => p.turns.id[p.index]!);
  const first = Math.min(...ids);
  const last = Math.max(...ids);
  const rows = running(() => store.markTurns(project.db, fts, ids, first, last, MARKERS[0]![0], MARKERS[0]![1]));
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The hits `offset` to `offset + limit` in document order, reading only the turns up to the last
 * of them: the matching turn ids come from the full-text index alone and are placed (document,
 * start, speaker) by the in-memory turn index, so only the page's turns and those before it are
 * read and highlighted. A matching turn has at least one hit, so the turns left unread make the
 * total a lower bound.
 */
export function findHitsPage(
  project: Project,
  text: string,
  filters: FindFilters,
  offset: number,
  limit: number,
): { fts: string; scope: FindScope; hits: FoundHit[]; total: number; totalExact: boolean; turns: number } {
  const fts = toFts(text);
  const scope = findScope(project, filters);
  const places = turnPlaces(project, scope.documents.keys());
  const allowedDocs = scope.documentIds === null ? null : new Set(scope.documentIds);
  const ids = running(() => store.matchingTurnIds(project.db, fts));
  const matched: TurnPlace[] = [];
  for (const id of ids) {
    const p = places.get(id);
    if (!p || (allowedDocs && !allowedDocs.has(p.documentId))) continue;
    const speaker = p.turns.speaker[p.index]!;
    if (speakerAllowed(scope, speaker === -1 ? null : speaker)) matched.push(p);
  }
  const order = scope.documentOrder;
  matched.sort((x, y) => order.get(x.documentId)! - order.get(y.documentId)! || x.turns.start[x.index]! - y.turns.start[y.index]!);

  const wanted = offset + limit;
  const hits: FoundHit[] = [];
  let counted = 0;
  let read = 0;
  while (read < matched.length && counted < wanted) {
    // Enough turns for the hits still wanted (each has one or more), within reason.
    const batch = matched.slice(read, read + Math.min(Math.max(wanted - counted, 8), PAGE_BATCH));
    const rows = markBatch(project, fts, batch);
    for (const p of batch) {
      read++;
      const row = rows.get(p.turns.id[p.index]!);
      const found = row ? hitsOfTurn(project, fts, row) : [];
      for (const h of found) {
        if (counted >= offset && counted < wanted) hits.push(h);
        counted++;
      }
      if (counted >= wanted) break;
    }
  }
  return { fts, scope, hits, total: counted + (matched.length - read), totalExact: read === matched.length, turns: matched.length };
}

const words = (s: string) =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}\p{M}'’]+/u)
    .map((w) => w.replace(/^['’]+|['’]+$/g, ''))
    .filter(Boolean);
const oneLine = (s: string) => s.replace(/\s+/g, ' ');

/** The keyword-in-context line of a hit. */
export function describeHit(scope: FindScope, hit: FoundHit, context: number): SearchHit {
  const doc = scope.documents.get(hit.documentId)!;
  // Offsets within the turn's own text, which is the document's text from the turn's start.
  const text = hit.turnText;
  const at = hit.start - hit.turn.start;
  const to = hit.end - hit.turn.start;
  const left = oneLine(text.slice(contextStart(text, at, context, 0), at)).trim();
  const right = oneLine(text.slice(to, contextEnd(text, to, context, text.length))).trim();
  return {
    document: { guid: doc.guid, name: doc.name },
    turn: findTurn(hit.turn),
    speaker: findSpeaker(scope, hit.turn.speakerId),
    start: hit.start,
    end: hit.end,
    keyword: text.slice(at, to),
    left,
    right,
    leftKey: words(left).reverse().join(' '),
    rightKey: words(right).join(' '),
  };
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function sortHits(hits: SearchHit[], sort: SearchSort): SearchHit[] {
  if (sort === 'position') return hits;
  const key = (h: SearchHit) => (sort === 'left' ? h.leftKey : sort === 'right' ? h.rightKey : h.keyword);
  // Array.prototype.sort is stable: equal keys keep document order.
  return [...hits].sort((a, b) => collator.compare(key(a), key(b)) || (sort === 'keyword' ? collator.compare(a.rightKey, b.rightKey) : 0));
}

/** `analysis.search`: one page of hits. */
export function search(project: Project, input: ParsedSearchInput): SearchResult {
  const { offset, limit } = input;
  if (input.sort === 'position') {
    const page = findHitsPage(project, input.text, input.filters, offset, limit);
    knowSpeakers(page.scope, page.hits.map((h) => h.turn.speakerId));
    const hits = page.hits.map((h) => describeHit(page.scope, h, input.context));
    return {
      fts: page.fts,
      hits,
      offset,
      total: page.total,
      totalExact: page.totalExact,
      turns: page.turns,
      truncated: page.total > offset + hits.length,
    };
  }
  const { fts, sorted, turns } = sortedSearch(project, input);
  const lines = sorted.slice(offset, offset + limit);
  return { fts, hits: lines, offset, total: sorted.length, totalExact: true, turns, truncated: sorted.length > offset + lines.length };
}

interface SortedSearch {
  key: string;
  fts: string;
  sorted: SearchHit[];
  turns: number;
}

/** The last search sorted by context, per project, so that its next pages are not read again. */
const lastSorted = new WeakMap<Project, SortedSearch>();

/**
 * Every hit's line, sorted by context: that needs every hit, so the result is kept for the next
 * page, as long as nothing in the file changed. `total_changes()` counts this connection's writes
 * (undo and redo too, and rows changed by triggers) and `data_version` other connections' commits.
 */
function sortedSearch(project: Project, input: ParsedSearchInput): SortedSearch {
  const key = JSON.stringify([input.text, input.filters, input.context, input.sort, store.fileVersion(project.db)]);
  const kept = lastSorted.get(project);
  if (kept?.key === key) return kept;
  const { fts, scope, hits, turns } = findHits(project, input.text, input.filters);
  knowSpeakers(scope, hits.map((h) => h.turn.speakerId));
  const sorted = sortHits(
    hits.map((h) => describeHit(scope, h, input.context)),
    input.sort,
  );
  const made = { key, fts, sorted, turns };
  lastSorted.set(project, made);
  return made;
}
