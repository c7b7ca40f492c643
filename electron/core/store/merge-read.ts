import type { SqlDb } from './engine.js';
import type { CodeFields } from './codes.js';
import { dialect, stmt } from './statements.js';

/**
 * What a project merge reads of either side: the open project, or the co-coder's file opened
 * read-only. Every function takes the connection first, so the same queries read both.
 */

export interface MergeUserRow {
  guid: string;
  name: string;
  created_at: string;
}
export interface MergeDocumentRow {
  id: number;
  guid: string;
  name: string;
  text_hash: string;
}
export interface MergeParticipantRow {
  id: number;
  guid: string;
  label: string;
  created_by: string;
  created_at: string;
}
export interface MergeAttributeRow {
  id: number;
  guid: string;
  scope: 'document' | 'participant';
  name: string;
  value_type: string;
  created_by: string;
  created_at: string;
}
export interface MergeValueRow {
  owner_id: number;
  attribute_id: number;
  value: string;
}
export interface MergeSpeakerRow {
  id: number;
  guid: string;
  document_id: number;
  label: string;
  role: string;
  participant_id: number | null;
  created_by: string;
  created_at: string;
}
/** A codes row, every column. */
export interface MergeCodeRow extends Omit<CodeFields, 'status'> {
  // Read from another file, which may hold a status this version does not know.
  status: string | null;
  created_by: string;
  created_at: string;
}
export interface MergeCodingRow {
  id: number;
  guid: string;
  document_id: number;
  code_id: number;
  start: number;
  end: number;
  created_by: string;
  created_at: string;
}
export interface MergeMemoRow {
  id: number;
  guid: string;
  kind: string;
  target_guid: string | null;
  title: string;
  content_json: string;
  content_text: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  phase: number | null;
}
export interface MergeMemoLinkRow {
  memo_id: number;
  target_guid: string;
}
export interface MergeCodeLinkRow {
  guid: string;
  source_id: number;
  target_id: number;
  label: string;
  created_by: string;
  created_at: string;
}
export interface MergeTurnKey {
  guid: string;
  document_id: number;
  seq: number;
}
export interface MergeLogEntry {
  seq: number;
  guid: string;
  state: 'done' | 'undone' | 'discarded';
}

export function projectGuidAndTitle(db: SqlDb): { guid: string; title: string } | undefined {
  return stmt(db, `SELECT guid, title FROM project WHERE id = 1`).get() as { guid: string; title: string } | undefined;
}

export const users = (db: SqlDb) =>
  stmt(db, `SELECT guid, name, created_at FROM users ORDER BY id`).all() as MergeUserRow[];
/**
 * Documents with their text hashes. The hash is stored after the text, so reading it from the row
 * walks the whole transcript; the index on it answers without touching the text.
 */
export function documents(db: SqlDb): MergeDocumentRow[] {
  const hashes = new Map(
    (stmt(db, `SELECT id, text_hash FROM documents INDEXED BY documents_text_hash`).all() as { id: number; text_hash: string }[]).map((r) => [
      r.id,
      r.text_hash,
    ]),
  );
  return (stmt(db, `SELECT id, guid, name FROM documents ORDER BY id`).all() as Omit<MergeDocumentRow, 'text_hash'>[]).map((d) => ({
    ...d,
    text_hash: hashes.get(d.id)!,
  }));
}
export const participants = (db: SqlDb) =>
  stmt(db, `SELECT id, guid, label, created_by, created_at FROM participants ORDER BY id`).all() as MergeParticipantRow[];
export const attributes = (db: SqlDb) =>
  stmt(db, `SELECT id, guid, scope, name, value_type, created_by, created_at FROM attributes ORDER BY id`).all() as MergeAttributeRow[];
export const documentValues = (db: SqlDb) =>
  stmt(db, `SELECT document_id AS owner_id, attribute_id, value FROM document_values ORDER BY id`).all() as MergeValueRow[];
