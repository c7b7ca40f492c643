/**
 * Code matrices: codes or themes × documents, speakers, roles or attribute values, counting
 * codings, people or words, and the segments behind each cell. A coding is attributed to columns
 * through the people and roles of the turns it overlaps (store/attribution.ts); a cell is always
 * made of its segments: their number, their people, or the sum of their words.
 */
import type {
  AnalysisSegment,
  Matrix,
  MatrixColumn,
  MatrixColumns,
  MatrixMeasure,
  MatrixRow,
} from '../../../shared/analysis-compare.js';
import type { OpParsed } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import { speakerAttribution } from '../codings/service.js';
import type { Project } from '../project.js';
import * as store from '../store/analysis-compare.js';
import { codeUnits, memberCodes, people, resolveAttribute, type CodeUnit, type People } from './context.js';
import { wordCount, wordsOf } from './word-index.js';
import { partitionPoint } from '../../../shared/partition-point.js';

/** A coding with the turns it overlaps. */
export interface Fact {
  /** Where it lies (who coded it and when is read only for the segments shown: `segmentsOf`). */
  coding: store.CodingSpanRow;
  pieces: { seq: number | null; start: number; end: number; speakerId: number | null; person: string | null }[];
}

/**
 * Codings (of the given codes, or all) with their pieces, by code, in document and text order. A
 * piece is the coding's part of a turn it overlaps (any overlap, as OVERLAPPING_TURN in
 * attribution.ts), with the person the turn counts for; turns do not overlap one another, so
 * their ends are in order and the first turn a coding reaches is found by binary search.
 */
export function factsByCode(project: Project, codeIds: readonly number[] | null): Map<number, Fact[]> {
  // A few codings (a cell, one code) are joined to their turns in SQL, two index seeks each,
  // rather than reading every turn of the project.
  if (codeIds !== null && 2 * store.codingCountOf(project.db, codeIds) < store.turnCount(project.db)) return factsByJoin(project, codeIds);
  const turnsByDocument = new Map<number, store.TurnPersonRow[]>();
  for (const t of store.turnPersons(project.db)) {
    const list = turnsByDocument.get(t.documentId);
    if (list) list.push(t);
    else turnsByDocument.set(t.documentId, [t]);
  }
  const out = new Map<number, Fact[]>();
  for (const coding of store.codingSpans(project.db, codeIds)) {
    const turns = turnsByDocument.get(coding.documentId) ?? [];
    const lo = partitionPoint(turns.length, (i) => turns[i]!.end <= coding.start);
    const pieces: Fact['pieces'] = [];
    for (let i = lo; i < turns.length && turns[i]!.start < coding.end; i++) {
      const t = turns[i]!;
      if (t.end <= coding.start) continue;
      pieces.push({
        seq: t.seq,
        start: Math.max(coding.start, t.start),
        end: Math.min(coding.end, t.end),
        speakerId: t.speakerId,
        person: t.person,
      });
    }
    const list = out.get(coding.codeId);
    if (list) list.push({ coding, pieces });
    else out.set(coding.codeId, [{ coding, pieces }]);
  }
  return out;
}

/** `factsByCode` through SQL's join of codings and turns. */
function factsByJoin(project: Project, codeIds: readonly number[]): Map<number, Fact[]> {
  const out = new Map<number, Fact[]>();
  let last: Fact | undefined;
  for (const r of store.codingPieces(project.db, codeIds)) {
    if (last?.coding.id !== r.id) {
      last = { coding: { id: r.id, codeId: r.codeId, documentId: r.documentId, start: r.start, end: r.end }, pieces: [] };
      const list = out.get(r.codeId) ?? [];
      list.push(last);
      out.set(r.codeId, list);
    }
    if (r.seq !== null) {
      last.pieces.push({
        seq: r.seq,
        start: Math.max(r.start, r.turnStart!),
        end: Math.min(r.end, r.turnEnd!),
        speakerId: r.speakerId,
        person: r.person,
      });
    }
  }
  return out;
}

