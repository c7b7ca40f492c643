/** One side of a merge read into memory: the open project, or the co-coder's copy. */
import type Database from 'better-sqlite3';
import * as read from '../../store/merge-read.js';
import type { MergeCodeRow } from '../../store/merge-read.js';

export interface Side {
  db: Database.Database;
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
  memos: read.MergeMemoRow[];
  memoLinks: read.MergeMemoLinkRow[];
  codeLinks: read.MergeCodeLinkRow[];
  turns: read.MergeTurnKey[];
  log: read.MergeLogEntry[];
  codeById: Map<number, MergeCodeRow>;
  codeByGuid: Map<string, MergeCodeRow>;
}

export function readSide(db: Database.Database): Side {
  const project = read.projectGuidAndTitle(db);
  const codes = read.codes(db);
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
    codings: read.codings(db),
    memos: read.memos(db),
    memoLinks: read.memoLinks(db),
    codeLinks: read.codeLinks(db),
    turns: read.turnKeys(db),
    log: read.logEntries(db),
    codeById: new Map(codes.map((c) => [c.id, c])),
    codeByGuid: new Map(codes.map((c) => [c.guid, c])),
  };
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
