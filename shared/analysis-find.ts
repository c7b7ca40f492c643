/**
 * Finding: retrieval of coded segments by a boolean query over codes and themes, full-text search
 * with keyword-in-context lines, auto-coding of what was found, and exports of both. The entries
 * (`findApi`) join the analysis area of the contract in `api-analysis.ts`.
 *
 * Query language (`analysis.query`, `chorus query --codes`):
 *
 *   Burnout AND "peer support"       both in the same turn
 *   Burnout OR Humour                either
 *   Burnout NOT Humour               Burnout in a turn without Humour
 *   Burnout NEAR/2 Humour            within 2 turns of each other (0 = the same turn)
 *   (A OR B) AND C                   parentheses group
 *   0b6c…-guid                       a code or theme by its guid
 *
 * Operators are case-insensitive; NEAR binds tightest, then AND and NOT, then OR. A name with
 * spaces is quoted (`"speaking up"`); unquoted words next to each other are read as one name. A
 * theme (or any code with codes below it) stands for itself and everything below it.
 *
 * What a segment is: the turn is the unit in which codes meet. A query holds in a turn or not
 * (AND: both sides hold there; OR: either; NOT: the left side and not the right; NEAR/N: a side
 * holds there and the other side holds within N turns). Each result is one coding of a code named
 * in the query (not under a NOT) restricted to the turns where the whole query holds: a coding that
 * spans turns 3–5 in `A NOT B` with B in turn 4 gives two segments, its part in turn 3 and its
 * part in turn 5. So every result is a real coding, with one code path and one coder, and a
 * passage the researcher can jump to; a result's `coding*` fields give the whole coding.
 */
import { z } from 'zod';
import { codeName, command, destinationPath, guid, offset, query } from './api-kit.js';
import type { CodeKind, ExportResult, SpeakerRole } from './types.js';
import { disclosureOptions } from './privacy.js';

// ---------------------------------------------------------------------------------------------
// Inputs

const speakerRole = z.enum(['moderator', 'participant', 'observer']);
const tableFormat = z.enum(['csv', 'xlsx']);

/**
 * Which turns count. Every filter given must hold (documents AND roles AND ...); values within one
 * filter are alternatives (role moderator OR observer).
 */
export const FindFilters = z.object({
  /** Only these documents. */
  documents: z.array(guid).max(10_000).optional(),
  /** Only turns of these speakers (speaker guids, as in `documents.get`). */
  speakers: z.array(guid).max(10_000).optional(),
  /** Only turns of speakers mapped to these participants. */
  participants: z.array(guid).max(10_000).optional(),
  /** Only turns of speakers with these roles. */
  roles: z.array(speakerRole).max(3).optional(),
  /**
   * Only turns of participants with these attribute values (`{name: 'Year', values: ['PGY2']}`;
   * the attribute by name, without case, or by guid). Several attributes must all match.
   */
  attributes: z
    .array(z.object({ attribute: z.string().trim().min(1, 'Name the attribute.'), values: z.array(z.string()).min(1).max(1_000) }))
    .max(50)
    .optional(),
  /** Retrieval only: only codings by these coders (users' guids, as in `team.coders`). */
  coders: z.array(guid).max(1_000).optional(),
});
export type FindFilters = z.infer<typeof FindFilters>;

/** The context line shown with a segment: its whole turn, or this many characters either side. */
const contextOption = z.union([z.literal('turn'), z.number().int().min(0).max(2_000)]);

export const QueryInput = z.object({
  /** The query, e.g. `Burnout AND "peer support"` (see the top of this file). */
  codes: z.string().trim().min(1, 'Write a query: a code name, or codes joined by AND, OR, NOT, NEAR/N.').max(10_000),
  filters: FindFilters.default({}),
  /** Default: the turn. */
  context: contextOption.default('turn'),
  /** At most this many segments (in order); `total` still counts them all. Default 2,000. */
  limit: z.number().int().min(1).max(1_000_000).default(2_000),
});
export type QueryInput = z.input<typeof QueryInput>;

/** Sort orders for keyword-in-context lines. */
export const SearchSort = z.enum(['position', 'left', 'right', 'keyword']);
export type SearchSort = z.infer<typeof SearchSort>;