export const participantValues = (db: SqlDb) =>
  stmt(db, `SELECT participant_id AS owner_id, attribute_id, value FROM participant_values ORDER BY id`).all() as MergeValueRow[];
export const speakers = (db: SqlDb) =>
  stmt(db, `SELECT id, guid, document_id, label, role, participant_id, created_by, created_at FROM speakers ORDER BY id`).all() as MergeSpeakerRow[];
export const codes = (db: SqlDb) => stmt(db, `SELECT * FROM codes ORDER BY id`).all() as MergeCodeRow[];
/**
 * Every coding. Read as one JSON text and parsed in one go: for a hundred thousand codings that is
 * a fraction of the time (and garbage) of building each row's object from its own result row.
 * The rows are aggregated in the subquery's order (by id, the table's own order, so no sort); an
 * ORDER BY inside the aggregate would sort them all again.
 */
export const codings = (db: SqlDb) =>
  JSON.parse(
    stmt(
      db,
      dialect(db, {
        sqlite: `SELECT coalesce(json_group_array(json_object('id', id, 'guid', guid, 'document_id', document_id, 'code_id', code_id,
                                                   'start', start, 'end', end, 'created_by', created_by, 'created_at', created_at)), '[]')
       FROM (SELECT * FROM codings ORDER BY id)`,
        // row_to_json names each column as the SQLite object does.
        postgres: `SELECT coalesce(json_agg(row_to_json(c) ORDER BY c.id), '[]'::json)::text
       FROM (SELECT id, guid, document_id, code_id, start, end, created_by, created_at FROM codings) c`,
      }),
    )
      .pluck()
      .get() as string,
  ) as MergeCodingRow[];
export const memos = (db: SqlDb) =>
  stmt(
    db,
    `SELECT id, guid, kind, target_guid, title, content_json, content_text, created_by, created_at, updated_at, phase FROM memos ORDER BY id`,
  ).all() as MergeMemoRow[];
export const memoLinks = (db: SqlDb) =>
  stmt(db, `SELECT memo_id, target_guid FROM memo_links ORDER BY id`).all() as MergeMemoLinkRow[];
export const codeLinks = (db: SqlDb) =>
  stmt(db, `SELECT guid, source_id, target_id, label, created_by, created_at FROM code_links ORDER BY id`).all() as MergeCodeLinkRow[];
/** The turns with the given guids (the targets of memos about turns). */
export const turnKeys = (db: SqlDb, guids: readonly string[]) =>
  stmt(db, `SELECT guid, document_id, seq FROM turns WHERE guid IN (SELECT value FROM json_each(?))`).all(JSON.stringify(guids)) as MergeTurnKey[];
/** The command log, read as one JSON text (as codings are: a large study's log is long). */
export const logEntries = (db: SqlDb) =>
  JSON.parse(
    stmt(
      db,
      dialect(db, {
        sqlite: `SELECT coalesce(json_group_array(json_object('seq', seq, 'guid', guid, 'state', state)), '[]') FROM (SELECT * FROM history ORDER BY seq)`,
        postgres: `SELECT coalesce(json_agg(json_build_object('seq', seq, 'guid', guid, 'state', state) ORDER BY seq), '[]'::json)::text FROM history`,
      }),
    )
      .pluck()
      .get() as string,
  ) as MergeLogEntry[];
export const logEntry = (db: SqlDb, seq: number) =>
  stmt(db, `SELECT at, summary FROM history WHERE seq = ?`).get(seq) as { at: string; summary: string };
/** Guids of the memos (the open project needs no more of them). */
export const memoGuids = (db: SqlDb) => stmt(db, `SELECT guid FROM memos`).pluck().all() as string[];
export const turnGuidsOfDocument = (db: SqlDb, documentId: number) =>
  stmt(db, `SELECT seq, guid FROM turns WHERE document_id = ?`).all(documentId) as { seq: number; guid: string }[];

/** A documents row as copied from one project to another. */
export interface DocumentCopyRow {
  guid: string;
  name: string;
  text: string;
  text_hash: string;
  text_length: number;
  word_count: number;
  source_format: string;
  source_name: string | null;
  created_by: string;
  created_at: string;
}

