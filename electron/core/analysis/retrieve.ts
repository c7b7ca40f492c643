/**
 * Retrieval of coded segments by a boolean query over codes and themes (`analysis.query`).
 *
 * The turn is where codes meet: the query is evaluated turn by turn, each node giving the turns
 * where it holds together with the codings that witness it there (the codings of the codes it
 * names, not those under a NOT). A result is a witness coding cut down to the runs of its turns in
 * which the whole query holds and whose speaker passes the filters. See shared/analysis-find.ts.
 */
import type { FindFilters, QueryCheck, QueryInput, QueryResult, RetrievedSegment } from '../../../shared/analysis-find.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Project } from '../project.js';
import * as store from '../store/analysis-find.js';
import { contextEnd, contextStart, findScope, findSpeaker, findTurn, isGuid, knowSpeakers, speakerAllowed, type FindScope } from './find-scope.js';
import { formatQuery, parseQuery, QuerySyntaxError, type QueryNode } from './query-parse.js';
import { overlappingTurns, turnDetails, turnIndex, type DocTurns } from './turn-index.js';
import { partitionPoint } from '../../../shared/partition-point.js';

export type ParsedQueryInput = Required<Pick<QueryInput, 'codes' | 'context' | 'limit'>> & { filters: FindFilters };

// ---------------------------------------------------------------------------------------------
// Names to codes

/** A name in the query that is no code, or more than one: reported with its position. */
export class QueryNameError extends QuerySyntaxError {}

interface Operand {
  code: store.TreeCode;
  /** The code and every code below it. */
  ids: number[];
}

interface ResolvedQuery {
  tree: QueryNode;
  operands: Map<QueryNode, Operand>;
  codes: QueryResult['codes'];
  /** The code tree the names were resolved in. */
  index: CodeIndex;
}

export interface CodeIndex {
  byId: Map<number, store.TreeCode>;
  path(id: number): string[];
}

export function codeIndex(codes: store.TreeCode[]): CodeIndex & { children: Map<number | null, number[]> } {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const children = new Map<number | null, number[]>();
  for (const c of codes) {
    const list = children.get(c.parentId) ?? [];
    list.push(c.id);
    children.set(c.parentId, list);
  }
  const paths = new Map<number, string[]>();
  const path = (id: number): string[] => {
    let p = paths.get(id);
    if (!p) {
      const c = byId.get(id)!;
      p = c.parentId === null ? [c.name] : [...path(c.parentId), c.name];
      paths.set(id, p);
    }
    return p;
  };
  return { byId, children, path };
}

function resolve(project: Project, text: string): ResolvedQuery {
  const tree = parseQuery(text);
  const index = codeIndex(store.codeTree(project.db));
  const byName = new Map<string, store.TreeCode[]>();
  const byGuid = new Map<string, store.TreeCode>();
  for (const c of index.byId.values()) {
    const key = c.name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), c]);
    byGuid.set(c.guid.toLowerCase(), c);
  }
  const subtree = (id: number): number[] => [id, ...(index.children.get(id) ?? []).flatMap(subtree)];

  const operands = new Map<QueryNode, Operand>();
  const codes: QueryResult['codes'] = [];
  const visit = (node: QueryNode): void => {
    if (node.kind !== 'code') {
      visit(node.left);
      visit(node.right);
      return;
    }
    const where = `at character ${node.at + 1}`;
    let code: store.TreeCode | undefined;
    if (isGuid(node.name)) {
      code = byGuid.get(node.name.toLowerCase());
      if (!code) throw new QueryNameError(`No code or theme has the guid ${node.name} (${where}).`, node.at);
    } else {
      const found = byName.get(node.name.toLowerCase()) ?? [];
      if (found.length > 1) {
        const places = found.map((c) => (c.parentId === null ? 'at the top' : `under "${index.byId.get(c.parentId)!.name}"`));
        throw new QueryNameError(
          `"${node.name}" (${where}) names ${found.length} codes (${places.join(', ')}): use the guid of the one you mean.`,
          node.at,
        );
      }
      code = found[0];
      if (!code) {
        const lower = node.name.toLowerCase();
        const like = [...index.byId.values()].filter((c) => c.name.toLowerCase().includes(lower)).slice(0, 3);
        const hint = like.length ? ` Did you mean ${like.map((c) => `"${c.name}"`).join(' or ')}?` : '';
        const quote = !node.quoted && /\s/.test(node.name) ? ' Put a name with spaces in quotes.' : '';
        throw new QueryNameError(`No code or theme is named "${node.name}" (${where}).${hint}${quote}`, node.at);
      }
    }
    const ids = subtree(code.id);
    operands.set(node, { code, ids });
    if (!codes.some((c) => c.guid === code.guid)) {
      codes.push({ guid: code.guid, name: code.name, path: index.path(code.id), kind: code.kind, covers: ids.length });
    }
  };
  visit(tree);
  return { tree, operands, codes, index };
}

