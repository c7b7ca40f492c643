import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/errors.js';
import { call, callFails, dbOf, dumpAll, expectConsistent, TEST_USER } from './helpers.js';
import { codeNamed, DANA, makePair, spans, type Pair } from './team-merge-fixture.js';

let p: Pair;
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