/** A turns row as copied with its document (the document's id is the copy's). */
export interface TurnCopyRow {
  guid: string;
  seq: number;
  speaker_id: number | null;
  start: number;
  end: number;
  time_start: number | null;
  time_end: number | null;
  text: string;
  created_by: string;
  created_at: string;
}

/** A whole document, for copying it: its row, speakers and turns. */
export function documentForCopy(db: SqlDb, id: number) {
  const doc = stmt(db, `SELECT * FROM documents WHERE id = ?`).get(id) as DocumentCopyRow;
  const turns = stmt(
    db,
    `SELECT guid, seq, speaker_id, start, end, time_start, time_end, text, created_by, created_at FROM turns WHERE document_id = ? ORDER BY seq`,
  ).all(id) as TurnCopyRow[];
  return { doc, turns };
}

/** A row image of a codes change made by an entry after `fork` that is in effect; newest first. */
export interface CodeChangeRow {
  op: 'I' | 'U' | 'D' | 'B';
  row_id: number;
  before: string | null;
}

/** What a side's entries after the fork that are in effect did that a merge needs to know. */
export interface ChangesAfter {
  /** Row images of codes changes, newest first. */
  codes: CodeChangeRow[];
  /** Guids of the codings and of the memos they deleted. */
  deletedCodings: string[];
  deletedMemos: string[];
}

/**
 * The changes a merge needs of entries after `fork`, in one walk over the log (a large study's
 * log holds a row image per coding; walking it once per question took a good part of a merge).
 */
export function changesAfter(db: SqlDb, fork: number): ChangesAfter {
  const rows = stmt(
    db,
    `SELECT c.tbl, c.op, c.row_id, CASE WHEN c.tbl = 'codes' THEN c.before ELSE ${dialect(db, { sqlite: `json_extract(c.before, '$.guid')`, postgres: `CAST(c.before AS json) ->> 'guid'` })} END AS before
     FROM history_changes c JOIN history h ON h.seq = c.seq
     WHERE h.seq > ? AND h.state = 'done' AND (c.tbl = 'codes' OR (c.op = 'D' AND c.tbl IN ('codings', 'memos')))
     ORDER BY c.id DESC`,
  ).all(fork) as (CodeChangeRow & { tbl: string })[];
  const out: ChangesAfter = { codes: [], deletedCodings: [], deletedMemos: [] };
  for (const { tbl, ...r } of rows) {
    if (tbl === 'codes') out.codes.push(r);
    else (tbl === 'codings' ? out.deletedCodings : out.deletedMemos).push(r.before!);
  }
  return out;
}

/** Story events (merges, splits) of entries after `fork` that are in effect. */
export function eventsAfter(db: SqlDb, fork: number): { seq: number; subject: string; event: string }[] {
  return stmt(
    db,
    `SELECT s.seq, s.subject_guid AS subject, s.event FROM history_subjects s JOIN history h ON h.seq = s.seq
     WHERE h.seq > ? AND h.state = 'done' AND s.event IN ('merged-into', 'merged-from', 'split-into', 'split-from') ORDER BY s.id`,
  ).all(fork) as { seq: number; subject: string; event: string }[];
}

/**
 * The command log's state before the running command (if any): changes whenever a command is
 * done, undone or redone, so what was read of a project before can be told to be still true.
 */
export function historyState(db: SqlDb): string {
  const r = stmt(
    db,
    `SELECT count(*) AS n, coalesce(max(seq), 0) AS last, coalesce(max(changed_at), '') AS changed, coalesce(sum(CASE WHEN state = 'done' THEN 1 ELSE 0 END), 0) AS done
     FROM history WHERE seq < coalesce((SELECT seq FROM capture_state WHERE id = 1), 9223372036854775807)`,
  ).get() as { n: number; last: number; changed: string; done: number };
  return `${r.n}|${r.last}|${r.changed}|${r.done}`;
}
