import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/errors.js';
import type { Session } from '../../electron/core/session.js';
import { call, callFails, dbOf, dumpAll, expectConsistent, TEST_USER } from './helpers.js';
import { DANA, makePair, spans, type Pair } from './team-merge-fixture.js';

let p: Pair;
afterEach(() => p?.h.cleanup());

const codeRow = (s: Session, guid: string) =>
  dbOf(s).prepare(`SELECT c.name, c.definition, p.name AS parent FROM codes c LEFT JOIN codes p ON p.id = c.parent_id WHERE c.guid = ?`).get(guid) as
    | { name: string; definition: string; parent: string | null }
    | undefined;

async function twoCodes(pair: Pair) {
  const codes = pair.codes.filter((c) => c.kind === 'code' && c.name !== 'Shared before the copy');
  return { x: codes[0]!, y: codes[1]! };
}

/** Previews, checks there is exactly one conflict of `kind`, and refuses a merge without a choice. */
async function onlyConflict(pair: Pair, kind: string) {
  const plan = await call(pair.a, 'team.previewMerge', { source: pair.fileB });
  expect(plan.ancestor.found).toBe(true);
  expect(plan.conflicts.map((c) => c.kind)).toEqual([kind]);
  const before = dumpAll(dbOf(pair.a));
  await callFails(pair.a, 'team.merge', { source: pair.fileB, resolutions: {} }, ErrorCode.CONFLICT);
  expect(dumpAll(dbOf(pair.a))).toEqual(before);
  return plan.conflicts[0]!;
}