/** What a coding counts for in one column: its words there and its people there. */
interface Share {
  words: number;
  people: Set<string>;
}

/** Columns of a matrix, and how a coding is shared among them. */
interface ColumnPlan {
  columns: Omit<MatrixColumn, 'total'>[];
  attribute(fact: Fact): Map<string, Share>;
}

/** What a share must hold: a matrix of codings needs neither words nor people, a cell both. */
interface Needs {
  words: boolean;
  people: boolean;
}
const NO_PEOPLE: ReadonlySet<string> = new Set();

function columnPlan(project: Project, spec: MatrixColumns, who: People, needs: Needs): ColumnPlan {
  const index = wordsOf(project, 'words');
  const words = needs.words
    ? (documentId: number, start: number, end: number) => wordCount(index(documentId), index.table, start, end)
    : () => 0;
  const newPeople = () => (needs.people ? new Set<string>() : (NO_PEOPLE as Set<string>));
  const docs = store.documentRows(project.db);
  const docGuid = new Map(docs.map((d) => [d.id, d.guid]));
  const wholeCoding = (key: (f: Fact) => string | undefined) => (f: Fact) => {
    const out = new Map<string, Share>();
    const k = key(f);
    if (k === undefined) return out;
    // Words inside turns only: a transcript's labels and timestamps between turns are not words said.
    let n = 0;
    const persons = newPeople();
    for (const p of f.pieces) {
      n += words(f.coding.documentId, p.start, p.end);
      if (p.person !== null && needs.people) persons.add(p.person);
    }
    out.set(k, { words: n, people: persons });
    return out;
  };
  const byPiece = (key: (p: Fact['pieces'][number]) => string | undefined) => (f: Fact) => {
    const out = new Map<string, Share>();
    for (const p of f.pieces) {
      const k = key(p);
      if (k === undefined) continue;
      let s = out.get(k);
      if (!s) {
        s = { words: 0, people: newPeople() };
        out.set(k, s);
      }
      s.words += words(f.coding.documentId, p.start, p.end);
      if (p.person !== null && needs.people) s.people.add(p.person);
    }
    return out;
  };

  switch (spec.kind) {
    case 'documents':
      return {
        columns: docs.map((d) => ({ key: d.guid, label: d.name })),
        attribute: wholeCoding((f) => docGuid.get(f.coding.documentId)),
      };
    case 'speakers': {
      const counted = [...who.speakers.values()].filter((s) => s.role === 'participant').map((s) => s.person);
      const columns = [...new Set(counted)].map((key) => {
        const p = who.persons.get(key)!;
        return { key: p.key, label: p.label, ...(p.document !== undefined ? { document: p.document } : {}) };
      });
      return { columns, attribute: byPiece((p) => (p.person === null ? undefined : who.persons.get(p.person)!.key)) };
    }
    case 'roles':
      return {
        columns: (['moderator', 'participant', 'observer'] as const).map((r) => ({ key: r, label: r })),
        attribute: byPiece((p) => (p.speakerId === null ? undefined : who.speakers.get(p.speakerId)!.role)),
      };
    case 'attribute': {
      const a = resolveAttribute(project, spec.attribute);
      const values = new Map(store.attributeValueRows(project.db, a.scope, a.id).map((v) => [v.ownerId, v.value]));
      const columns = sortValues([...new Set(values.values())]).map((v) => ({ key: v, label: `${a.name} = ${v}` }));
      if (a.scope === 'document') return { columns, attribute: wholeCoding((f) => values.get(f.coding.documentId)) };
      return {
        columns,
        attribute: byPiece((p) => {
          const participant = p.person?.startsWith('p') ? Number(p.person.slice(1)) : undefined;
          return participant === undefined ? undefined : values.get(participant);
        }),
      };
    }
  }
}

