import type { SqlDb } from './engine.js';
import type { CodeCounts, CodeStats } from '../../../shared/types.js';
import { updateInBulk } from './change-capture.js';
import { dialect, stmt } from './statements.js';
import { COUNTED_SPEAKER, OVERLAPPING_TURN, PERSON_OF_SPEAKER } from './attribution.js';

/**
 * The SQL of refining a codebook: moving, merging, splitting and deleting codes, and counting
 * them. Lists of ids travel as one JSON array (`json_each`), so a merge of thousands of codings is
 * a handful of set-based statements, never a statement per row.
 */

const ids = (list: readonly number[]) => JSON.stringify(list);

/** The code and every code below it. */
export function subtreeIds(db: SqlDb, id: number): number[] {
  return (
    stmt(
      db,
      `WITH RECURSIVE sub(id) AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT c.id FROM codes c JOIN sub ON c.parent_id = sub.id)
       SELECT id FROM sub`,
    ).all(id) as { id: number }[]
  ).map((r) => r.id);
}

/** The code's ancestors, its parent first. */
export function ancestorIds(db: SqlDb, id: number): number[] {
  return (
    stmt(
      db,
      `WITH RECURSIVE up(id, depth) AS (
         SELECT parent_id, 1 FROM codes WHERE id = ? AND parent_id IS NOT NULL
         UNION ALL SELECT c.parent_id, up.depth + 1 FROM codes c JOIN up ON c.id = up.id WHERE c.parent_id IS NOT NULL)
       SELECT id FROM up ORDER BY depth`,
    ).all(id) as { id: number }[]
  ).map((r) => r.id);
}

/** The children of `parentId` (null: the top level) in their order. */
export function childIds(db: SqlDb, parentId: number | null): number[] {
  return (
    stmt(db, `SELECT id FROM codes WHERE parent_id IS ? ORDER BY position, id`).all(parentId) as { id: number }[]
  ).map((r) => r.id);
}

/** Puts `order` under `parentId` with positions 0, 1, 2… in one statement. Rows already in place stay untouched. */
export function setOrder(db: SqlDb, parentId: number | null, order: readonly number[]): void {
  stmt(
    db,
    `UPDATE codes SET parent_id = @parent, position = j.key
     FROM json_each(@order) j WHERE codes.id = j.value AND (codes.parent_id IS NOT @parent OR codes.position <> j.key)`,
  ).run({ parent: parentId, order: ids(order) });
}

export function setKind(db: SqlDb, id: number, kind: 'code' | 'theme', status: string | null): void {
  stmt(db, `UPDATE codes SET kind = ?, status = ? WHERE id = ?`).run(kind, status, id);
}

/** Names (as stored) of the children of the given codes that are not themselves in `except`. */
export function childNames(db: SqlDb, parents: readonly number[], except: readonly number[]): string[] {
  return (
    stmt(
      db,
      `SELECT name FROM codes WHERE parent_id IN (SELECT value FROM json_each(?))
       AND id NOT IN (SELECT value FROM json_each(?))`,
    ).all(ids(parents), ids(except)) as { name: string }[]
  ).map((r) => r.name);
}

// ---------------------------------------------------------------------------------------------
// Merge

/**
 * Among the codings of `into` and `merged`, the same coder's codings of the same passage are one
 * coding after the merge: the target's own if it has one, else the oldest. Memos on a dropped
 * duplicate, and codes that chose it as their example, move to the one kept; then the duplicates
 * are deleted. Returns how many were dropped.
 *
 * The duplicates are found by looking each coding involved up in the index on (document, start),
 * which is cheaper than grouping them all, and only they (usually few) are ranked and carried
 * into the three statements that follow.
 */
