/** Small pure helpers of the finding tabs: keys, labels, filters and the query text. */
import type { FindFilters, FindSpeaker, FindTurn, HitRef, RetrievedSegment, SearchHit } from '../../../../shared/analysis-find';
import type { SpeakerRole } from '../../../../shared/types';
import { formatTime } from '../../transcript/format';

/** One search hit, by where it is (the same passage is one hit). */
export function hitKey(hit: { document: { guid: string } | string; start: number; end: number }): string {
  const doc = typeof hit.document === 'string' ? hit.document : hit.document.guid;
  return `${doc}:${hit.start}:${hit.end}`;
}

export function hitRef(hit: SearchHit): HitRef {
  return { document: hit.document.guid, start: hit.start, end: hit.end };
}

/** "0:04:51", or "turn 12" for a transcript without times. */
export function turnWhen(turn: FindTurn): string {
  return turn.timeStart === null ? `turn ${turn.index + 1}` : formatTime(turn.timeStart);
}

export function speakerName(speaker: FindSpeaker | null): string {
  if (!speaker) return '—';
  return speaker.participant && speaker.participant.label !== speaker.label ? `${speaker.label} (${speaker.participant.label})` : speaker.label;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** Whose words a search looks at. */
export type RoleChoice = 'all' | 'participant' | 'moderator';

/** The filters the search tab offers, as the contract takes them. */
export function searchFilters(role: RoleChoice, documents: readonly string[]): FindFilters {
  const filters: FindFilters = {};
  if (role !== 'all') filters.roles = [role];
  if (documents.length) filters.documents = [...documents];
  return filters;
}

/** The choices of the coded-segments filters, as kept between visits. */
export interface SegmentFilterState {
  documents: string[];
  roles: SpeakerRole[];
  participants: string[];
  /** Attribute guid → chosen values (an attribute without values does not filter). */
  attributes: Record<string, string[]>;
  coders: string[];
}

export const NO_SEGMENT_FILTERS: SegmentFilterState = { documents: [], roles: [], participants: [], attributes: {}, coders: [] };

export function segmentFilters(state: SegmentFilterState): FindFilters {
  const filters: FindFilters = {};
  if (state.documents.length) filters.documents = [...state.documents];
  if (state.roles.length) filters.roles = [...state.roles];
  if (state.participants.length) filters.participants = [...state.participants];
  const attributes = Object.entries(state.attributes)
    .filter(([, values]) => values.length > 0)
    .map(([attribute, values]) => ({ attribute, values: [...values] }));
  if (attributes.length) filters.attributes = attributes;
  if (state.coders.length) filters.coders = [...state.coders];
  return filters;
}

export function activeFilterCount(state: SegmentFilterState): number {
  return (
    (state.documents.length ? 1 : 0) +
    (state.roles.length ? 1 : 0) +
    (state.participants.length ? 1 : 0) +
    Object.values(state.attributes).filter((v) => v.length > 0).length +
    (state.coders.length ? 1 : 0)
  );
}

const OPERATOR = /^(and|or|not|near\/\d+)$/i;

/**
 * A code name as the query language reads it: always quoted, so names with spaces or operator
 * words stay one name. A name holding a quote cannot be quoted, so it is given by its guid.
 */
export function queryName(name: string, guid: string): string {
  return /["“”]/.test(name) ? guid : `"${name}"`;
}

/**
 * Puts a piece into the query at the caret. A name after a name (or a closing bracket) is joined
 * with AND, the most common question ("both in the same turn"); spaces are kept single.
 */
export function insertIntoQuery(text: string, caret: number, piece: string, kind: 'name' | 'operator'): { text: string; caret: number } {
  const before = text.slice(0, caret).replace(/\s+$/, '');
  const after = text.slice(caret).replace(/^\s+/, '');
  const lastWord = /(\S+)$/.exec(before)?.[1] ?? '';
  const needsAnd = kind === 'name' && before !== '' && !before.endsWith('(') && !OPERATOR.test(lastWord);
  const head = before === '' ? '' : `${before} `;
  const inserted = `${needsAnd ? 'AND ' : ''}${piece}`;
  const tail = after === '' ? (kind === 'operator' ? ' ' : '') : ` ${after}`;
  const next = `${head}${inserted}${tail}`;
  return { text: next, caret: head.length + inserted.length + (after === '' && kind === 'operator' ? 1 : 0) };
}

/** Characters of the turn shown either side of a segment: about a line. */
export const CONTEXT_CHARS = 140;

/**
 * The segment within its turn: before, the segment, after, the turn cut to about `max` characters
 * either side at a word, with an ellipsis where it was cut.
 */
export function contextParts(segment: RetrievedSegment, max = CONTEXT_CHARS): { before: string; inside: string; after: string } {
  const { context } = segment;
  const from = Math.max(0, segment.start - context.start);
  const to = Math.min(context.text.length, Math.max(from, segment.end - context.start));
  let before = context.text.slice(0, from);
  let after = context.text.slice(to);
  if (before.length > max) {
    const cut = before.slice(-max);
    const space = cut.search(/\s/);
    before = `…${space >= 0 ? cut.slice(space) : cut}`;
  }
  if (after.length > max) {
    const cut = after.slice(0, max);
    const space = cut.search(/\s\S*$/);
    after = `${space > 0 ? cut.slice(0, space) : cut} …`;
  }
  return { before, inside: context.text.slice(from, to), after };
}

/**
 * Whether a space goes between the keyword and the words after it. The core trims the context,
 * so punctuation that followed the keyword directly ("help?") must not be pushed off it.
 */
export function spaceAfterKeyword(right: string): boolean {
  return right !== '' && !/^[.,;:!?)\]}'’”…-]/.test(right);
}

/** Speakers of a segment, most words first, as one line. */
export function segmentSpeakers(segment: RetrievedSegment): string {
  return segment.speakers.length ? segment.speakers.map((s) => s.label).join(', ') : '—';
}

/** Similarity as a percentage a reader takes in at a glance. */
export function scoreLabel(score: number): string {
  return `${Math.round(score * 100)}%`;
}