// Numbers in numeric order (years of training), else alphabetically.
function sortValues(values: string[]): string[] {
  const numeric = values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  return numeric ? values.sort((a, b) => Number(a) - Number(b)) : values.sort((a, b) => a.localeCompare(b));
}

/** Accumulates one measure over codings: distinct codings, distinct people, or a sum of words. */
class Tally {
  // Only what the measure needs: a matrix of speakers has thousands of cells per row.
  private readonly seen: Set<number | string> | null;
  private words = 0;
  constructor(private readonly measure: MatrixMeasure) {
    this.seen = measure === 'words' ? null : new Set();
  }
  add(codingId: number, share: Share): void {
    if (this.measure === 'codings') this.seen!.add(codingId);
    else if (this.measure === 'participants') for (const p of share.people) this.seen!.add(p);
    else this.words += share.words;
  }
  get value(): number {
    return this.seen === null ? this.words : this.seen.size;
  }
}

const percent = (value: number, total: number): number | null => (total === 0 ? null : (100 * value) / total);

export function codeMatrix(project: Project, input: OpParsed<'analysis.matrix'>): Matrix {
  const units = codeUnits(project, input.rows, input.pick);
  if (input.columns.kind === 'documents' && input.measure === 'codings') return codingsByDocument(project, units);
  const who = people(project);
  const plan = columnPlan(project, input.columns, who, { words: input.measure === 'words', people: input.measure === 'participants' });
  const facts = factsByCode(project, memberCodes(project, units));
  const shares = new Map<number, Map<string, Share>>();
  const sharesOf = (f: Fact) => {
    let s = shares.get(f.coding.id);
    if (!s) {
      s = plan.attribute(f);
      shares.set(f.coding.id, s);
    }
    return s;
  };

  const index = new Map(plan.columns.map((c, i) => [c.key, i]));
  const columnTallies = plan.columns.map(() => new Tally(input.measure));
  const grand = new Tally(input.measure);
  // Words are summed, so a coding in two rows must reach the column and grand totals once.
  const seen = new Set<number>();
  const rawRows = units.map((u) => {
    // The cells a row's codings reach (most rows reach few of many columns).
    const cells = new Map<number, Tally>();
    const total = new Tally(input.measure);
    for (const id of u.members) {
      for (const f of facts.get(id) ?? []) {
        const first = !seen.has(f.coding.id);
        seen.add(f.coding.id);
        for (const [key, share] of sharesOf(f)) {
          const i = index.get(key);
          if (i === undefined) continue;
          let cell = cells.get(i);
          if (!cell) cells.set(i, (cell = new Tally(input.measure)));
          cell.add(f.coding.id, share);
          total.add(f.coding.id, share);
          if (first || input.measure !== 'words') {
            columnTallies[i]!.add(f.coding.id, share);
            grand.add(f.coding.id, share);
          }
        }
      }
    }
    return { unit: u, cells: plan.columns.map((_, i) => cells.get(i)?.value ?? 0), total: total.value };
  });
  const columns: MatrixColumn[] = plan.columns.map((c, i) => ({ ...c, total: columnTallies[i]!.value }));
  const rows: MatrixRow[] = rawRows.map(({ unit, cells, total }) => ({
    key: unit.guid,
    name: unit.name,
    kind: unit.kind,
    depth: unit.depth,
    cells: cells.map((value, i) => ({ value, rowPercent: percent(value, total), colPercent: percent(value, columns[i]!.total) })),
    total,
  }));
  return { measure: input.measure, columns, rows, total: grand.value };
}

/**
 * Codes × documents counting codings, the most asked-for matrix, from counts per (code, document)
 * alone: a coding lies in one document, so every total is a sum, and no coding has to be read.
 */