function asChorusError(e: unknown): unknown {
  if (e instanceof QueryNameError) return new ChorusError(ErrorCode.NOT_FOUND, e.message);
  if (e instanceof QuerySyntaxError) return new ChorusError(ErrorCode.INVALID_INPUT, e.message);
  return e;
}

/** Parses and resolves a query without running it. */
export function checkQuery(project: Project, text: string): QueryCheck {
  try {
    const { tree, codes, operands } = resolve(project, text);
    return { valid: true, normalized: formatQuery(tree, (n) => operands.get(n)!.code.name), codes };
  } catch (e) {
    if (e instanceof QuerySyntaxError) return { valid: false, message: e.message, position: e.position };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation, turn by turn

/** Per document, per turn (its seq), the codings witnessing that the node holds there. */
type Holds = Map<number, Map<number, number[]>>;

interface SegmentTurn {
  id: number;
  seq: number;
  start: number;
  end: number;
  speakerId: number | null;
}

interface CodingInfo {
  id: number;
  documentId: number;
  codeId: number;
  start: number;
  end: number;
  /** The turns it overlaps: `doc`'s turns `from` to `to - 1`, in order (indexes, not objects: a broad theme has tens of thousands of codings). */
  doc: DocTurns;
  from: number;
  to: number;
}

function segmentTurn(d: DocTurns, i: number): SegmentTurn {
  return { id: d.id[i]!, seq: d.seq[i]!, start: d.start[i]!, end: d.end[i]!, speakerId: d.speaker[i] === -1 ? null : d.speaker[i]! };
}

function evaluate(node: QueryNode, leaf: (node: QueryNode) => Holds): Holds {
  if (node.kind === 'code') return leaf(node);
  const left = evaluate(node.left, leaf);
  const right = evaluate(node.right, leaf);
  const out: Holds = new Map();
  const put = (doc: number, seq: number, witnesses: readonly number[]) => {
    let turns = out.get(doc);
    if (!turns) out.set(doc, (turns = new Map()));
    const had = turns.get(seq);
    turns.set(seq, had ? had.concat(witnesses) : [...witnesses]);
  };
  switch (node.kind) {
    case 'or':
      for (const side of [left, right]) for (const [doc, turns] of side) for (const [seq, w] of turns) put(doc, seq, w);
      break;
    case 'and':
      for (const [doc, turns] of left) {
        const other = right.get(doc);
        if (!other) continue;
        for (const [seq, w] of turns) {
          const w2 = other.get(seq);
          if (w2) put(doc, seq, w.concat(w2));
        }
      }
      break;
    case 'not':
      for (const [doc, turns] of left) {
        const other = right.get(doc);
        for (const [seq, w] of turns) if (!other?.has(seq)) put(doc, seq, w);
      }
      break;
    case 'near':
      for (const [a, b] of [
        [left, right],
        [right, left],
      ] as const) {
        for (const [doc, turns] of a) {
          const other = b.get(doc);
          if (!other) continue;
          const seqs = [...other.keys()].sort((x, y) => x - y);
          for (const [seq, w] of turns) if (anyWithin(seqs, seq, node.distance)) put(doc, seq, w);
        }
      }
      break;
  }
  return out;
}

/** Whether sorted `seqs` holds a value in [seq - n, seq + n]. */
function anyWithin(seqs: number[], seq: number, n: number): boolean {
  const lo = partitionPoint(seqs.length, (i) => seqs[i]! < seq - n);
  return lo < seqs.length && seqs[lo]! <= seq + n;
}

/** The codings of the query's codes, each with the turns it overlaps. */
function loadCodings(project: Project, codeIds: number[], scope: FindScope, coders: string[] | null): Map<number, CodingInfo> {
  const turnsOf = turnIndex(project);
  const out = new Map<number, CodingInfo>();
  for (const [id, documentId, codeId, start, end] of store.codingSpans(project.db, codeIds, scope.documentIds, coders)) {
    const doc = turnsOf(documentId);
    const [from, to] = overlappingTurns(doc, start, end);
    out.set(id, { id, documentId, codeId, start, end, doc, from, to });
  }
  return out;
}

interface RawSegment {
  coding: CodingInfo;
  start: number;
  end: number;
  /** The coding's turns in this segment. */
  turns: SegmentTurn[];
}

/** Runs the query and cuts the witness codings to the turns where it holds. */
export function findSegments(project: Project, input: ParsedQueryInput): { resolved: ResolvedQuery; scope: FindScope; segments: RawSegment[] } {
  let resolved: ResolvedQuery;
  try {
    resolved = resolve(project, input.codes);
  } catch (e) {
    throw asChorusError(e);
  }
  const scope = findScope(project, input.filters);
  const coders = input.filters.coders ?? null;
  const allIds = [...new Set([...resolved.operands.values()].flatMap((o) => o.ids))];
  const codings = loadCodings(project, allIds, scope, coders);

  const codingsOfCode = new Map<number, CodingInfo[]>();
  for (const c of codings.values()) {
    const list = codingsOfCode.get(c.codeId) ?? [];
    list.push(c);
    codingsOfCode.set(c.codeId, list);
  }
  const leaf = (node: QueryNode): Holds => {
    const holds: Holds = new Map();
    for (const id of resolved.operands.get(node)!.ids) {
      for (const c of codingsOfCode.get(id) ?? []) {
        let turns = holds.get(c.documentId);
        if (!turns) holds.set(c.documentId, (turns = new Map()));
        for (let i = c.from; i < c.to; i++) {
          const seq = c.doc.seq[i]!;
          const w = turns.get(seq);
          if (w) w.push(c.id);
          else turns.set(seq, [c.id]);
        }
      }
    }
    return holds;
  };
  const holds = evaluate(resolved.tree, leaf);

  // Per witness coding, the seqs of its turns where the query holds.
  const holding = new Map<number, Set<number>>();
  for (const turns of holds.values()) {
    for (const [seq, witnesses] of turns) {
      for (const id of witnesses) {
        let s = holding.get(id);
        if (!s) holding.set(id, (s = new Set()));
        s.add(seq);
      }
    }
  }
  const segments: RawSegment[] = [];
  for (const [id, seqs] of holding) {
    const c = codings.get(id)!;
    const d = c.doc;
    // The run of the coding's turns (indexes into d) where the query holds: [runFrom, i).
    let runFrom = -1;
    const flush = (runTo: number) => {
      if (runFrom < 0) return;
      // Cut only where a turn was left out: a coding that starts in a speaker label keeps its start.
      const start = runFrom === c.from ? c.start : Math.max(c.start, d.start[runFrom]!);
      const end = runTo === c.to ? c.end : Math.min(c.end, d.end[runTo - 1]!);
      if (end > start) {
        const turns: SegmentTurn[] = [];
        for (let k = runFrom; k < runTo; k++) turns.push(segmentTurn(d, k));
        segments.push({ coding: c, start, end, turns });
      }
      runFrom = -1;
    };
    for (let i = c.from; i < c.to; i++) {
      const speaker = d.speaker[i]!;
      if (seqs.has(d.seq[i]!) && speakerAllowed(scope, speaker === -1 ? null : speaker)) {
        if (runFrom < 0) runFrom = i;
      } else flush(i);
    }
    flush(c.to);
  }
  return { resolved, scope, segments };
}

/** `analysis.query`. */
export function runQuery(project: Project, input: ParsedQueryInput): QueryResult {
  const { resolved, scope, segments } = findSegments(project, input);
  const index = resolved.index;
  const sorted = sortSegments(segments, scope, index);
  const shown = sorted.slice(0, input.limit);
  return {
    normalized: formatQuery(resolved.tree, (n) => resolved.operands.get(n)!.code.name),
    codes: resolved.codes,
    segments: describeSegments(project, shown, scope, index, input.context),
    total: sorted.length,
    truncated: sorted.length > shown.length,
    documents: new Set(segments.map((s) => s.coding.documentId)).size,
    codings: new Set(segments.map((s) => s.coding.id)).size,
  };
}

export function sortSegments(segments: RawSegment[], scope: FindScope, index: CodeIndex): RawSegment[] {
  const pathKey = new Map<number, string>();
  const key = (id: number) => {
    let k = pathKey.get(id);
    if (k === undefined) pathKey.set(id, (k = index.path(id).join('\u0000').toLowerCase()));
    return k;
  };
  // Keys looked up once per segment, not twice per comparison (tens of thousands of segments).
  const keyed = segments.map((s) => ({ s, doc: scope.documentOrder.get(s.coding.documentId)!, path: key(s.coding.codeId) }));
  keyed.sort(
    (a, b) =>
      a.doc - b.doc ||
      a.s.start - b.s.start ||
      a.s.end - b.s.end ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      a.s.coding.id - b.s.coding.id,
  );
  return keyed.map((k) => k.s);
}

/** Text, speakers, turn and context for the segments that are shown. */
export function describeSegments(
  project: Project,
  segments: RawSegment[],
  scope: FindScope,
  index: CodeIndex,
  context: 'turn' | number,
): RetrievedSegment[] {
  const turnRows = turnDetails(project, segments.map((s) => s.turns[0]!.id));
  const labels = new Map(store.codingLabels(project.db, [...new Set(segments.map((s) => s.coding.id))]).map((c) => [c.id, c]));
  knowSpeakers(scope, segments.flatMap((s) => s.turns.map((t) => t.speakerId)));
  return segments.map((s) => {
    const doc = scope.documents.get(s.coding.documentId)!;
    const text = project.textOf(doc.guid)!;
    const code = index.byId.get(s.coding.codeId)!;
    const overlap = new Map<number, number>();
    for (const t of s.turns) {
      if (t.speakerId === null) continue;
      const n = Math.min(t.end, s.end) - Math.max(t.start, s.start);
      if (n > 0) overlap.set(t.speakerId, (overlap.get(t.speakerId) ?? 0) + n);
    }
    let ctxStart: number;
    let ctxEnd: number;
    if (context === 'turn') {
      ctxStart = Math.min(s.start, s.turns[0]!.start);
      ctxEnd = Math.max(s.end, s.turns[s.turns.length - 1]!.end);
    } else {
      ctxStart = contextStart(text, s.start, context, 0);
      ctxEnd = contextEnd(text, s.end, context, text.length);
    }
    const label = labels.get(s.coding.id)!;
    return {
      coding: label.guid,
      document: { guid: doc.guid, name: doc.name },
      start: s.start,
      end: s.end,
      text: text.slice(s.start, s.end),
      codingStart: s.coding.start,
      codingEnd: s.coding.end,
      code: { guid: code.guid, name: code.name, kind: code.kind, color: code.color, path: index.path(code.id) },
      coder: { guid: label.coder, name: scope.users.get(label.coder) ?? 'unknown coder' },
      speakers: [...overlap.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => findSpeaker(scope, id)!),
      turn: findTurn(turnRows.get(s.turns[0]!.id)!),
      context: { start: ctxStart, end: ctxEnd, text: text.slice(ctxStart, ctxEnd) },
    };
  });
}
