import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/errors.js';
import { call, callFails, dbOf, dumpAll, expectConsistent, TEST_USER } from './helpers.js';
import { codeNamed, DANA, makePair, spans, type Pair } from './team-merge-fixture.js';

let p: Pair;

function lexical(text: string): string {
  return JSON.stringify({
    root: { type: 'root', version: 1, children: [{ type: 'paragraph', version: 1, children: [{ type: 'text', version: 1, text }] }] },
  });
}
afterEach(() => p?.h.cleanup());

/** A codes several passages in B's and A's copies, some the same. */
async function codeBoth(pair: Pair) {
  const [d1, d2] = pair.docs;
  const c1 = codeNamed(pair.codes, pair.codes[0]!.name);
  const c2 = pair.codes.find((c) => c.kind === 'code' && c.guid !== c1.guid)!;
  await call(pair.a, 'codings.apply', { document: d1!.guid, start: 100, end: 160, code: { guid: c1.guid } });
  await call(pair.a, 'codings.apply', { document: d2!.guid, start: 300, end: 420, code: { guid: c2.guid } });
  await call(pair.b, 'codings.apply', { document: d1!.guid, start: 100, end: 160, code: { guid: c1.guid } });
  await call(pair.b, 'codings.apply', { document: d1!.guid, start: 500, end: 640, code: { guid: c2.guid } });
  await call(pair.b, 'codings.apply', { document: d2!.guid, start: 50, end: 90, code: { name: 'Dana new code' } });
}

describe('team.merge of two copies', () => {
  it('keeps every coding of both coders, with exact spans, and adds nothing the second time', async () => {
    p = await makePair();
    await codeBoth(p);
    const before = { a: spans(dbOf(p.a)), dana: spans(dbOf(p.b), DANA.guid) };
    const plan = await call(p.a, 'team.previewMerge', { source: p.fileB });
    expect(plan.ancestor.found).toBe(true);
    expect(plan.conflicts).toEqual([]);
    expect(plan.codes.added.map((c) => c.name)).toEqual(['Dana new code']);
    expect(plan.coders.find((c) => c.guid === DANA.guid)).toMatchObject({ name: 'Dana', isNew: true, codings: 3 });
    const r = await call(p.a, 'team.merge', { source: p.fileB, resolutions: {} });
    expect(r.summary).toBe("Merged Dana's project: 3 codings, 1 code");
    const after = dbOf(p.a);
    expect(spans(after, TEST_USER.guid)).toEqual(before.a.filter((s) => s.startsWith(TEST_USER.guid)));
    expect(spans(after, DANA.guid)).toEqual(before.dana);
    expectConsistent(after);
    const dump = dumpAll(after);
    const again = await call(p.a, 'team.merge', { source: p.fileB, resolutions: {} });
    expect(again.changed).toBe(false);
    expect(again.plan.counts.codingsAdded).toBe(0);
    expect(dumpAll(after)).toEqual(dump);
  });
});

