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
import { codingsOfCodeByCoders, codingsOfCoders, turnsOfDocument, type TurnTuple } from '../../store/agreement.js';
import { codeRowByGuid } from '../../store/codes.js';
import type { AgreementInput } from './report.js';
import { resolveScope } from './scope.js';
import {
  characterDistribution,
  clustersOf,
  fullMask,
  segmentMask,
  turnIndex,
  turnMasks,
  turnsOverlapping,
  type Span,
} from './units.js';

export interface DisagreementInput {
  coders: string[];
  unit: AgreementInput['unit'];
  threshold: number;
  code: string;
  document?: string | undefined;
}

export function disagreements(project: Project, input: DisagreementInput): Disagreement[] {
  const code = codeRowByGuid(project.db, input.code);
  if (!code) throw new ChorusError(ErrorCode.NOT_FOUND, `This project has no code with the id ${input.code}.`);
  const scope = resolveScope(
    project,
    { coders: input.coders, codes: [input.code], documents: input.document ? [input.document] : undefined },
    input.document ? [] : codingsOfCoders(project.db, input.coders),
  );
  const n = scope.coders.length;
  const all = fullMask(n);
  const byDocument = new Map<number, Span[][]>();
  for (const [docId, start, end, coder] of codingsOfCodeByCoders(project.db, code.id, input.coders)) {
    let byCoder = byDocument.get(docId);
    if (!byCoder) byDocument.set(docId, (byCoder = Array.from({ length: n }, () => [])));
    byCoder[scope.coderIndex.get(coder)!]!.push({ start, end });
  }

  const out: Disagreement[] = [];
  for (const doc of scope.documents) {
    const byCoder = byDocument.get(doc.id);
    if (!byCoder) continue;
    const text = project.textOf(doc.guid) ?? '';
    const turns = turnsOfDocument(project.db, doc.id);
    const index = turnIndex(turns.map(([, start, end]) => ({ start, end })));
    const passage = (span: Span, disputed: number, within: (s: Span) => boolean): Disagreement => ({
      document: { guid: doc.guid, name: doc.name },
      start: span.start,
      end: span.end,
      text: text.slice(span.start, span.end),
      speakers: speakersOf(turns, turnsOverlapping(index, span)),
      sides: scope.coders.map(
        (c, i): DisagreementSide => ({
          coder: c.guid,
          name: c.name,
          spans: byCoder[i]!.filter(within).map((s) => ({ start: s.start, end: s.end, text: text.slice(s.start, s.end) })),
        }),
      ),
      disputed,
    });
    const inside = (cluster: Span) => (s: Span) => s.start >= cluster.start && s.end <= cluster.end;
    const overlapping = (turn: Span) => (s: Span) => s.start < turn.end && s.end > turn.start;

    if (input.unit === 'turn') {
      const masks = [...turnMasks(byCoder, index)].filter(([, mask]) => mask !== all).sort(([a], [b]) => a - b);
      for (const [t] of masks) {
        const turn = { start: index.starts[t]!, end: index.ends[t]! };
        out.push(passage(turn, 1, overlapping(turn)));
      }
      continue;
    }
    for (const cluster of clustersOf(byCoder)) {
      const clipped = byCoder.map((spans) => spans.filter(inside(cluster)));
      let disputed = 0;
      if (input.unit === 'character') {
        for (const [mask, weight] of characterDistribution(clipped, cluster.end)) if (mask !== 0 && mask !== all) disputed += weight;
      } else {
        const sorted = clipped.map((spans) => [...spans].sort((a, b) => a.start - b.start));
        sorted.forEach((spans, coder) => {
          for (const s of spans) if (segmentMask(coder, s, sorted, input.threshold) !== all) disputed++;
        });
      }
      if (disputed > 0) out.push(passage(cluster, disputed, inside(cluster)));
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