describe('team.merge conflicts, against the common ancestor', () => {
  it('a code renamed differently on both sides; theirs taken', async () => {
    p = await makePair();
    const { x } = await twoCodes(p);
    await call(p.a, 'codes.update', { code: x.guid, name: 'Our name' });
    await call(p.b, 'codes.update', { code: x.guid, name: 'Their name' });
    const c = await onlyConflict(p, 'rename');
    expect([c.base!.name, c.ours.name, c.theirs.name]).toEqual([x.name, 'Our name', 'Their name']);
    expect(c.resolutions).toEqual(['ours', 'theirs', 'edited']);
    await call(p.a, 'team.merge', { source: p.fileB, resolutions: { [c.id]: { take: 'theirs' } } });
    expect(codeRow(p.a, x.guid)!.name).toBe('Their name');
  });

  it('a rename on one side only applies without a conflict', async () => {
    p = await makePair();
    const { x, y } = await twoCodes(p);
    await call(p.a, 'codes.update', { code: y.guid, definition: 'Ours only' });
    await call(p.b, 'codes.update', { code: x.guid, name: 'Renamed by Dana' });
    const plan = await call(p.a, 'team.previewMerge', { source: p.fileB });
    expect(plan.conflicts).toEqual([]);
    expect(plan.codes.renamed.map((r) => r.guid)).toEqual([x.guid]);
    await call(p.a, 'team.merge', { source: p.fileB, resolutions: {} });
    expect(codeRow(p.a, x.guid)!.name).toBe('Renamed by Dana');
    expect(codeRow(p.a, y.guid)!.definition).toBe('Ours only');
  });

  it('a code redefined differently on both sides; an edited definition written', async () => {
    p = await makePair();
    const { x } = await twoCodes(p);
    await call(p.a, 'codes.update', { code: x.guid, definition: 'Ours' });
    await call(p.b, 'codes.update', { code: x.guid, definition: 'Theirs' });
    const c = await onlyConflict(p, 'redefine');
    expect(c.fields).toEqual(['definition']);
    expect([c.ours.definition, c.theirs.definition]).toEqual(['Ours', 'Theirs']);
    await call(p.a, 'team.merge', { source: p.fileB, resolutions: { [c.id]: { take: 'edited', fields: { definition: 'Both' } } } });
    expect(codeRow(p.a, x.guid)!.definition).toBe('Both');
  });

  it('a code moved under different parents; ours kept', async () => {
    p = await makePair();
    const { x } = await twoCodes(p);
    const themes = p.codes.filter((c) => c.kind === 'theme');
    await call(p.a, 'codes.move', { code: x.guid, parent: themes[0]!.guid });
    await call(p.b, 'codes.move', { code: x.guid, parent: themes[1]!.guid });
    const c = await onlyConflict(p, 'move');
    expect(c.ours.parentPath.at(-1)).toBe(themes[0]!.name);
    expect(c.theirs.parentPath.at(-1)).toBe(themes[1]!.name);
    await call(p.a, 'team.merge', { source: p.fileB, resolutions: { [c.id]: { take: 'ours' } } });
    expect(codeRow(p.a, x.guid)!.parent).toBe(themes[0]!.name);
  });

  it('a code they merged away that we coded; their merge taken, our codings follow it', async () => {
    p = await makePair();
    const { x, y } = await twoCodes(p);
    await call(p.b, 'codes.merge', { codes: [x.guid], into: y.guid });
    await call(p.a, 'codings.apply', { document: p.docs[0]!.guid, start: 5, end: 25, code: { guid: x.guid } });
    const c = await onlyConflict(p, 'merge');
    expect(c.theirs.exists).toBe(false);
    expect(c.theirs.note).toContain(y.name);
    await call(p.a, 'team.merge', { source: p.fileB, resolutions: { [c.id]: { take: 'theirs' } } });
    expect(codeRow(p.a, x.guid)).toBeUndefined();
    expect(spans(dbOf(p.a), TEST_USER.guid)).toEqual([expect.stringMatching(new RegExp(`\\|${y.name}\\|5\\|25$`, 'u'))]);
    expectConsistent(dbOf(p.a));
  });

  it('a code they split that we redefined; their split taken, the codings they split off move here too', async () => {
    let x = '';
    const moved: string[] = [];
    p = await makePair({
      before: async (s) => {
        const docs = await call(s, 'documents.list', {});
        const code = (await call(s, 'codes.list', {})).find((c) => c.kind === 'code' && c.name !== 'Shared before the copy')!;
        x = code.guid;
        for (const [start, end] of [[0, 30], [40, 80], [90, 120]] as const) {
          const r = await call(s, 'codings.apply', { document: docs[0]!.guid, start, end, code: { guid: x } });
          if (start > 0) moved.push(r.coding.guid);
        }
      },
    });
    await call(p.b, 'codes.split', { code: x, codings: moved, name: 'Split by Dana' });
    await call(p.a, 'codes.update', { code: x, definition: 'Sharper now' });
    const c = await onlyConflict(p, 'split');
    expect(c.fields).toEqual(['definition']);
    await call(p.a, 'team.merge', { source: p.fileB, resolutions: { [c.id]: { take: 'theirs' } } });
    const db = dbOf(p.a);
    const onSplit = db.prepare(`SELECT c.guid FROM codings c JOIN codes k ON k.id = c.code_id WHERE k.name = 'Split by Dana' ORDER BY c.start`).pluck().all();
    expect(onSplit).toEqual(moved);
    expect(codeRow(p.a, x)!.definition).toBe('Sharper now');
  });

  it('a code they deleted that we renamed; ours kept, and a coding of ours they never had stays', async () => {
    p = await makePair();
    const { x } = await twoCodes(p);
    await call(p.b, 'codes.delete', { code: x.guid });
    await call(p.a, 'codes.update', { code: x.guid, name: 'Still needed' });
    const c = await onlyConflict(p, 'delete');
    expect(c.base!.name).toBe(x.name);
    expect(c.ours.name).toBe('Still needed');
    expect(c.theirs.exists).toBe(false);
    await call(p.a, 'team.merge', { source: p.fileB, resolutions: { [c.id]: { take: 'ours' } } });
    expect(codeRow(p.a, x.guid)!.name).toBe('Still needed');
  });

  it('a code they deleted that we left alone goes, without a conflict', async () => {
    p = await makePair();
    const { x } = await twoCodes(p);
    await call(p.b, 'codes.delete', { code: x.guid });
    const plan = await call(p.a, 'team.previewMerge', { source: p.fileB });
    expect(plan.conflicts).toEqual([]);
    expect(plan.codes.removed.map((r) => r.guid)).toEqual([x.guid]);
    await call(p.a, 'team.merge', { source: p.fileB, resolutions: {} });
    expect(codeRow(p.a, x.guid)).toBeUndefined();
  });

  it('without a common ancestor (a .qdpx), differing definitions are conflicts with no base', async () => {
    p = await makePair();
    const { x } = await twoCodes(p);
    await call(p.a, 'codes.update', { code: x.guid, definition: 'Ours' });
    await call(p.b, 'codes.update', { code: x.guid, definition: 'Theirs' });
    const qdpx = p.h.file('dana.qdpx');
    await call(p.b, 'export.refi', { format: 'qdpx', path: qdpx });
    const plan = await call(p.a, 'team.previewMerge', { source: qdpx });
    expect(plan.ancestor.found).toBe(false);
    const c = plan.conflicts.find((k) => k.code.guid === x.guid)!;
    expect(c).toMatchObject({ kind: 'redefine', base: null });
    expect(plan.conflicts).toHaveLength(1);
    void DANA;
  });
});
