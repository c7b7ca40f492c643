/**
 * The codebook half of a merge: which of their codes match ours (by guid, then by name under the
 * same parent), which are new, which changes of theirs apply, and which changes collide with ours.
 * With a common ancestor it is a three-way merge (a change made on one side only applies); without
 * one it is two-way (differences are conflicts with no base, except that a field empty on one side
 * takes the other's text).
 */
import type { MergeCodeField, MergeCodeVersion, MergeConflict, MergeConflictKind, MergeResolution } from '../../../../shared/merge.js';
import type { MergeCodeRow } from '../../store/merge-read.js';
import { eventsAfter } from '../../store/merge-read.js';
import type { Ancestor } from './ancestor.js';
import { changesAfter, depthOf, pathOf, type Side } from './side.js';

export const CONTENT_FIELDS = ['definition', 'inclusion', 'exclusion', 'example', 'central_concept'] as const;
type ContentColumn = (typeof CONTENT_FIELDS)[number];
const FIELD_NAME: Record<ContentColumn, MergeCodeField> = {
  definition: 'definition',
  inclusion: 'inclusion',
  exclusion: 'exclusion',
  example: 'example',
  central_concept: 'centralConcept',
};
const QUIET_FIELDS = ['color', 'status', 'kind'] as const;

/** A write to one of our codes. */
export interface CodeUpdate {
  ourGuid: string;
  set: Partial<Pick<MergeCodeRow, 'name' | 'color' | 'status' | 'kind' | ContentColumn>>;
  /** New parent: our code's guid, their added code's guid (`theirs:` prefix), or null for the top. */
  parent?: { ourGuid: string | null } | { theirGuid: string };
}

/** One of their codes to add. */
export interface CodeAdd {
  their: MergeCodeRow;
  /** An existing code of ours, their code added in the same merge, or the top. */
  parent: { ourGuid: string | null } | { theirGuid: string };
}

export interface CodeRemoval {
  ourGuid: string;
  /** Merged into this code (ours, or theirs added now); otherwise deleted. */
  into: { ourGuid: string } | { theirGuid: string } | null;
}

export interface CodebookDecisions {
  /** Their code id → where their codings on it go: our code (guid) or their added code (guid). */
  codeTarget: Map<number, { ourGuid: string } | { theirGuid: string } | null>;
  matched: { their: MergeCodeRow; our: MergeCodeRow; by: 'guid' | 'name' }[];
  adds: CodeAdd[];
  updates: CodeUpdate[];
  removals: CodeRemoval[];
  /** Codings (by guid) of ours that move to a code split off by theirs. */
  repoint: { codingGuids: string[]; to: { theirGuid: string } }[];
  /** Codes of ours split off on our side that go back into the code they came from. */
  unsplit: { ourGuid: string; into: string }[];
  conflicts: MergeConflict[];
  /** Changes that apply without a conflict, for the plan. */
  changes: { guid: string; path: string; side: 'ours' | 'theirs'; fields: MergeCodeField[]; detail: string; kind: 'renamed' | 'moved' | 'changed' | 'removed' }[];
  /** Our codings deleted and memos deleted after the fork: not brought back by the merge. */
  ourDeletedCodings: Set<string>;
  ourDeletedMemos: Set<string>;
}

const lower = (s: string) => s.toLocaleLowerCase();

function version(row: MergeCodeRow | undefined, byId: ReadonlyMap<number, MergeCodeRow>, note: string | null = null): MergeCodeVersion {
  return {
    exists: row !== undefined,
    name: row?.name ?? '',
    parentPath: row ? pathOf(byId, row.parent_id) : [],
    definition: row?.definition ?? '',
    inclusion: row?.inclusion ?? '',
    exclusion: row?.exclusion ?? '',
    example: row?.example ?? '',
    centralConcept: row?.central_concept ?? '',
    note,
  };
}

/** Merges and splits of one side after the fork, from the stories its log keeps. */
function storyEvents(side: Side, fork: number | null) {
  const mergedInto = new Map<string, string>();
  const splitFrom = new Map<string, string>();
  if (fork === null) return { mergedInto, splitFrom };
  const bySeq = new Map<number, { subject: string; event: string }[]>();
  for (const e of eventsAfter(side.db, fork)) bySeq.set(e.seq, [...(bySeq.get(e.seq) ?? []), e]);
  for (const events of bySeq.values()) {
    const target = events.find((e) => e.event === 'merged-from')?.subject;
    if (target) for (const e of events) if (e.event === 'merged-into') mergedInto.set(e.subject, target);
    const original = events.find((e) => e.event === 'split-into')?.subject;
    if (original) for (const e of events) if (e.event === 'split-from') splitFrom.set(e.subject, original);
  }
  return { mergedInto, splitFrom };
}

