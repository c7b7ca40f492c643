/**
 * `team.agreement`: agreement between coders of the open project at one unit, per code and
 * document, per code, per document and pooled. Each (code, document) pair the coders used becomes
 * a distribution of weighted units (`units.ts`); rows above it add distributions up, and pairs
 * nobody coded add their units as "nobody coded" (characters or turns; a segment only exists where
 * someone coded). A pooled statistic is computed once on all of its units — every character of
 * every document counts once per code — so for percentage agreement it equals the average of the
 * per-document figures weighted by their size, which is how NVivo suggests pooling.
 */
import type {
  AgreementCounts,
  AgreementReport,
  AgreementRow,
  AgreementUnit,
  CodeAgreement,
  CodeDocumentAgreement,
  DocumentAgreement,
} from '../../../../shared/agreement-report.js';
import { DEFAULT_AGREEMENT_STATISTICS } from '../../../../shared/agreement-report.js';
import type { StatisticName, StatisticResult } from '../../../../shared/agreement.js';
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import type { Project } from '../../project.js';
import { allTurnSpans, codingsOfCoders, type CodingColumns } from '../../store/agreement.js';
import { computeAll, type ReliabilityUnit } from '../statistics/index.js';
import { checkCoders, resolveScope, summaryOfColumns, type Scope } from './scope.js';
import {
  addTo,
  characterDistribution,
  fullMask,
  mergeInto,
  segmentDistribution,
  turnDistribution,
  turnIndex,
  type Distribution,
  type Span,
  type TurnIndex,
} from './units.js';

export interface AgreementInput {
  coders: string[];
  unit: AgreementUnit;
  threshold: number;
  codes?: string[] | undefined;
  documents?: string[] | undefined;
  statistics?: StatisticName[] | undefined;
}

export interface AgreementOptions {
  signal?: AbortSignal;
  progress?: (done: number, total: number, message: string) => void;
}

/** Binary coded / not coded: q = 2 even where nobody coded (Brennan-Prediger, Gwet). */
const BINARY = { level: 'nominal', categories: [0, 1] } as const;

export function agreementReport(project: Project, input: AgreementInput, options: AgreementOptions = {}): AgreementReport {
  const statistics = input.statistics ?? [...DEFAULT_AGREEMENT_STATISTICS[input.unit]];
  options.progress?.(0, 3, 'Reading the codings');
  checkCoders(project, input.coders);
  const codings = codingsOfCoders(project.db, input.coders);
  const scope = resolveScope(project, input, summaryOfColumns(codings, input.coders.length));
  checkCancelled(options.signal);
  options.progress?.(1, 3, 'Comparing the coders');
  const pairs = pairDistributions(project, scope, input, codings);
  checkCancelled(options.signal);
  options.progress?.(2, 3, 'Computing the statistics');

  const n = scope.coders.length;
  // At the turn and segment units many code-and-document pairs fall alike (one turn coded by both,
  // the rest by nobody): their statistics are computed once, and the rows share the results. At
  // the character unit counts are characters and rarely equal, so a key would only cost time.
  const computed = input.unit === 'character' ? null : new Map<string, StatisticResult[]>();
  const row = (dist: Distribution): AgreementRow => {
    const units = reliabilityUnits(dist, n);
    const key = computed ? units.map((u) => `${u.ratings.join('')}:${u.weight}`).join(' ') : '';
    let results = computed?.get(key);
    if (!results) {
      results = computeAll(units, BINARY, statistics);
      computed?.set(key, results);
    }
    return { counts: countsOf(dist, n), statistics: results };
  };
  const unitsOfDocument = (docId: number) => (input.unit === 'segment' ? 0 : pairs.unitsPerDocument.get(docId) ?? 0);

  const perCodeDist = new Map<number, Distribution>();
  const perDocDist = new Map<number, Distribution>(scope.documents.map((d) => [d.id, new Map()]));
  const pooled: Distribution = new Map();
  const perCodeDocument: CodeDocumentAgreement[] = [];
  for (const code of scope.codes) {
    const dist: Distribution = new Map();
    let coveredUnits = 0;
    const forCode = pairs.byCode.get(code.id);
    for (const doc of forCode ? scope.documents : []) {
      const pair = forCode!.get(doc.id);
      if (!pair) continue;
      mergeInto(dist, pair);
      mergeInto(perDocDist.get(doc.id)!, pair);
      coveredUnits += unitsOfDocument(doc.id);
      perCodeDocument.push({ code: codeRef(code), document: { guid: doc.guid, name: doc.name }, ...row(pair) });
    }
    addTo(dist, 0, pairs.totalUnits - coveredUnits);
    perCodeDist.set(code.id, dist);
    mergeInto(pooled, dist);
  }
  // A document's units that a code was never applied to count as "nobody coded" for that code.
  for (const doc of scope.documents) {
    let codedCodes = 0;
    for (const code of scope.codes) if (pairs.byCode.get(code.id)?.has(doc.id)) codedCodes++;
    addTo(perDocDist.get(doc.id)!, 0, (scope.codes.length - codedCodes) * unitsOfDocument(doc.id));
  }

  const perCode: CodeAgreement[] = scope.codes.map((c) => ({ code: codeRef(c), ...row(perCodeDist.get(c.id)!) }));
  const perDocument: DocumentAgreement[] = scope.documents.map((d) => ({
    document: { guid: d.guid, name: d.name },
    ...row(perDocDist.get(d.id)!),
  }));
  options.progress?.(3, 3, 'Agreement computed');
  return {
    unit: input.unit,
    threshold: input.unit === 'segment' ? input.threshold : null,
    coders: scope.coders,
    statistics,
    pooled: row(pooled),
    perCode,
    perDocument,
    perCodeDocument,
    notes: scope.notes,
  };
}