function codingsByDocument(project: Project, units: readonly CodeUnit[]): Matrix {
  const docs = store.documentRows(project.db);
  const column = new Map(docs.map((d, i) => [d.id, i]));
  const perCode = new Map<number, number[]>();
  for (const { codeId, documentId, n } of store.codingCounts(project.db)) {
    const counts = perCode.get(codeId) ?? new Array<number>(docs.length).fill(0);
    counts[column.get(documentId)!]! += n;
    perCode.set(codeId, counts);
  }
  const sum = (ids: Iterable<number>) => {
    const out = new Array<number>(docs.length).fill(0);
    for (const id of ids) perCode.get(id)?.forEach((n, i) => (out[i]! += n));
    return out;
  };
  const columnTotals = sum(new Set(units.flatMap((u) => u.members)));
  const columns: MatrixColumn[] = docs.map((d, i) => ({ key: d.guid, label: d.name, total: columnTotals[i]! }));
  const rows: MatrixRow[] = units.map((u) => {
    const cells = sum(u.members);
    const total = cells.reduce((a, b) => a + b, 0);
    return {
      key: u.guid,
      name: u.name,
      kind: u.kind,
      depth: u.depth,
      cells: cells.map((value, i) => ({ value, rowPercent: percent(value, total), colPercent: percent(value, columnTotals[i]!) })),
      total,
    };
  });
  return { measure: 'codings', columns, rows, total: columnTotals.reduce((a, b) => a + b, 0) };
}

/** The segments behind one cell: the row's codings attributed to the column, in document order. */
export function matrixCell(project: Project, input: OpParsed<'analysis.matrixCell'>): AnalysisSegment[] {
  const units = codeUnits(project, input.rows, [input.row]);
  const unit: CodeUnit = units[0]!;
  const who = people(project);
  const plan = columnPlan(project, input.columns, who, { words: true, people: true });
  if (!plan.columns.some((c) => c.key === input.column)) {
    throw new ChorusError(ErrorCode.NOT_FOUND, 'That column is not in this matrix.');
  }
  const facts = [...factsByCode(project, unit.members).values()].flat();
  const hits: { fact: Fact; share: Share }[] = [];
  for (const fact of inDocumentOrder(facts)) {
    const share = plan.attribute(fact).get(input.column);
    if (share) hits.push({ fact, share });
  }
  return segmentsOf(project, hits.map((h) => h.fact)).map((segment, i) => {
    const share = hits[i]!.share;
    return {
      ...segment,
      words: share.words,
      people: [...share.people].map((p) => {
        const person = who.persons.get(p)!;
        return { key: person.key, label: person.label };
      }),
    };
  });
}

export function inDocumentOrder(facts: readonly Fact[]): Fact[] {
  return [...facts].sort((a, b) => a.coding.documentId - b.coding.documentId || a.coding.start - b.coding.start || a.coding.id - b.coding.id);
}

/** Codings as coded segments (as `codings.list` gives them), with their code's name, in the order given. */
export function segmentsOf(project: Project, facts: readonly Fact[]): Omit<AnalysisSegment, 'words' | 'people'>[] {
  const codes = new Map(store.codeRows(project.db).map((c) => [c.id, c]));
  const docs = new Map(store.documentRows(project.db).map((d) => [d.id, d]));
  const speakersOf = speakerAttribution(project);
  const rows = new Map(store.codingsByIds(project.db, facts.map((f) => f.coding.id)).map((r) => [r.id, r]));
  return facts.map(({ coding: { id } }) => {
    const c = rows.get(id)!;
    const doc = docs.get(c.documentId)!;
    const code = codes.get(c.codeId)!;
    return {
      guid: c.guid,
      documentGuid: doc.guid,
      codeGuid: code.guid,
      start: c.start,
      end: c.end,
      coder: c.coder,
      createdAt: c.createdAt,
      documentName: doc.name,
      text: project.textOf(doc.guid)!.slice(c.start, c.end),
      speakers: speakersOf(c.documentId, c.start, c.end),
      codeName: code.name,
    };
  });
}
