/**
 * A merge reuses what its preview read only while both sides are as they were then: a change in
 * the co-coder's copy or in the open project since the preview is seen by the merge.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { call, dbOf, expectConsistent } from './helpers.js';
import { DANA, makePair, spans, type Pair } from './team-merge-fixture.js';

let p: Pair;
afterEach(() => p?.h.cleanup());

async function danaCodes(pair: Pair) {
  const [d1, d2] = pair.docs;
  const code = pair.codes.find((c) => c.kind === 'code')!;
  await call(pair.b, 'codings.apply', { document: d1!.guid, start: 100, end: 160, code: { guid: code.guid } });
  await call(pair.b, 'codings.apply', { document: d2!.guid, start: 300, end: 420, code: { guid: code.guid } });
  return code;
}

describe('team.merge after a preview', () => {
  it('merges what the preview showed when nothing changed since', async () => {
    p = await makePair();
    await danaCodes(p);
    const plan = await call(p.a, 'team.previewMerge', { source: p.fileB });
    const r = await call(p.a, 'team.merge', { source: p.fileB, resolutions: {} });
    expect(r.plan).toEqual(plan);
    expect(spans(dbOf(p.a), DANA.guid)).toEqual(spans(dbOf(p.b), DANA.guid));
    expectConsistent(dbOf(p.a));
  });

  it('sees codings the co-coder added to their copy after the preview', async () => {
    p = await makePair();
    const code = await danaCodes(p);
    expect((await call(p.a, 'team.previewMerge', { source: p.fileB })).counts.codingsAdded).toBe(2);
    await call(p.b, 'codings.apply', { document: p.docs[0]!.guid, start: 700, end: 760, code: { guid: code.guid } });
    const r = await call(p.a, 'team.merge', { source: p.fileB, resolutions: {} });
    expect(r.plan.counts.codingsAdded).toBe(3);
    expect(spans(dbOf(p.a), DANA.guid)).toEqual(spans(dbOf(p.b), DANA.guid));
  });

  it('sees what changed in the open project after the preview', async () => {
    p = await makePair();
    await call(p.b, 'codings.apply', { document: p.docs[0]!.guid, start: 50, end: 90, code: { name: 'Dana new code' } });
    const plan = await call(p.a, 'team.previewMerge', { source: p.fileB });
    expect(plan.codes.added.map((c) => c.name)).toEqual(['Dana new code']);
    await call(p.a, 'codes.create', { name: 'Dana new code' });
    const r = await call(p.a, 'team.merge', { source: p.fileB, resolutions: {} });
    expect(r.plan.codes.added).toEqual([]);
    expect(r.plan.codes.matched.map((c) => c.name)).toContain('Dana new code');
    expect(spans(dbOf(p.a), DANA.guid)).toEqual(spans(dbOf(p.b), DANA.guid));
  });
});