export const SearchInput = z.object({
  /**
   * What to find: words (all must occur in the turn; stemmed, so `support` finds `supporting`),
   * `"peer support"` (a phrase), `supp*` (a prefix), and OR, NOT, AND, parentheses between them.
   */
  text: z.string().trim().min(1, 'Type a word or a phrase to search for.').max(2_000),
  /** Documents, speakers, roles, participants, attributes; `coders` does not apply. */
  filters: FindFilters.default({}),
  /** Characters of context either side of the keyword (default 60). */
  context: z.number().int().min(0).max(1_000).default(60),
  /**
   * `position`: document, then place in it; `left`/`right`: by the words just before/after the
   * keyword (the hit's `leftKey`/`rightKey`); `keyword`: by the matched words.
   */
  sort: SearchSort.default('position'),
  /**
   * One page: at most this many hits (after sorting), from the `offset`-th on. Default 200. In
   * document order only the turns the page needs are read and highlighted; sorted by context,
   * every hit is (see `SearchResult`).
   */
  limit: z.number().int().min(1).max(1_000_000).default(200),
  /** How many hits (in the chosen order) come before the page. Default 0. */
  offset: z.number().int().min(0).max(100_000_000).default(0),
});
export type SearchInput = z.input<typeof SearchInput>;

/** A code to apply: an existing one by guid, or by name (created at the top level if none has it). */
const codeTarget = z.union([z.object({ guid }), z.object({ name: codeName })]);

/** How much of the text around a search hit gets coded. */
export const HitExtent = z.enum(['match', 'sentence', 'turn']);
export type HitExtent = z.infer<typeof HitExtent>;

/** A search hit named by where it is (as in `SearchHit`). */
export const HitRef = z.object({ document: guid, start: offset, end: offset });
export type HitRef = z.infer<typeof HitRef>;

export const CodeHitsInput = z.object({
  /** The search whose hits are coded (run again inside the command). */
  search: SearchInput.omit({ sort: true, limit: true, offset: true, context: true }),
  /** Only these of its hits; omitted: all hits. A hit that the search no longer finds is refused. */
  hits: z.array(HitRef).min(1, 'Choose at least one hit to code.').max(1_000_000).optional(),
  code: codeTarget,
  extent: HitExtent.default('match'),
});
export type CodeHitsInput = z.input<typeof CodeHitsInput>;

export const CodeSpeakerInput = z.object({
  /** Whose turns: one speaker of a document, every speaker mapped to a participant, or a role. */
  who: z.union([z.object({ speaker: guid }), z.object({ participant: guid }), z.object({ role: speakerRole })]),
  /** Only in these documents. */
  documents: z.array(guid).max(10_000).optional(),
  code: codeTarget,
});
export type CodeSpeakerInput = z.input<typeof CodeSpeakerInput>;

// ---------------------------------------------------------------------------------------------
// Outputs

export interface FindSpeaker {
  guid: string;
  label: string;
  role: SpeakerRole;
  participant: { guid: string; label: string } | null;
}

export interface FindTurn {
  guid: string;
  /** 0-based order in its document. */
  index: number;
  /** Seconds from the start of the recording, when the transcript gives them. */
  timeStart: number | null;
  timeEnd: number | null;
}

/** One retrieved segment: part of one coding, restricted to the turns where the query holds. */
export interface RetrievedSegment {
  /** The coding's guid (several segments can come from one coding, see the top of this file). */
  coding: string;
  document: { guid: string; name: string };
  /** The segment, UTF-16 offsets into the document, half-open. */
  start: number;
  end: number;
  text: string;
  /** The whole coding. */
  codingStart: number;
  codingEnd: number;
  code: { guid: string; name: string; kind: CodeKind; color: string; /** Names from the top of the tree down to the code. */ path: string[] };
  coder: { guid: string; name: string };
  /** Speakers of the segment's turns, most words first. */
  speakers: FindSpeaker[];
  /** The segment's first turn (for jumping to the transcript and for its time). */
  turn: FindTurn;
  /** A line of context holding the segment: its turn, or ± N characters. */
  context: { start: number; end: number; text: string };
}

export interface QueryResult {
  /** The query as understood, with operators in capitals and names quoted. */
  normalized: string;
  /** The codes and themes the query names (a theme stands for itself and all below it). */
  codes: { guid: string; name: string; path: string[]; kind: CodeKind; /** Itself and its descendants. */ covers: number }[];
  segments: RetrievedSegment[];
  /** All segments, before the limit. */
  total: number;
  truncated: boolean;
  /** Distinct documents and codings among all segments. */
  documents: number;
  codings: number;
}

