/** One side of a merge read into memory: the open project, or the co-coder's copy. */
import type { SqlDb } from '../../store/engine.js';
import * as read from '../../store/merge-read.js';
import type { MergeCodeRow } from '../../store/merge-read.js';

export interface Side {
  db: SqlDb;
  projectGuid: string;
  title: string;
  users: read.MergeUserRow[];
  documents: read.MergeDocumentRow[];
  participants: read.MergeParticipantRow[];
  attributes: read.MergeAttributeRow[];
  documentValues: read.MergeValueRow[];
  participantValues: read.MergeValueRow[];
  speakers: read.MergeSpeakerRow[];
  codes: MergeCodeRow[];
  codings: read.MergeCodingRow[];
  /** The guids of `codings` (the analysis and the merge both ask). */
  codingGuids: Set<string>;
  memos: read.MergeMemoRow[];
  memoLinks: read.MergeMemoLinkRow[];
  codeLinks: read.MergeCodeLinkRow[];
  turns: read.MergeTurnKey[];
  log: read.MergeLogEntry[];
  codeById: Map<number, MergeCodeRow>;
  codeByGuid: Map<string, MergeCodeRow>;
}

/**
 * Reads a side. The open project (`full` false) needs only the guids of its memos, not their
 * content; their side's memos are copied, and so are the turns their memos are about.
 */
export function readSide(db: SqlDb, full = true): Side {
  const project = read.projectGuidAndTitle(db);
  const codes = read.codes(db);
  const codings = read.codings(db);
  const memos = full ? read.memos(db) : read.memoGuids(db).map((guid) => ({ guid }) as read.MergeMemoRow);
  return {
    db,
    projectGuid: project?.guid ?? '',
    title: project?.title ?? '',
    users: read.users(db),
    documents: read.documents(db),
    participants: read.participants(db),
    attributes: read.attributes(db),
    documentValues: read.documentValues(db),
    participantValues: read.participantValues(db),
    speakers: read.speakers(db),
    codes,
    codings,
    codingGuids: new Set(codings.map((c) => c.guid)),
    memos,
    memoLinks: read.memoLinks(db),
    codeLinks: read.codeLinks(db),
    turns: full ? read.turnKeys(db, memos.filter((m) => m.kind === 'turn' && m.target_guid).map((m) => m.target_guid!)) : [],
    log: read.logEntries(db),
    codeById: new Map(codes.map((c) => [c.id, c])),
    codeByGuid: new Map(codes.map((c) => [c.guid, c])),
  };
}

const after = new WeakMap<Side, { fork: number; changes: read.ChangesAfter }>();

/** What the side's entries after `fork` changed, read once per side and fork (two steps ask). */
export function changesAfter(side: Side, fork: number): read.ChangesAfter {
  const known = after.get(side);
  if (known?.fork === fork) return known.changes;
  const changes = read.changesAfter(side.db, fork);
  after.set(side, { fork, changes });
  return changes;
}

/** Names from the top of the tree down to the code itself. */
export function pathOf(byId: ReadonlyMap<number, { name: string; parent_id: number | null }>, id: number | null): string[] {
  const out: string[] = [];
  const seen = new Set<number>();
  for (let cur = id === null ? undefined : byId.get(id); cur; cur = cur.parent_id === null ? undefined : byId.get(cur.parent_id)) {
    out.unshift(cur.name);
    if (cur.parent_id === null || seen.has(cur.parent_id)) break;
    seen.add(cur.parent_id);
  }
  return out;
}

export function depthOf(byId: ReadonlyMap<number, { parent_id: number | null }>, id: number): number {
  let d = 0;
  for (let cur = byId.get(id); cur && cur.parent_id !== null && d < 1000; cur = byId.get(cur.parent_id)) d++;
  return d;
}