function codeRef(c: { guid: string; name: string; path: string[] }) {
  return { guid: c.guid, name: c.name, path: c.path };
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ChorusError(ErrorCode.CANCELLED, 'The agreement report was cancelled.');
}

export interface PairDistributions {
  /** code id → document id → distribution, for the pairs a coder coded. */
  byCode: Map<number, Map<number, Distribution>>;
  /** Units a document has at this unit: characters or turns (segments: none without codings). */
  unitsPerDocument: Map<number, number>;
  totalUnits: number;
}

/** Groups the codings by code and document and turns each group into its distribution. */
export function pairDistributions(
  project: Project,
  scope: Scope,
  input: { unit: AgreementUnit; threshold: number },
  codings: CodingColumns,
): PairDistributions {
  const docIds = new Set(scope.documents.map((d) => d.id));
  const turns = input.unit === 'turn' ? turnIndexes(project, docIds) : new Map<number, TurnIndex>();
  const unitsPerDocument = new Map<number, number>();
  for (const d of scope.documents) {
    unitsPerDocument.set(d.id, input.unit === 'character' ? d.length : input.unit === 'turn' ? turns.get(d.id)?.starts.length ?? 0 : 0);
  }
  const { code, document: doc, start, end, coder } = codings;
  // Codings grouped by (code, document) with a counting sort on the group's number: one pass to
  // count, one to place, no comparisons. Within a group they keep table order, which the units
  // do not depend on (a coder's spans are put in order where it matters).
  const codeRank = new Map(scope.codes.map((c, r) => [c.id, r]));
  const docRank = new Map(scope.documents.map((d, r) => [d.id, r]));
  const docCount = scope.documents.length;
  const groupOf = new Int32Array(codings.length).fill(-1);
  const groupStart = new Int32Array(scope.codes.length * docCount + 1);
  for (let i = 0; i < codings.length; i++) {
    const c = codeRank.get(code[i]!);
    const d = docRank.get(doc[i]!);
    if (c === undefined || d === undefined) continue;
    groupOf[i] = c * docCount + d;
    groupStart[groupOf[i]! + 1]!++;
  }
  for (let g = 1; g < groupStart.length; g++) groupStart[g]! += groupStart[g - 1]!;
  const placed = new Int32Array(groupStart[groupStart.length - 1]!);
  const next = groupStart.slice(0, -1);
  for (let i = 0; i < codings.length; i++) if (groupOf[i]! >= 0) placed[next[groupOf[i]!]!++] = i;

  const n = scope.coders.length;
  const byCode = new Map<number, Map<number, Distribution>>();
  for (let g = 0; g + 1 < groupStart.length; g++) {
    const from = groupStart[g]!;
    const to = groupStart[g + 1]!;
    if (from === to) continue;
    const codeId = scope.codes[Math.floor(g / docCount)]!.id;
    const document = scope.documents[g % docCount]!;
    const byCoder: Span[][] = Array.from({ length: n }, () => []);
    for (let k = from; k < to; k++) {
      const i = placed[k]!;
      byCoder[coder[i]!]!.push({ start: start[i]!, end: end[i]! });
    }
    const dist =
      input.unit === 'character'
        ? characterDistribution(byCoder, document.length)
        : input.unit === 'turn'
          ? turnDistribution(byCoder, turns.get(document.id) ?? turnIndex([]))
          : segmentDistribution(byCoder.map(byStart), input.threshold);
    let forCode = byCode.get(codeId);
    if (!forCode) byCode.set(codeId, (forCode = new Map()));
    forCode.set(document.id, dist);
  }
  let totalUnits = 0;
  for (const u of unitsPerDocument.values()) totalUnits += u;
  return { byCode, unitsPerDocument, totalUnits };
}

function byStart(spans: Span[]): Span[] {
  return spans.sort((a, b) => a.start - b.start || a.end - b.end);
}

function turnIndexes(project: Project, docIds: ReadonlySet<number>): Map<number, TurnIndex> {
  const spans = new Map<number, Span[]>();
  for (const [docId, start, end] of allTurnSpans(project.db)) {
    if (!docIds.has(docId)) continue;
    let list = spans.get(docId);
    if (!list) spans.set(docId, (list = []));
    list.push({ start, end });
  }
  return new Map([...spans].map(([id, list]) => [id, turnIndex(list)]));
}

export function countsOf(dist: Distribution, coders: number): AgreementCounts {
  const all = fullMask(coders);
  const counts: AgreementCounts = { units: 0, agreed: 0, codedByAll: 0, codedByNone: 0, disagreed: 0, codedBy: Array<number>(coders).fill(0) };
  for (const [mask, weight] of dist) {
    counts.units += weight;
    if (mask === 0) counts.codedByNone += weight;
    else if (mask === all) counts.codedByAll += weight;
    else counts.disagreed += weight;
    for (let c = 0; c < coders; c++) if ((mask >>> c) & 1) counts.codedBy[c]! += weight;
  }
  counts.agreed = counts.codedByAll + counts.codedByNone;
  return counts;
}

/** The weighted units a distribution stands for: one per coder pattern. */
export function reliabilityUnits(dist: Distribution, coders: number): ReliabilityUnit[] {
  return [...dist]
    .filter(([, weight]) => weight > 0)
    .sort(([a], [b]) => a - b)
    .map(([mask, weight]) => ({ ratings: Array.from({ length: coders }, (_, c) => (mask >>> c) & 1), weight }));
}