describe('team.merge: what is kept and matched', () => {
  it('keeps memos and journal entries with their authors, and undo restores the exact prior state', async () => {
    p = await makePair();
    await codeBoth(p);
    const code = p.codes.find((c) => c.kind === 'code')!;
    await call(p.b, 'memos.create', { kind: 'code', target: code.guid, content: lexical('Dana on this code'), text: 'Dana on this code' });
    await call(p.b, 'memos.create', { kind: 'journal', content: lexical('Dana reflects'), text: 'Dana reflects', phase: 3, links: [code.guid] });
    const db = dbOf(p.a);
    const before = dumpAll(db);
    const plan = await call(p.a, 'team.previewMerge', { source: p.fileB });
    expect(plan.memos).toMatchObject({ added: 2, journalEntries: 1, byAuthor: [{ name: 'Dana', memos: 2 }] });
    expect(dumpAll(db)).toEqual(before);
    await call(p.a, 'team.merge', { source: p.fileB, resolutions: {} });
    const journal = db
      .prepare(`SELECT m.content_text, m.phase, u.name, l.target_guid FROM memos m JOIN users u ON u.guid = m.created_by LEFT JOIN memo_links l ON l.memo_id = m.id WHERE m.kind = 'journal'`)
      .all();
    expect(journal).toEqual([{ content_text: 'Dana reflects', phase: 3, name: 'Dana', target_guid: code.guid }]);
    expect(db.prepare(`SELECT created_by FROM memos WHERE content_text = 'Dana on this code' AND target_guid = ?`).pluck().get(code.guid)).toBe(DANA.guid);
    // Three codings and two memos, recorded as one bulk record each rather than a row image apiece.
    const records = db
      .prepare(`SELECT tbl, count(*) AS n FROM history_changes WHERE seq = (SELECT max(seq) FROM history) AND tbl IN ('codings', 'memos') GROUP BY tbl ORDER BY tbl`)
      .all();
    expect(records).toEqual([{ tbl: 'codings', n: 1 }, { tbl: 'memos', n: 1 }]);
    const history = dumpAll(db).history as { summary: string }[];
    expect(history.at(-1)!.summary).toBe("Merged Dana's project: 3 codings, 1 code, 2 memos");
    await call(p.a, 'history.undo', {});
    const undone = dumpAll(db);
    const { history: h1, history_changes: _c1, ...rest1 } = undone;
    const { history: h0, history_changes: _c0, ...rest0 } = before;
    expect(rest1).toEqual(rest0);
    expect((h1 as unknown[]).length).toBe((h0 as unknown[]).length + 1);
    expectConsistent(db);
    await call(p.a, 'history.redo', {});
    expect(spans(db, DANA.guid)).toEqual(spans(dbOf(p.b), DANA.guid));
    expectConsistent(db);
  });

  it('matches a document renamed in one copy by its text, and reports a same-name document with another text', async () => {
    p = await makePair({ shared: false });
    const [d1] = p.docs;
    await call(p.b, 'documents.update', { document: d1!.guid, name: 'Renamed by Dana' });
    const code = p.codes.find((c) => c.kind === 'code')!;
    await call(p.b, 'codings.apply', { document: d1!.guid, start: 10, end: 40, code: { guid: code.guid } });
    // A transcript with another text under a name A already uses (Dana renamed hers first).
    await call(p.b, 'documents.update', { document: p.docs[1]!.guid, name: 'Moved aside' });
    const other = importTo(p, p.b, `${p.docs[1]!.name}.txt`, 'Moderator: Something else entirely.\n\nP1: Yes, quite different.\n');
    const docB = await other;
    await call(p.b, 'codings.apply', { document: docB, start: 12, end: 30, code: { guid: code.guid } });
    const plan = await call(p.a, 'team.previewMerge', { source: p.fileB });
    expect(plan.documents.matched.find((d) => d.guid === d1!.guid)).toMatchObject({ name: 'Renamed by Dana', ourName: d1!.name });
    expect(plan.documents.clashing).toEqual([{ guid: docB, name: `${p.docs[1]!.name}`, ourName: null, codings: 1 }]);
    expect(plan.coders.find((c) => c.guid === DANA.guid)).toMatchObject({ codings: 1, skipped: 1 });
    await call(p.a, 'team.merge', { source: p.fileB, resolutions: {} });
    expect(spans(dbOf(p.a), DANA.guid)).toHaveLength(1);
    const added = await call(p.a, 'team.merge', { source: p.fileB, resolutions: {}, clashing: 'add' });
    expect(added.plan.documents.clashing[0]!.ourName).toMatch(/\(/u);
    expect(spans(dbOf(p.a), DANA.guid)).toEqual(spans(dbOf(p.b), DANA.guid));
  });

  it('merges a .qdpx exported from the other copy', async () => {
    p = await makePair();
    await codeBoth(p);
    const qdpx = p.h.file('dana.qdpx');
    await call(p.b, 'export.refi', { format: 'qdpx', path: qdpx });
    const plan = await call(p.a, 'team.previewMerge', { source: qdpx });
    expect(plan.source.kind).toBe('qdpx');
    expect(plan.ancestor.found).toBe(false);
    expect(plan.documents.added).toEqual([]);
    await call(p.a, 'team.merge', { source: qdpx, resolutions: {} });
    expect(spans(dbOf(p.a), DANA.guid)).toEqual(spans(dbOf(p.b), DANA.guid));
    const again = await call(p.a, 'team.previewMerge', { source: qdpx });
    expect(again.counts.codingsAdded).toBe(0);
  });

  it('refuses a file that is not a project, and the open project itself, changing nothing', async () => {
    p = await makePair();
    const before = dumpAll(dbOf(p.a));
    await callFails(p.a, 'team.previewMerge', { source: p.fileA }, ErrorCode.INVALID_INPUT);
    const junk = p.h.file('junk.chorus');
    (await import('node:fs')).writeFileSync(junk, 'not a database at all');
    await callFails(p.a, 'team.merge', { source: junk, resolutions: {} }, ErrorCode.UNSUPPORTED_FORMAT);
    expect(dumpAll(dbOf(p.a))).toEqual(before);
  });
});

async function importTo(pair: Pair, session: Pair['a'], name: string, text: string): Promise<string> {
  const fs = await import('node:fs');
  const file = pair.h.file(name);
  fs.writeFileSync(file, text);
  const report = await call(session, 'documents.import', { sources: [{ kind: 'path', path: file }] });
  return report.files[0]!.document!.guid;
}
