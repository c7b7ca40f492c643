/**
 * Full-text search of what was said (`analysis.search`) as keyword-in-context lines.
 *
 * FTS5 (`turns_fts`, porter stemmer over unicode61) finds the turns; its `highlight()` marks the
 * tokens that matched inside each turn's own text, so the keyword is exactly the words as written
 * ("supporting" for a search for "support"), located by UTF-16 offsets into the document: a turn's
 * text is the document's text between the turn's start and end.
 */
import type { FindFilters, SearchHit, SearchResult, SearchSort } from '../../../shared/analysis-find.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Project } from '../project.js';
import * as store from '../store/analysis-find.js';
import { contextEnd, contextStart, findScope, findSpeaker, findTurn, type FindScope } from './find-scope.js';
import { ftsQuery, SearchSyntaxError } from './fts-query.js';

export interface ParsedSearchInput {
  text: string;
  filters: FindFilters;
  context: number;
  sort: SearchSort;
  limit: number;
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
    if (e instanceof SearchSyntaxError) throw new ChorusError(ErrorCode.INVALID_INPUT, e.message);
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

/** Every hit of a search, in document order, with the turn it is in. */
export function findHits(project: Project, text: string, filters: FindFilters): { fts: string; scope: FindScope; hits: FoundHit[]; turns: number } {
  const fts = toFts(text);
  const scope = findScope(project, filters);
  const speakerIds = scope.speakerIds === null ? null : [...scope.speakerIds];
  let rows: store.MatchedTurnRow[];
  try {
    rows = store.searchTurns(project.db, fts, MARKERS[0]![0], MARKERS[0]![1], scope.documentIds, speakerIds);
  } catch (e) {
    // The query is built so that FTS5 accepts it; anything else is still the search's fault, not an internal error.
    throw new ChorusError(ErrorCode.INVALID_INPUT, `The search could not be run: ${(e as Error).message}`);
  }
  const hits: FoundHit[] = [];
  for (const row of rows) {
    const length = row.end - row.start;
    let found = markedRanges(row.marked, length, MARKERS[0]![0], MARKERS[0]![1]);
    for (let m = 1; found === null && m < MARKERS.length; m++) {
      const [open, close] = MARKERS[m]!;
      const marked = store.markTurn(project.db, fts, row.id, open, close);
      found = marked === undefined ? null : markedRanges(marked, length, open, close);
    }
    if (!found) continue;
    for (const [a, b] of found.ranges) {
      hits.push({ documentId: row.documentId, turn: row, turnText: found.text, start: row.start + a, end: row.start + b });
    }
  }
  const order = scope.documentOrder;
  hits.sort((x, y) => order.get(x.documentId)! - order.get(y.documentId)! || x.start - y.start);
  return { fts, scope, hits, turns: rows.length };
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

/** `analysis.search`. */
export function search(project: Project, input: ParsedSearchInput): SearchResult {
  const { fts, scope, hits, turns } = findHits(project, input.text, input.filters);
  // Sorting by context needs every line; in document order only the shown ones are described.
  const lines =
    input.sort === 'position'
      ? hits.slice(0, input.limit).map((h) => describeHit(scope, h, input.context))
      : sortHits(
          hits.map((h) => describeHit(scope, h, input.context)),
          input.sort,
        ).slice(0, input.limit);
  return { fts, hits: lines, total: hits.length, turns, truncated: hits.length > lines.length };
}