export function decideCodebook(
  ours: Side,
  theirs: Side,
  ancestor: Ancestor | null,
  resolutions: Readonly<Record<string, MergeResolution>>,
): CodebookDecisions {
  const fork = ancestor?.seq ?? null;
  const theirFork = ancestor ? theirs.log[ours.log.findIndex((e) => e.seq === ancestor.seq)]!.seq : null;
  const ourEvents = storyEvents(ours, fork);
  const theirEvents = storyEvents(theirs, theirFork);
  const ourDeletedCodings = new Set(fork === null ? [] : changesAfter(ours, fork).deletedCodings);
  const theirDeletedCodings = new Set(theirFork === null ? [] : changesAfter(theirs, theirFork).deletedCodings);
  const ourDeletedMemos = new Set(fork === null ? [] : changesAfter(ours, fork).deletedMemos);
  const ourCodingGuids = ours.codingGuids;
  const theirCodingGuids = theirs.codingGuids;
  // Codings one side made that the other never had: "coded on one side since the fork".
  const ourNew = new Map<number, number>();
  for (const c of ours.codings) {
    if (!theirCodingGuids.has(c.guid) && !theirDeletedCodings.has(c.guid)) ourNew.set(c.code_id, (ourNew.get(c.code_id) ?? 0) + 1);
  }
  const theirNew = new Map<number, number>();
  for (const c of theirs.codings) {
    if (!ourCodingGuids.has(c.guid) && !ourDeletedCodings.has(c.guid)) theirNew.set(c.code_id, (theirNew.get(c.code_id) ?? 0) + 1);
  }
  const baseById = ancestor?.byId ?? new Map<number, MergeCodeRow>();
  const baseParent = (b: MergeCodeRow) => (b.parent_id === null ? null : (baseById.get(b.parent_id)?.guid ?? null));
  const ourParent = (o: MergeCodeRow) => (o.parent_id === null ? null : (ours.codeById.get(o.parent_id)?.guid ?? null));
  const ourPath = (o: MergeCodeRow) => pathOf(ours.codeById, o.id).join(' › ');
  const theirPath = (t: MergeCodeRow) => pathOf(theirs.codeById, t.id).join(' › ');

  const out: CodebookDecisions = {
    codeTarget: new Map(),
    matched: [],
    adds: [],
    updates: [],
    removals: [],
    repoint: [],
    unsplit: [],
    conflicts: [],
    changes: [],
    ourDeletedCodings,
    ourDeletedMemos,
  };
  const take = (id: string) => resolutions[id] ?? { take: 'ours' as const };
  const conflict = (
    kind: MergeConflictKind,
    guid: string,
    name: string,
    path: string,
    fields: MergeCodeField[],
    base: MergeCodeVersion | null,
    oursV: MergeCodeVersion,
    theirsV: MergeCodeVersion,
    detail: string,
  ): MergeResolution => {
    const id = `${kind}:${guid}`;
    out.conflicts.push({
      id,
      kind,
      code: { guid, name, path },
      fields,
      base,
      ours: oursV,
      theirs: theirsV,
      detail,
      resolutions: kind === 'rename' || kind === 'redefine' ? ['ours', 'theirs', 'edited'] : ['ours', 'theirs'],
    });
    return take(id);
  };

  // Their codes, parents first, matched to ours.
  const ordered = [...theirs.codes].sort((a, b) => depthOf(theirs.codeById, a.id) - depthOf(theirs.codeById, b.id) || a.position - b.position);
  const match = new Map<number, MergeCodeRow>();
  const taken = new Set<number>();
  const added = new Set<number>();
  const ourChildren = new Map<number | null, MergeCodeRow[]>();
  for (const o of ours.codes) ourChildren.set(o.parent_id, [...(ourChildren.get(o.parent_id) ?? []), o]);
  /** Where their parent lands here. */
  const parentRef = (t: MergeCodeRow): { ourGuid: string | null } | { theirGuid: string } => {
    if (t.parent_id === null) return { ourGuid: null };
    const m = match.get(t.parent_id);
    if (m) return { ourGuid: m.guid };
    if (added.has(t.parent_id)) return { theirGuid: theirs.codeById.get(t.parent_id)!.guid };
    return { ourGuid: null };
  };
  const refKey = (r: { ourGuid: string | null } | { theirGuid: string }) => ('theirGuid' in r ? `theirs:${r.theirGuid}` : (r.ourGuid ?? 'top'));

  for (const t of ordered) {
    let o = ours.codeByGuid.get(t.guid);
    let by: 'guid' | 'name' = 'guid';
    if (!o) {
      const parentId = t.parent_id === null ? null : (match.get(t.parent_id)?.id ?? undefined);
      if (parentId !== undefined) {
        o = (ourChildren.get(parentId) ?? []).find((c) => lower(c.name) === lower(t.name) && !taken.has(c.id) && !theirs.codeByGuid.has(c.guid));
        by = 'name';
      }
    }
    if (o) {
      match.set(t.id, o);
      taken.add(o.id);
      out.matched.push({ their: t, our: o, by });
      out.codeTarget.set(t.id, { ourGuid: o.guid });
      compareMatched(t, o, by === 'guid' ? ancestor?.codes.get(t.guid) : undefined);
      continue;
    }
    const b = ancestor?.codes.get(t.guid);
    if (b) {
      // We removed a code they still have.
      const ourMerge = ourEvents.mergedInto.get(t.guid);
      const intoOurs = ourMerge && ours.codeByGuid.has(ourMerge) ? { ourGuid: ourMerge } : null;
      const changed = differingFields(b, baseParent(b), t, theirParentInBase(t));
      const coded = theirNew.get(t.id) ?? 0;
      let readd = false;
      if (changed.length > 0 || coded > 0) {
        const kind = ourMerge ? 'merge' : 'delete';
        const note = ourMerge ? `merged into "${ours.codeByGuid.get(ourMerge)?.name ?? '?'}" here` : 'deleted here';
        const r = conflict(
          kind,
          t.guid,
          t.name,
          theirPath(t),
          changed,
          version(b, baseById),
          version(undefined, ours.codeById, note),
          version(t, theirs.codeById),
          `We ${ourMerge ? 'merged' : 'deleted'} "${b.name}"; they ${[changed.length ? 'changed' : '', coded ? `coded it ${coded} time${coded === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ')}.`,
        );
        readd = r.take === 'theirs';
      }
      if (readd) addCode(t);
      else out.codeTarget.set(t.id, intoOurs);
      continue;
    }
    const original = theirEvents.splitFrom.get(t.guid);
    const ourOriginal = original ? ours.codeByGuid.get(original) : undefined;
    const baseOriginal = original ? ancestor?.codes.get(original) : undefined;
    if (ourOriginal && baseOriginal) {
      const changed = differingFields(baseOriginal, baseParent(baseOriginal), ourOriginal, ourParent(ourOriginal));
      const coded = ourNew.get(ourOriginal.id) ?? 0;
      let split = true;
      if (changed.length > 0 || coded > 0) {
        const r = conflict(
          'split',
          ourOriginal.guid,
          ourOriginal.name,
          ourPath(ourOriginal),
          changed,
          version(baseOriginal, baseById),
          version(ourOriginal, ours.codeById),
          version(theirs.codeByGuid.get(original!), theirs.codeById, `split "${t.name}" off`),
          `They split "${t.name}" off "${baseOriginal.name}"; we ${[changed.length ? 'changed it' : '', coded ? `coded it ${coded} time${coded === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ')}.`,
        );
        split = r.take === 'theirs';
      }
      if (split) {
        addCode(t);
        const moved = theirs.codings.filter((c) => c.code_id === t.id && ourCodingGuids.has(c.guid)).map((c) => c.guid);
        if (moved.length > 0) out.repoint.push({ codingGuids: moved, to: { theirGuid: t.guid } });
      } else out.codeTarget.set(t.id, { ourGuid: ourOriginal.guid });
      continue;
    }
    addCode(t);
  }

  // Codes of the ancestor we still have and they removed.
  if (ancestor) {
    for (const b of ancestor.codes.values()) {
      const o = ours.codeByGuid.get(b.guid);
      if (!o || theirs.codeByGuid.has(b.guid)) continue;
      const theirMerge = theirEvents.mergedInto.get(b.guid);
      const target = theirMerge ? theirs.codeByGuid.get(theirMerge) : undefined;
      const into = target ? (match.get(target.id) ? { ourGuid: match.get(target.id)!.guid } : added.has(target.id) ? { theirGuid: target.guid } : null) : null;
      const changed = differingFields(b, baseParent(b), o, ourParent(o));
      const coded = ourNew.get(o.id) ?? 0;
      let remove = true;
      if (changed.length > 0 || coded > 0) {
        const kind = theirMerge ? 'merge' : 'delete';
        const r = conflict(
          kind,
          o.guid,
          o.name,
          ourPath(o),
          changed,
          version(b, baseById),
          version(o, ours.codeById),
          version(undefined, theirs.codeById, theirMerge ? `merged into "${target?.name ?? '?'}"` : 'deleted'),
          `They ${theirMerge ? `merged "${b.name}" into "${target?.name ?? '?'}"` : `deleted "${b.name}"`}; we ${[changed.length ? 'changed it' : '', coded ? `coded it ${coded} time${coded === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ')}.`,
        );
        remove = r.take === 'theirs';
      }
      if (!remove) continue;
      if (theirMerge && !into) continue; // the code they merged into did not come over: keep ours
      out.removals.push({ ourGuid: o.guid, into: theirMerge ? into : null });
      out.changes.push({
        guid: o.guid,
        path: ourPath(o),
        side: 'theirs',
        fields: [],
        detail: theirMerge ? `merged into "${target?.name ?? '?'}"` : 'deleted',
        kind: 'removed',
      });
    }
    // A deleted code takes its subcodes with it: list (and delete) only the top of each subtree.
    const removed = new Set(out.removals.filter((r) => r.into === null).map((r) => r.ourGuid));
    const underRemoved = (guid: string) => {
      for (let b = ancestor.codes.get(guid); b && b.parent_id !== null; ) {
        const parent = baseById.get(b.parent_id);
        if (parent && removed.has(parent.guid)) return true;
        b = parent;
      }
      return false;
    };
    out.removals = out.removals.filter((r) => r.into !== null || !underRemoved(r.ourGuid));
    out.changes = out.changes.filter((c) => c.kind !== 'removed' || !underRemoved(c.guid));
    // Codes we split off a code they have changed or coded since.
    for (const [newGuid, originalGuid] of ourEvents.splitFrom) {
      const y = ours.codeByGuid.get(newGuid);
      const x = ours.codeByGuid.get(originalGuid);
      const b = ancestor.codes.get(originalGuid);
      const t = theirs.codeByGuid.get(originalGuid);
      if (!y || !x || !b || !t || ancestor.codes.has(newGuid)) continue;
      const changed = differingFields(b, baseParent(b), t, theirParentInBase(t));
      const coded = theirNew.get(t.id) ?? 0;
      if (changed.length === 0 && coded === 0) continue;
      const r = conflict(
        'split',
        x.guid,
        x.name,
        ourPath(x),
        changed,
        version(b, baseById),
        version(x, ours.codeById, `split "${y.name}" off`),
        version(t, theirs.codeById),
        `We split "${y.name}" off "${b.name}"; they ${[changed.length ? 'changed it' : '', coded ? `coded it ${coded} time${coded === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ')}.`,
      );
      if (r.take === 'theirs') out.unsplit.push({ ourGuid: y.guid, into: x.guid });
    }
  }
  return out;

  /** Their parent as a guid of the ancestor's namespace (the parent they have, by guid). */
  function theirParentInBase(t: MergeCodeRow): string | null {
    return t.parent_id === null ? null : (theirs.codeById.get(t.parent_id)?.guid ?? null);
  }

  function addCode(t: MergeCodeRow): void {
    added.add(t.id);
    out.adds.push({ their: t, parent: parentRef(t) });
    out.codeTarget.set(t.id, { theirGuid: t.guid });
  }

  function compareMatched(t: MergeCodeRow, o: MergeCodeRow, b: MergeCodeRow | undefined): void {
    const update: CodeUpdate = { ourGuid: o.guid, set: {} };
    const theirParent = parentRef(t);
    const path = ourPath(o);
    if (b) {
      // Three-way: a field changed on their side only is taken; on both sides, differently, is a conflict.
      const conflictFields: ContentColumn[] = [];
      if (t.name !== b.name && o.name !== t.name) {
        if (o.name === b.name) update.set.name = t.name;
        else {
          const r = conflict('rename', o.guid, o.name, path, ['name'], version(b, baseById), version(o, ours.codeById), version(t, theirs.codeById), `We renamed "${b.name}" to "${o.name}"; they renamed it to "${t.name}".`);
          if (r.take === 'theirs') update.set.name = t.name;
          else if (r.take === 'edited' && r.fields.name) update.set.name = r.fields.name;
        }
      }
      for (const f of CONTENT_FIELDS) {
        if (t[f] === b[f] || o[f] === t[f]) continue;
        if (o[f] === b[f]) update.set[f] = t[f];
        else conflictFields.push(f);
      }
      if (conflictFields.length > 0) resolveRedefine(o, t, version(b, baseById), conflictFields, update);
      for (const f of QUIET_FIELDS) {
        if (t[f] !== b[f] && o[f] === b[f]) (update.set as Record<string, unknown>)[f] = t[f];
      }
      const bp = baseParent(b);
      const op = ourParent(o);
      const tp = refKey(theirParent);
      const theirsMoved = theirParentInBase(t) !== bp;
      const oursMoved = op !== bp;
      if (theirsMoved && tp !== (op ?? 'top')) {
        if (!oursMoved) update.parent = theirParent;
        else {
          const r = conflict('move', o.guid, o.name, path, ['parent'], version(b, baseById), version(o, ours.codeById), version(t, theirs.codeById), `We moved "${o.name}" under "${pathOf(ours.codeById, o.parent_id).join(' › ') || 'the top'}"; they moved it under "${pathOf(theirs.codeById, t.parent_id).join(' › ') || 'the top'}".`);
          if (r.take === 'theirs') update.parent = theirParent;
        }
      }
    } else {
      // Two-way: no base to tell who changed what.
      if (t.name !== o.name && lower(t.name) !== lower(o.name)) {
        const r = conflict('rename', o.guid, o.name, path, ['name'], null, version(o, ours.codeById), version(t, theirs.codeById), `Here it is "${o.name}"; they call it "${t.name}".`);
        if (r.take === 'theirs') update.set.name = t.name;
        else if (r.take === 'edited' && r.fields.name) update.set.name = r.fields.name;
      }
      const conflictFields: ContentColumn[] = [];
      for (const f of CONTENT_FIELDS) {
        if (t[f].trim() === o[f].trim() || t[f].trim() === '') continue;
        if (o[f].trim() === '') update.set[f] = t[f];
        else conflictFields.push(f);
      }
      if (conflictFields.length > 0) resolveRedefine(o, t, null, conflictFields, update);
      if (refKey(theirParent) !== (ourParent(o) ?? 'top') && !(t.parent_id !== null && !match.has(t.parent_id) && !added.has(t.parent_id))) {
        const r = conflict('move', o.guid, o.name, path, ['parent'], null, version(o, ours.codeById), version(t, theirs.codeById), `Here it is under "${pathOf(ours.codeById, o.parent_id).join(' › ') || 'the top'}"; they have it under "${pathOf(theirs.codeById, t.parent_id).join(' › ') || 'the top'}".`);
        if (r.take === 'theirs') update.parent = theirParent;
      }
    }
    if (Object.keys(update.set).length > 0 || update.parent) {
      out.updates.push(update);
      const fields: MergeCodeField[] = Object.keys(update.set).map((k) => (k === 'central_concept' ? 'centralConcept' : (k as MergeCodeField)));
      if (update.set.name !== undefined) out.changes.push({ guid: o.guid, path, side: 'theirs', fields: ['name'], detail: `renamed to "${update.set.name}"`, kind: 'renamed' });
      if (update.parent) out.changes.push({ guid: o.guid, path, side: 'theirs', fields: ['parent'], detail: `moved under "${pathOf(theirs.codeById, t.parent_id).join(' › ') || 'the top'}"`, kind: 'moved' });
      const other = fields.filter((f) => f !== 'name');
      if (other.length > 0) out.changes.push({ guid: o.guid, path, side: 'theirs', fields: other, detail: `${other.join(', ')} taken from theirs`, kind: 'changed' });
    }
  }

  function resolveRedefine(o: MergeCodeRow, t: MergeCodeRow, base: MergeCodeVersion | null, fields: ContentColumn[], update: CodeUpdate): void {
    const r = conflict(
      'redefine',
      o.guid,
      o.name,
      ourPath(o),
      fields.map((f) => FIELD_NAME[f]),
      base,
      version(o, ours.codeById),
      version(t, theirs.codeById),
      `Both sides rewrote the ${fields.map((f) => FIELD_NAME[f]).join(', ')} of "${o.name}".`,
    );
    for (const f of fields) {
      if (r.take === 'theirs') update.set[f] = t[f];
      else if (r.take === 'edited') {
        const v = r.fields[FIELD_NAME[f] as 'definition'];
        if (v !== undefined) update.set[f] = v;
      }
    }
  }

  /** Name, parent and content fields of `a` that differ from `b` (for "changed since the ancestor"). */
  function differingFields(b: MergeCodeRow, bParent: string | null, a: MergeCodeRow, aParent: string | null): MergeCodeField[] {
    const out: MergeCodeField[] = [];
    if (a.name !== b.name) out.push('name');
    if (aParent !== bParent) out.push('parent');
    for (const f of CONTENT_FIELDS) if (a[f] !== b[f]) out.push(FIELD_NAME[f]);
    return out;
  }
}
