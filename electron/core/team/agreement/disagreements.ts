/**
 * `team.disagreements`: where coders differ about one code, for drilling down from a report row.
 * A passage is what the unit compares: at the character and segment units a stretch of
 * overlapping codings (any coder's) in which some characters, or some segments, are not agreed;
 * at the turn unit a turn that some coders touched with the code and others did not. Each passage
 * carries every coder's codings in it, so they can be read side by side.
 */
import type { Disagreement, DisagreementSide } from '../../../../shared/agreement-report.js';
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import type { Project } from '../../project.js';
import { codingsOfCodeByCoders, turnsOfDocument, type TurnTuple } from '../../store/agreement.js';
import { codeRowByGuid } from '../../store/codes.js';
import type { AgreementInput } from './report.js';
import { checkCoders, resolveScope, summaryFromStore } from './scope.js';
import {
  characterDistribution,
  clustersOf,
  fullMask,
  segmentMask,
  turnIndex,
  turnMasks,
  turnsOverlapping,
  type Span,
  type TurnIndex,
} from './units.js';

export interface DisagreementInput {
  coders: string[];
  unit: AgreementInput['unit'];
  threshold: number;
  code: string;
  document?: string | undefined;
}

export function disagreements(project: Project, input: DisagreementInput): Disagreement[] {
  checkCoders(project, input.coders);
  const code = codeRowByGuid(project.db, input.code);
  if (!code) throw new ChorusError(ErrorCode.NOT_FOUND, `This project has no code with the id ${input.code}.`);
  const scope = resolveScope(
    project,
    { coders: input.coders, codes: [input.code], documents: input.document ? [input.document] : undefined },
    summaryFromStore(project, input.coders),
  );
  const n = scope.coders.length;
  const all = fullMask(n);
  const byDocument = new Map<number, Span[][]>();
  for (const [docId, start, end, coder] of codingsOfCodeByCoders(project.db, code.id, input.coders)) {
    let byCoder = byDocument.get(docId);
    if (!byCoder) byDocument.set(docId, (byCoder = Array.from({ length: n }, () => [])));
    byCoder[scope.coderIndex.get(coder)!]!.push({ start, end });
  }

  const inside = (cluster: Span) => (s: Span) => s.start >= cluster.start && s.end <= cluster.end;
  const overlapping = (turn: Span) => (s: Span) => s.start < turn.end && s.end > turn.start;
  const out: Disagreement[] = [];
  for (const doc of scope.documents) {
    const byCoder = byDocument.get(doc.id);
    if (!byCoder) continue;
    let turns: TurnTuple[] | undefined;
    let index: TurnIndex | undefined;
    const loadTurns = () => {
      turns ??= turnsOfDocument(project.db, doc.id);
      index ??= turnIndex(turns.map(([, start, end]) => ({ start, end })));
      return index;
    };
    // The passages first; text and turns are read only for documents that have some.
    const found: { span: Span; disputed: number; within: (s: Span) => boolean }[] = [];
    if (input.unit === 'turn') {
      const turnsIndex = loadTurns();
      const masks = [...turnMasks(byCoder, turnsIndex)].filter(([, mask]) => mask !== all).sort(([x], [y]) => x - y);
      for (const [t] of masks) {
        const turn = { start: turnsIndex.starts[t]!, end: turnsIndex.ends[t]! };
        found.push({ span: turn, disputed: 1, within: overlapping(turn) });
      }
    } else {
      for (const cluster of clustersOf(byCoder)) {
        const clipped = byCoder.map((spans) => spans.filter(inside(cluster)));
        let disputed = 0;
        if (input.unit === 'character') {
          for (const [mask, weight] of characterDistribution(clipped, cluster.end)) if (mask !== 0 && mask !== all) disputed += weight;
        } else {
          clipped.forEach((spans, coder) => {
            for (const s of spans) if (segmentMask(coder, s, clipped, input.threshold) !== all) disputed++;
          });
        }
        if (disputed > 0) found.push({ span: cluster, disputed, within: inside(cluster) });
      }
    }
    if (found.length === 0) continue;
    const text = project.textOf(doc.guid) ?? '';
    const turnsIndex = loadTurns();
    for (const { span, disputed, within } of found) {
      out.push({
        document: { guid: doc.guid, name: doc.name },
        start: span.start,
        end: span.end,
        text: text.slice(span.start, span.end),
        speakers: speakersOf(turns!, turnsOverlapping(turnsIndex, span)),
        sides: scope.coders.map(
          (c, i): DisagreementSide => ({
            coder: c.guid,
            name: c.name,
            spans: byCoder[i]!.filter(within).map((s) => ({ start: s.start, end: s.end, text: text.slice(s.start, s.end) })),
          }),
        ),
        disputed,
      });
    }
  }
  return out;
}

function speakersOf(turns: readonly TurnTuple[], indexes: readonly number[]): string[] {
  const labels: string[] = [];
  for (const t of indexes) {
    const label = turns[t]![3];
    if (label !== null && !labels.includes(label)) labels.push(label);
  }
  return labels;
}
