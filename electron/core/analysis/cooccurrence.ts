/**
 * Which codes meet: passages that overlap, codes in the same turn, or codes within N turns of each
 * other. Codes (or themes) whose codings are shared — a theme and a code below it — are never a
 * pair: their meeting says nothing.
 */
import type { Cooccurrence, CooccurrencePair, CooccurrenceSegments } from '../../../shared/analysis-compare.js';
import type { OpParsed } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Project } from '../project.js';
import * as store from '../store/analysis-compare.js';
import { codeUnits, memberCodes, type CodeUnit } from './context.js';
import { factsByCode, inDocumentOrder, segmentsOf, type Fact } from './matrix.js';

type Mode = OpParsed<'analysis.cooccurrence'>['mode'];

interface Meeting {
  /** Overlapping coding pairs, or turns where the two meet. */
  count: number;
  /** Turns holding both (turn and window modes), for Jaccard. */
  both: number;
  /** Codings of either that meet the other (kept when asked for). */
  codings: Set<number>;
  /** Codings of either that meet the other, counted for Jaccard in overlap mode. */
  involved: number;
}

interface Meetings {
  /** Codings (overlap) or turns (turn, window) per unit. */
  units: number[];
  pairs: Map<number, Meeting>;
}

// Pairs are keyed by number (unit indexes below 2^20): string keys made a large study's sweep slow.
const pairKey = (i: number, j: number) => (i < j ? i * 1_048_576 + j : j * 1_048_576 + i);
const pairOf = (key: number): [number, number] => [Math.floor(key / 1_048_576), key % 1_048_576];

function disjoint(a: CodeUnit, b: CodeUnit): boolean {
  const set = new Set(a.members);
  return !b.members.some((m) => set.has(m));
}

/**
 * Whether two units can be a pair: they are two and share no code. Found once from the units
 * each code stands in (a theme and the codes below it), not for every meeting.
 */
function pairability(units: readonly CodeUnit[]): (i: number, j: number) => boolean {
  const unitsOf = new Map<number, number[]>();
  units.forEach((u, i) => {
    for (const m of u.members) {
      const list = unitsOf.get(m);
      if (list) list.push(i);
      else unitsOf.set(m, [i]);
    }
  });
  const sharing = new Set<number>();
  for (const list of unitsOf.values()) {
    for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) sharing.add(pairKey(list[x]!, list[y]!));
  }
  return (i, j) => i !== j && !sharing.has(pairKey(i, j));
}

// Meetings keep their codings only when asked for (a cell): most pairs never need them.
const UNCOLLECTED: ReadonlySet<number> = new Set();

function meeting(pairs: Map<number, Meeting>, key: number, collect: boolean): Meeting {
  let m = pairs.get(key);
  if (!m) {
    m = { count: 0, both: 0, codings: collect ? new Set() : (UNCOLLECTED as Set<number>), involved: 0 };
    pairs.set(key, m);
  }
  return m;
}

/** Codings per unit (a code's codings may stand in several units: a code and its theme). */
function unitFacts<F>(units: readonly CodeUnit[], facts: Map<number, F[]>): { fact: F; unit: number }[] {
  const out: { fact: F; unit: number }[] = [];
  units.forEach((u, unit) => {
    for (const id of u.members) for (const fact of facts.get(id) ?? []) out.push({ fact, unit });
  });
  return out;
}

/** Where a coding lies: all an overlap needs. */
type Placed = { coding: store.CodingSpanRow };

/** `spans` in document and text order (as `store.codingSpans` gives them). */
function meetByOverlap(units: readonly CodeUnit[], spans: readonly store.CodingSpanRow[], collect: boolean): Meetings {
  const pairs = new Map<number, Meeting>();
  // Codings per unit: a coding stands once in a unit.
  const counted = new Int32Array(units.length);
  // Each coding in every unit it stands in, already in text order: which of two codings starting
  // together comes first changes nothing, as both are open when the later one is reached.
  const unitsOf = new Map<number, number[]>();
  units.forEach((u, i) => {
    for (const m of u.members) {
      const list = unitsOf.get(m);
      if (list) list.push(i);
      else unitsOf.set(m, [i]);
    }
  });
  const all: { fact: Placed; unit: number }[] = [];
  for (const coding of spans) for (const unit of unitsOf.get(coding.codeId) ?? []) all.push({ fact: { coding }, unit });
  const pairable = pairability(units);
  // The codings still open at the sweep's position, in the order they started, each with the
  // pairs it already takes part in (a coding meets few others, so a short list).
  type Open = { coding: store.CodingSpanRow; unit: number; pairs: number[] };
  const active: Open[] = [];
  const takePart = (z: Open, key: number, m: Meeting) => {
    if (z.pairs.includes(key)) return;
    z.pairs.push(key);
    m.involved++;
    if (collect) m.codings.add(z.coding.id);
  };
  let doc = -1;
  for (const { fact, unit } of all) {
    const c = fact.coding;
    const x: Open = { coding: c, unit, pairs: [] };
    counted[unit]!++;
    if (c.documentId !== doc) {
      active.length = 0;
      doc = c.documentId;
    }
    let open = 0;
    for (const y of active) if (y.coding.end > c.start) active[open++] = y;
    active.length = open;
    for (const y of active) {
      if (y.coding.id === c.id || !pairable(x.unit, y.unit)) continue;
      const key = pairKey(x.unit, y.unit);
      const m = meeting(pairs, key, collect);
      m.count++;
      takePart(x, key, m);
      takePart(y, key, m);
    }
    active.push(x);
  }
  return { units: [...counted], pairs };
}