export function collapseDuplicateCodings(db: SqlDb, into: number, merged: readonly number[]): number {
  // PostgreSQL has no `x IN table`, and types the CTE's column from its first arm.
  const codesIn = dialect(db, {
    sqlite: { cte: `SELECT @into UNION SELECT value FROM json_each(@merged)`, in: 'codes_in' },
    postgres: { cte: `SELECT CAST(@into AS bigint) UNION SELECT CAST(value AS bigint) FROM json_each(@merged)`, in: '(SELECT id FROM codes_in)' },
  });
  const pairs = stmt(
    db,
    `WITH codes_in(id) AS (${codesIn.cte}),
          twins AS (SELECT p.id, p.guid, p.document_id, p.start, p.end, p.created_by, p.code_id
                    FROM codings p WHERE p.code_id IN ${codesIn.in} AND EXISTS (
                      SELECT 1 FROM codings o
                      WHERE o.document_id = p.document_id AND o.start = p.start AND o.end = p.end
                        AND o.created_by = p.created_by AND o.id <> p.id AND o.code_id IN ${codesIn.in})),
          ranked AS (SELECT id, guid, first_value(guid) OVER (
                       PARTITION BY document_id, start, end, created_by ORDER BY code_id <> @into, id) AS keep
                     FROM twins)
     SELECT id, guid, keep FROM ranked WHERE keep <> guid`,
  ).all({ into, merged: ids(merged) }) as { id: number; guid: string; keep: string }[];
  if (pairs.length === 0) return 0;
  const dropped = JSON.stringify(pairs.map((p) => ({ guid: p.guid, keep: p.keep })));
  // The pairs are read from the JSON once (MATERIALIZED) and looked up by guid; joined as a plain
  // subquery, every memo or code row walked the whole array again, twice per element.
  for (const [table, column] of [
    ['memos', 'target_guid'],
    ['codes', 'example_coding_guid'],
  ] as const) {
    stmt(
      db,
      `WITH r(guid, keep) AS MATERIALIZED (
         ${dialect(db, {
           sqlite: `SELECT json_extract(value, '$.guid'), json_extract(value, '$.keep') FROM json_each(@dropped)`,
           postgres: `SELECT CAST(value AS json) ->> 'guid', CAST(value AS json) ->> 'keep' FROM json_each(@dropped)`,
         })})
       UPDATE ${table} SET ${column} = (SELECT keep FROM r WHERE r.guid = ${table}.${column})
       WHERE ${column} IN (SELECT guid FROM r)`,
    ).run({ dropped });
  }
  return stmt(db, `DELETE FROM codings WHERE id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(pairs.map((p) => p.id)))
    .changes;
}

/**
 * Every coding of `from` now belongs to `to`. Recorded for undo in bulk (see updateInBulk): a
 * capture trigger per row was most of the time of merging large codes.
 */
export function repointCodings(db: SqlDb, from: readonly number[], to: number): number {
  return updateInBulk(db, 'codings', 'code_id', to, `code_id IN (SELECT value FROM json_each(@from))`, { from: ids(from) });
}

/** The children of `from` (other than codes in `from`) go under `to`, after its own children. */
export function adoptChildren(db: SqlDb, from: readonly number[], to: number): number {
  const base = childIds(db, to).length;
  return stmt(
    db,
    `UPDATE codes SET parent_id = @to, position = @base + o.rn
     FROM (SELECT c.id, row_number() OVER (ORDER BY m.key, c.position, c.id) - 1 AS rn
           FROM json_each(@from) m JOIN codes c ON c.parent_id = m.value
           WHERE c.id NOT IN (SELECT value FROM json_each(@from))) o
     WHERE codes.id = o.id`,
  ).run({ to, from: ids(from), base }).changes;
}

/**
 * Memos and journal links about the merged codes are about the target now. A code memo on a
 * theme becomes a theme memo, and the other way round.
 */
export function retargetMemos(db: SqlDb, from: readonly number[], to: { guid: string; kind: string }): void {
  const guids = `(SELECT guid FROM codes WHERE id IN (SELECT value FROM json_each(?)))`;
  stmt(
    db,
    `UPDATE memos SET target_guid = ?, kind = CASE WHEN kind IN ('code', 'theme') THEN ? ELSE kind END
     WHERE target_guid IN ${guids}`,
  ).run(to.guid, to.kind, ids(from));
  // A memo linked to two of the merged codes keeps one link to the target.
  dialect(db, {
    sqlite: () => stmt(db, `UPDATE OR IGNORE memo_links SET target_guid = ? WHERE target_guid IN ${guids}`).run(to.guid, ids(from)),
    // No OR IGNORE: SQLite updates row by row and skips a row that would repeat a link, so the
    // first (lowest id) of a memo's links to the merged codes is moved, unless it has the target.
    postgres: () =>
      stmt(
        db,
        `UPDATE memo_links SET target_guid = @to WHERE id IN (
           SELECT min(l.id) FROM memo_links l
           WHERE l.target_guid IN (SELECT guid FROM codes WHERE id IN (SELECT value FROM json_each(@from)))
             AND NOT EXISTS (SELECT 1 FROM memo_links o WHERE o.memo_id = l.memo_id AND o.target_guid = @to)
           GROUP BY l.memo_id)`,
      ).run({ to: to.guid, from: ids(from) }),
  })();
  stmt(db, `DELETE FROM memo_links WHERE target_guid IN ${guids}`).run(ids(from));
}

/**
 * Map links of the merged codes start or end at the target; links among the merged codes and
 * the target would point at itself and are dropped, as are links that became the same link.
 */
export function retargetCodeLinks(db: SqlDb, from: readonly number[], to: number): void {
  const all = ids([to, ...from]);
  stmt(
    db,
    `DELETE FROM code_links WHERE source_id IN (SELECT value FROM json_each(@all)) AND target_id IN (SELECT value FROM json_each(@all))`,
  ).run({ all });
  stmt(db, `UPDATE code_links SET source_id = ? WHERE source_id IN (SELECT value FROM json_each(?))`).run(to, ids(from));
  stmt(db, `UPDATE code_links SET target_id = ? WHERE target_id IN (SELECT value FROM json_each(?))`).run(to, ids(from));
  stmt(
    db,
    `DELETE FROM code_links WHERE (source_id = @to OR target_id = @to) AND id NOT IN (
       SELECT min(id) FROM code_links WHERE source_id = @to OR target_id = @to GROUP BY source_id, target_id, label)`,
  ).run({ to });
}

export function deleteCodes(db: SqlDb, list: readonly number[]): void {
  stmt(db, `DELETE FROM codes WHERE id IN (SELECT value FROM json_each(?))`).run(ids(list));
}

// ---------------------------------------------------------------------------------------------
// Split and delete

/** How many of the given codings belong to code `id` itself. */
export function countCodingsOf(db: SqlDb, id: number, codings: readonly string[]): number {
  return (
    stmt(
      db,
      `SELECT count(*) AS n FROM codings WHERE code_id = ? AND guid IN (SELECT value FROM json_each(?))`,
    ).get(id, JSON.stringify(codings)) as { n: number }
  ).n;
}

export function moveCodings(db: SqlDb, codings: readonly string[], to: number): number {
  return stmt(db, `UPDATE codings SET code_id = ? WHERE guid IN (SELECT value FROM json_each(?))`).run(
    to,
    JSON.stringify(codings),
  ).changes;
}

export function codingCountOf(db: SqlDb, list: readonly number[]): number {
  return (
    stmt(db, `SELECT count(*) AS n FROM codings WHERE code_id IN (SELECT value FROM json_each(?))`).get(ids(list)) as {
      n: number;
    }
  ).n;
}

/** Memos on the codes and on their codings, and journal links to the codes: they go with them. */
export function deleteMemosOfCodes(db: SqlDb, list: readonly number[]): void {
  const codeGuids = `(SELECT guid FROM codes WHERE id IN (SELECT value FROM json_each(@list)))`;
  stmt(
    db,
    `DELETE FROM memos WHERE target_guid IN ${codeGuids}
       OR target_guid IN (SELECT guid FROM codings WHERE code_id IN (SELECT value FROM json_each(@list)))`,
  ).run({ list: ids(list) });
  stmt(db, `DELETE FROM memo_links WHERE target_guid IN ${codeGuids}`).run({ list: ids(list) });
}

/** Codes whose chosen example is no longer a coding of them or of a code below them lose it. */
export function clearStaleExamples(db: SqlDb): void {
  stmt(
    db,
    `WITH RECURSIVE closure(anc, id) AS (
       SELECT id, id FROM codes WHERE example_coding_guid IS NOT NULL
       UNION ALL SELECT cl.anc, c.id FROM codes c JOIN closure cl ON c.parent_id = cl.id)
     UPDATE codes SET example_coding_guid = NULL
     WHERE example_coding_guid IS NOT NULL AND id NOT IN (
       SELECT cl.anc FROM closure cl JOIN codes a ON a.id = cl.anc JOIN codings x ON x.guid = a.example_coding_guid
       WHERE x.code_id = cl.id)`,
  ).run();
}

// ---------------------------------------------------------------------------------------------
// Counts

/**
 * Codings, documents and participants per code, on the code alone and over its subtree. Who a
 * coding counts for is decided in `attribution.ts`, as for theme prevalence. Subtree totals roll up distinct (code, document) and (code, person) pairs,
 * which are far fewer than codings.
 */
export function codeStats(db: SqlDb): CodeStats[] {
  const rows = stmt(
    db,
    `WITH RECURSIVE
     closure(anc, id) AS (SELECT id, id FROM codes UNION ALL SELECT cl.anc, c.id FROM codes c JOIN closure cl ON c.parent_id = cl.id),
     code_docs AS (SELECT DISTINCT code_id, document_id FROM codings),
     code_people AS MATERIALIZED (
       SELECT DISTINCT x.code_id, ${PERSON_OF_SPEAKER} AS person
       FROM codings x
       CROSS JOIN turns t ON ${OVERLAPPING_TURN('x')}
       ${COUNTED_SPEAKER}),
     direct AS (SELECT code_id, count(*) AS codings FROM codings GROUP BY code_id),
     total_codings AS (SELECT cl.anc AS id, sum(d.codings) AS n FROM closure cl JOIN direct d ON d.code_id = cl.id GROUP BY cl.anc),
     total_docs AS (SELECT cl.anc AS id, count(DISTINCT cd.document_id) AS n FROM closure cl JOIN code_docs cd ON cd.code_id = cl.id GROUP BY cl.anc),
     total_people AS (SELECT cl.anc AS id, count(DISTINCT cp.person) AS n FROM closure cl JOIN code_people cp ON cp.code_id = cl.id GROUP BY cl.anc)
     SELECT c.guid,
            coalesce(d.codings, 0) AS codings,
            (SELECT count(*) FROM code_docs cd WHERE cd.code_id = c.id) AS documents,
            (SELECT count(*) FROM code_people cp WHERE cp.code_id = c.id) AS participants,
            coalesce(tc.n, 0) AS totalCodings, coalesce(td.n, 0) AS totalDocuments, coalesce(tp.n, 0) AS totalParticipants
     FROM codes c
     LEFT JOIN direct d ON d.code_id = c.id
     LEFT JOIN total_codings tc ON tc.id = c.id
     LEFT JOIN total_docs td ON td.id = c.id
     LEFT JOIN total_people tp ON tp.id = c.id
     ORDER BY c.parent_id IS NOT NULL, c.parent_id, c.position, c.id`,
  ).all() as (CodeCounts & { guid: string; totalCodings: number; totalDocuments: number; totalParticipants: number })[];
  return rows.map((r) => ({
    guid: r.guid,
    codings: r.codings,
    documents: r.documents,
    participants: r.participants,
    total: { codings: r.totalCodings, documents: r.totalDocuments, participants: r.totalParticipants },
  }));
}
