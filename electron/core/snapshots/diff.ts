import type { SnapshotChange, SnapshotChangeKind, SnapshotCode } from '../../../shared/types.js';

const DEFINING = ['definition', 'inclusion', 'exclusion', 'example', 'centralConcept'] as const;

const KINDS: SnapshotChangeKind[] = ['added', 'removed', 'renamed', 'moved', 'redefined', 'recoloured', 'promoted', 'status'];

/** How one code differs between two states; empty when it is the same. Reordering among siblings is not a change. */
function changesOf(before: SnapshotCode, after: SnapshotCode): SnapshotChangeKind[] {
  const out: SnapshotChangeKind[] = [];
  if (before.name !== after.name) out.push('renamed');
  if (before.parentGuid !== after.parentGuid) out.push('moved');
  if (DEFINING.some((f) => before[f] !== after[f])) out.push('redefined');
  if (before.color !== after.color) out.push('recoloured');
  if (before.kind !== after.kind) out.push('promoted');
  else if (before.status !== after.status) out.push('status');
  return out;
}

/**
 * Compares two states of the codebook by code guid: what was added, removed, renamed, moved to
 * another parent, redefined, recoloured, promoted to a theme or given another status. Codes are
 * in the later tree's order, removed ones after them in the earlier tree's order, each with both
 * versions for a side-by-side view.
 */
export function diffCodebooks(
  from: SnapshotCode[],
  to: SnapshotCode[],
): { changes: SnapshotChange[]; summary: Record<SnapshotChangeKind, number> } {
  const earlier = new Map(from.map((c) => [c.guid, c]));
  const later = new Set(to.map((c) => c.guid));
  const changes: SnapshotChange[] = [];
  for (const after of to) {
    const before = earlier.get(after.guid) ?? null;
    const kinds = before ? changesOf(before, after) : (['added'] as SnapshotChangeKind[]);
    if (kinds.length) changes.push({ guid: after.guid, kind: after.kind, changes: kinds, before, after });
  }
  for (const before of from) {
    if (!later.has(before.guid)) changes.push({ guid: before.guid, kind: before.kind, changes: ['removed'], before, after: null });
  }
  const summary = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<SnapshotChangeKind, number>;
  for (const c of changes) for (const k of c.changes) summary[k]++;
  return { changes, summary };
}