function meetByTurns(
  project: Project,
  units: readonly CodeUnit[],
  facts: Map<number, Fact[]>,
  window: number,
  collect: boolean,
): Meetings {
  // Turns numbered in text order across the project; a window never reaches into another document.
  // Keyed by number (document id × 2^21 + seq): string keys made a large study slow.
  const turnKey = (documentId: number, seq: number) => documentId * 2_097_152 + seq;
  const ordinal = new Map<number, number>();
  const documentOf: number[] = [];
  for (const t of store.turnSpans(project.db)) {
    ordinal.set(turnKey(t.documentId, t.seq), documentOf.length);
    documentOf.push(t.documentId);
  }
  // Per turn: the units present (each once) and, for a cell, their codings there.
  const present = new Map<number, number[]>();
  const codingsAt = new Map<number, number[]>();
  const turnsOf = units.map(() => new Set<number>());
  for (const { fact, unit } of unitFacts(units, facts)) {
    for (const p of fact.pieces) {
      if (p.seq === null || p.end <= p.start) continue;
      const t = ordinal.get(turnKey(fact.coding.documentId, p.seq))!;
      if (!turnsOf[unit]!.has(t)) {
        turnsOf[unit]!.add(t);
        const here = present.get(t);
        if (here) here.push(unit);
        else present.set(t, [unit]);
      }
      if (collect) {
        const key = t * units.length + unit;
        const list = codingsAt.get(key);
        if (list) list.push(fact.coding.id);
        else codingsAt.set(key, [fact.coding.id]);
      }
    }
  }
  const pairable = pairability(units);
  const pairs = new Map<number, Meeting>();
  // Which units are in the turn and near it, marked with the turn (no sets per turn).
  const inTurn = new Int32Array(units.length).fill(-1);
  const nearTurn = new Int32Array(units.length).fill(-1);
  // The turn a pair was last counted in: a pair counts once per turn of either code.
  const countedIn = new Map<number, number>();
  for (const [t, here] of present) {
    for (const unit of here) inTurn[unit] = t;
    const near: number[] = [];
    for (let u = t - window; u <= t + window; u++) {
      if (documentOf[u] !== documentOf[t]) continue;
      for (const unit of present.get(u) ?? []) {
        if (nearTurn[unit] === t) continue;
        nearTurn[unit] = t;
        near.push(unit);
      }
    }
    for (const a of here) {
      for (const b of near) {
        if (!pairable(a, b)) continue;
        const key = pairKey(a, b);
        const m = meeting(pairs, key, collect);
        if (countedIn.get(key) !== t) {
          countedIn.set(key, t);
          m.count++;
          if (inTurn[b] === t) m.both++;
        }
        if (collect) for (const id of codingsAt.get(t * units.length + a)!) m.codings.add(id);
      }
    }
  }
  return { units: turnsOf.map((s) => s.size), pairs };
}

function meet(project: Project, units: readonly CodeUnit[], mode: Mode, window: number, collect: boolean): Meetings {
  const ids = memberCodes(project, units);
  if (mode === 'overlap') {
    // Overlap needs no turns: where codings lie, without their pieces.
    return meetByOverlap(units, store.codingSpans(project.db, ids), collect);
  }
  return meetByTurns(project, units, factsByCode(project, ids), mode === 'turn' ? 0 : window, collect);
}

export function cooccurrence(project: Project, input: OpParsed<'analysis.cooccurrence'>): Cooccurrence {
  const units = codeUnits(project, input.rows, input.pick);
  const window = input.mode === 'turn' ? 0 : input.window;
  const met = meet(project, units, input.mode, window, false);
  const found: { i: number; j: number; count: number; jaccard: number }[] = [];
  for (const [key, m] of met.pairs) {
    if (m.count < input.minCount) continue;
    const [i, j] = pairOf(key);
    const union = input.mode === 'overlap' ? met.units[i]! + met.units[j]! : met.units[i]! + met.units[j]! - m.both;
    const meeting = input.mode === 'overlap' ? m.involved : m.count;
    found.push({ i, j, count: m.count, jaccard: union === 0 ? 0 : meeting / union });
  }
  // Ties in tree order, which is also the order of the nodes.
  found.sort((x, y) => y.count - x.count || y.jaccard - x.jaccard || x.i - y.i || x.j - y.j);
  const pairs: CooccurrencePair[] = found.map(({ i, j, count, jaccard }) => ({
    a: units[i]!.guid,
    b: units[j]!.guid,
    aName: units[i]!.name,
    bName: units[j]!.name,
    count,
    jaccard,
  }));
  return {
    mode: input.mode,
    window,
    nodes: units.map((u, i) => ({ key: u.guid, name: u.name, kind: u.kind, color: u.color, units: met.units[i]! })),
    pairs,
  };
}

/** The codings of either code that meet the other, in document order. */
export function cooccurrenceCell(project: Project, input: OpParsed<'analysis.cooccurrenceCell'>): CooccurrenceSegments {
  if (input.a === input.b) throw new ChorusError(ErrorCode.INVALID_INPUT, 'Choose two different codes.');
  const units = codeUnits(project, input.rows, [input.a, input.b]);
  if (!disjoint(units[0]!, units[1]!)) return [];
  const met = meet(project, units, input.mode, input.mode === 'turn' ? 0 : input.window, true);
  const ids = met.pairs.get(pairKey(0, 1))?.codings ?? new Set<number>();
  const facts = [...factsByCode(project, [...new Set(units.flatMap((u) => u.members))]).values()].flat();
  return segmentsOf(project, inDocumentOrder(facts.filter((f) => ids.has(f.coding.id))));
}