/** The answer of `analysis.checkQuery`: whether a query parses and names existing codes. */
export type QueryCheck =
  | { valid: true; normalized: string; codes: QueryResult['codes'] }
  | { valid: false; message: string; /** 0-based character position of the problem in the query. */ position: number };

/** One keyword-in-context line. */
export interface SearchHit {
  document: { guid: string; name: string };
  turn: FindTurn;
  speaker: FindSpeaker | null;
  /** The matched words, UTF-16 offsets into the document: `text.slice(start, end) === keyword`. */
  start: number;
  end: number;
  keyword: string;
  /** Up to `context` characters before and after, within the turn, cut at whole words. */
  left: string;
  right: string;
  /** Sort keys: the words before the keyword nearest first, the words after it, lower case. */
  leftKey: string;
  rightKey: string;
}

/**
 * One page of keyword-in-context lines. Counting every hit means highlighting every matching turn,
 * which for a common word is most of the cost, so in document order the page reads only the turns
 * up to its last hit: `turns` is always exact (an index count), `total` is exact when
 * `totalExact`, and otherwise a lower bound. Sorted by context, every hit is read (the order needs
 * them all) and `total` is exact.
 */
export interface SearchResult {
  /** The FTS5 query the text became (every word quoted). */
  fts: string;
  /** The page: hits `offset` to `offset + hits.length - 1` in the chosen order. */
  hits: SearchHit[];
  /** The input's offset: how many hits come before the page. */
  offset: number;
  /**
   * All hits of the search (not only the page's): exactly, when `totalExact`; otherwise at least
   * this many (the hits of the turns read so far, plus one for each matching turn not read).
   */
  total: number;
  /** Whether `total` is the exact number of hits (false only in document order, with turns left unread). */
  totalExact: boolean;
  /** Turns with at least one hit, exactly. */
  turns: number;
  /** Whether hits follow the page. */
  truncated: boolean;
}

/** What an auto-coding command did. */
export interface AutoCodeReport {
  code: { guid: string; name: string; path: string[] };
  createdCode: boolean;
  /** Hits (or turns) considered. */
  found: number;
  /** Codings added. */
  applied: number;
  /** Skipped: exactly the same passage already had this code from me. */
  duplicates: number;
  /** Several hits extended to the same passage (one sentence, one turn), coded once. */
  merged: number;
}

// ---------------------------------------------------------------------------------------------
// The entries

/** What coding writes make stale (as `codings.apply`). */
const CODING_WRITE = ['codings', 'codes', 'documents.list', 'history', 'project', 'themes.prevalence'] as const;

export const findApi = {
  /**
   * Coded segments matching a boolean query over codes and themes (see the top of
   * `shared/analysis-find.ts`), with filters by document, speaker, role, participant, participant
   * attribute and coder. In document order (documents by name), then by start.
   */
  'analysis.query': query<QueryResult>()(QueryInput),
  /** Parses a query and resolves its code names without running it (for a query box as one types). */
  'analysis.checkQuery': query<QueryCheck>()(z.object({ codes: z.string().max(10_000) })),
  /**
   * Full-text search of what was said (stemmed, phrases, prefixes, OR/NOT), as keyword-in-context
   * lines, a page at a time (`offset`, `limit`). `analysis.codeHits` with no `hits` codes all of
   * them, not only a page.
   */
  'analysis.search': query<SearchResult>()(SearchInput),
  /**
   * Code the hits of a search (all, or the chosen ones), each as the matched words, its sentence or
   * its whole turn: one undo step. My own coding of exactly the same passage is not repeated.
   */
  'analysis.codeHits': command<AutoCodeReport>(CODING_WRITE)(CodeHitsInput),
  /** Code every turn of a speaker, of a participant (in every group), or of a role: one undo step. */
  'analysis.codeSpeaker': command<AutoCodeReport>(CODING_WRITE)(CodeSpeakerInput),
  /**
   * Retrieved segments as a table (CSV or XLSX): document, speaker, role, participant, one column
   * per participant attribute, code path, coder, start, end, text. All segments (no limit).
   */
  'export.segments': query<ExportResult>()(
    QueryInput.omit({ limit: true }).extend({ format: tableFormat, path: destinationPath.optional(), ...disclosureOptions }),
  ),
  /** Search hits as a table (CSV or XLSX), in the chosen order, all of them. */
  'export.searchHits': query<ExportResult>()(
    SearchInput.omit({ limit: true, offset: true }).extend({ format: tableFormat, path: destinationPath.optional(), ...disclosureOptions }),
  ),
} as const;
