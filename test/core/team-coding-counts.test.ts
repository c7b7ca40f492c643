import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, createHarness, importTranscript, PILOT_TRANSCRIPT, testEnv, TEST_USER, type Harness } from './helpers.js';

const OTHER = { guid: '22222222-2222-4222-8222-222222222222', name: 'Jonas Berg' };

let h: Harness;
let doc: string;
beforeEach(async () => {
  h = createHarness();
  await call(h.session, 'project.create', { path: h.file('p.chorus') });
  doc = await importTranscript(h, 'pilot.txt', PILOT_TRANSCRIPT);
});
afterEach(() => h.cleanup());

function spanOf(words: string): { start: number; end: number } {
  const start = PILOT_TRANSCRIPT.indexOf(words);
  if (start < 0) throw new Error(`"${words}" is not in the pilot transcript`);
  return { start, end: start + words.length };
}

describe('coder layers: who coded how much', () => {
  it('counts codings per code and per document for each coder, and tells the coders apart', async () => {
    const peers = (await call(h.session, 'codings.apply', { document: doc, ...spanOf('talking to my co-residents'), code: { name: 'Peers' } })).code;
    // The co-coder works on the same file on their own machine: another user in the environment.
    const other = h.newSession(testEnv({ user: OTHER }));
    await call(other, 'project.open', { path: h.file('p.chorus') });
    // The same code on the same passage is their own coding, not a repeat of mine.
    const theirs = await call(other, 'codings.apply', { document: doc, ...spanOf('talking to my co-residents'), code: { guid: peers.guid } });
    expect(theirs.coding.coder).toBe(OTHER.guid);
    const stress = (await call(other, 'codings.apply', { document: doc, ...spanOf('co-residents'), code: { name: 'Stress' } })).code;

    const counts = await call(h.session, 'team.codingCounts', {});
    expect(counts.codes).toHaveLength(3);
    expect(counts.codes).toEqual(
      expect.arrayContaining([
        { code: peers.guid, coder: TEST_USER.guid, codings: 1 },
        { code: peers.guid, coder: OTHER.guid, codings: 1 },
        { code: stress.guid, coder: OTHER.guid, codings: 1 },
      ]),
    );
    expect(counts.documents).toHaveLength(2);
    expect(counts.documents).toEqual(
      expect.arrayContaining([
        { document: doc, coder: TEST_USER.guid, codings: 1 },
        { document: doc, coder: OTHER.guid, codings: 2 },
      ]),
    );

    // Every coding in a document's list says whose it is, and team.coders says which one is me.
    const listed = await call(h.session, 'codings.list', { document: doc });
    expect(listed.map((c) => c.coder).sort()).toEqual([TEST_USER.guid, OTHER.guid, OTHER.guid].sort());
    const coders = await call(h.session, 'team.coders', {});
    expect(coders.map((c) => [c.name, c.me, c.codings])).toEqual([
      [TEST_USER.name, true, 1],
      [OTHER.name, false, 2],
    ]);
    expect((await call(other, 'team.coders', {})).find((c) => c.me)?.guid).toBe(OTHER.guid);
  });

  it('gives the project a guid that stays the same when the file is opened again', async () => {
    const info = await call(h.session, 'project.info', {});
    expect(info.guid).toMatch(/^[0-9a-f-]{36}$/);
    const again = h.newSession();
    expect((await call(again, 'project.open', { path: h.file('p.chorus') })).guid).toBe(info.guid);
  });

  it('counts nothing in a project without codings', async () => {
    expect(await call(h.session, 'team.codingCounts', {})).toEqual({ codes: [], documents: [] });
  });
});
