/**
 * The common ancestor of two copies of a project. Copies carry the same project guid and share
 * the start of their command logs (entries with the same guids, in the same state). The ancestor
 * is the state at the last shared entry; its codebook is rebuilt in memory from a side's current
 * `codes` rows by rolling back, newest first, the row images of that side's entries after the
 * fork that are in effect (deleted rows, changed columns and bulk column changes alike). Both sides are
 * rolled back and must agree, or the merge is treated as two-way.
 */
import type { MergeCodeRow } from '../../store/merge-read.js';
import { logEntry } from '../../store/merge-read.js';
import { changesAfter, type Side } from './side.js';

export interface Ancestor {
  /** The last shared log entry, as numbered in our log. */
  seq: number;
  at: string;
  summary: string;
  /** The ancestor's codes by guid. */
  codes: Map<string, MergeCodeRow>;
  byId: Map<number, MergeCodeRow>;
}

export type AncestorResult = { found: true; ancestor: Ancestor } | { found: false; reason: string };

/** The codebook as it was after entry `fork`, rolled back from the side's current rows. */
export function codebookAt(side: Side, fork: number): Map<number, MergeCodeRow> {
  const rows = new Map<number, MergeCodeRow>(side.codes.map((c) => [c.id, { ...c }]));
  for (const ch of changesAfter(side, fork).codes) {
    if (ch.op === 'I') rows.delete(ch.row_id);
    // An update's image holds the columns it changed (older entries: the whole row).
    else if (ch.op === 'U') rows.set(ch.row_id, { ...rows.get(ch.row_id), ...(JSON.parse(ch.before!) as MergeCodeRow) });
    else if (ch.op === 'D') rows.set(ch.row_id, JSON.parse(ch.before!) as MergeCodeRow);
    else {
      const bulk = JSON.parse(ch.before!) as { column?: keyof MergeCodeRow; value?: unknown; ids?: number[] };
      if (!bulk.column || !bulk.ids) continue;
      for (const id of bulk.ids) {
        const row = rows.get(id);
        if (row) (row as unknown as Record<string, unknown>)[bulk.column] = bulk.value;
      }
    }
  }
  return rows;
}

function sameCodebook(a: Map<number, MergeCodeRow>, b: Map<number, MergeCodeRow>): boolean {
  const key = (m: Map<number, MergeCodeRow>) =>
    [...m.values()]
      .map((c) => {
        const parent = c.parent_id === null ? null : (m.get(c.parent_id)?.guid ?? '?');
        return JSON.stringify([c.guid, parent, c.kind, c.name, c.definition, c.inclusion, c.exclusion, c.example, c.central_concept]);
      })
      .sort()
      .join('\n');
  return key(a) === key(b);
}

export function findAncestor(ours: Side, theirs: Side): AncestorResult {
  if (!ours.projectGuid || ours.projectGuid !== theirs.projectGuid) {
    return { found: false, reason: 'The two projects are not copies of one project (their project ids differ).' };
  }
  let n = 0;
  const inEffect = (s: string) => s === 'done';
  while (
    n < ours.log.length &&
    n < theirs.log.length &&
    ours.log[n]!.guid === theirs.log[n]!.guid &&
    inEffect(ours.log[n]!.state) === inEffect(theirs.log[n]!.state)
  ) {
    n++;
  }
  if (n === 0) return { found: false, reason: 'The two copies share no step of their history.' };
  const last = ours.log[n - 1]!;
  const oursBase = codebookAt(ours, last.seq);
  const theirsBase = codebookAt(theirs, theirs.log[n - 1]!.seq);
  if (!sameCodebook(oursBase, theirsBase)) {
    return { found: false, reason: 'The two copies share the start of their history, but their codebooks at that point differ.' };
  }
  return {
    found: true,
    ancestor: {
      seq: last.seq,
      ...logEntry(ours.db, last.seq),
      codes: new Map([...oursBase.values()].map((c) => [c.guid, c])),
      byId: oursBase,
    },
  };
}
