/**
 * Finding: boolean retrieval over codes and themes, full-text search with keyword-in-context
 * lines, auto-coding and the exports, on a small project built here with hand-counted answers.
 *
 * The group (turn index: speaker: text):
 *   0 Moderator: Welcome. What does support mean to you?
 *   1 P1: Peer support matters. I am supporting my friends every day.
 *   2 P2: Café talk helps 🙂 so support is everywhere for me.
 *   3 Moderator: Tell me about burnout.
 *   4 P1: Burnout is real. I felt exhausted after nights.
 *   5 P2: I never speak up about it.
 *   6 P1: Speaking up is hard when you are tired.
 *
 * Codes: theme Coping > {Peer support, speaking up}; Burnout; Fatigue. Codings (c1…c8):
 *   c1 Peer support  "Peer support matters."                         turn 1
 *   c2 Burnout       "I am supporting my friends every day."         turn 1
 *   c3 Peer support  "Café talk helps 🙂 so support is everywhere…"   turn 2
 *   c4 Burnout       "Burnout is real. I felt exhausted after nights." turn 4
 *   c5 speaking up   "I never speak up about it."                    turn 5
 *   c6 Fatigue       "I felt exhausted after nights. … I never speak" turns 4–5 (crosses the label)
 *   c7 speaking up   "Speaking up is hard"                           turn 6
 *   c8 Fatigue       "when you are tired" (by another coder)          turn 6
 * A second group holds one Burnout coding (c9). P1 is a participant with Year = PGY2, P2 with PGY3.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QueryResult, SearchResult } from '../../shared/analysis-find.js';
import type { OpInput } from '../../shared/api.js';
import type { DocumentDetail } from '../../shared/types.js';
import {
  call,
  callFails,
  createHarness,
  dbOf,
  dumpAll,
  dumpCaptured,
  expectConsistent,
  importTranscript,
  testEnv,
  type Harness,
} from './helpers.js';

const GROUP = [
  'Moderator: Welcome. What does support mean to you?',
  '',
  'P1: Peer support matters. I am supporting my friends every day.',
  '',
  'P2: Café talk helps 🙂 so support is everywhere for me.',
  '',
  'Moderator: Tell me about burnout.',
  '',
  'P1: Burnout is real. I felt exhausted after nights.',
  '',
  'P2: I never speak up about it.',
  '',
  'P1: Speaking up is hard when you are tired.',
  '',
].join('\n');

const SECOND = ['Moderator: How are nights?', '', 'P9: Nights bring burnout for sure.', ''].join('\n');

const OTHER_CODER = { guid: '22222222-2222-4222-8222-222222222222', name: 'Other Coder' };

interface Built {
  doc: DocumentDetail;
  doc2: DocumentDetail;
  codes: Record<'coping' | 'peer' | 'speaking' | 'burnout' | 'fatigue', string>;
  /** Coding guids c1…c9. */
  c: Record<string, string>;
  speakers: Record<'Moderator' | 'P1' | 'P2', string>;
  participants: Record<'P1' | 'P2', string>;
}

let h: Harness;
let b: Built;

async function build(h: Harness): Promise<Built> {
  const s = h.session;
  await call(s, 'project.create', { path: h.file('find.chorus'), title: 'Finding test' });
  const docGuid = await importTranscript(h, 'group1.txt', GROUP);
  const doc2Guid = await importTranscript(h, 'group2.txt', SECOND);
  const doc = await call(s, 'documents.get', { document: docGuid });
  const doc2 = await call(s, 'documents.get', { document: doc2Guid });
  expect(doc.turns.map((t) => doc.text.slice(t.start, t.end).split(' ')[0])).toEqual([
    'Welcome.',
    'Peer',
    'Café',
    'Tell',
    'Burnout',
    'I',
    'Speaking',
  ]);
  const speakers = Object.fromEntries(doc.speakers.map((sp) => [sp.label, sp.guid])) as Built['speakers'];
  expect(doc.speakers.find((sp) => sp.label === 'Moderator')!.role).toBe('moderator');

  const coping = await call(s, 'codes.create', { name: 'Coping' });
  await call(s, 'codes.promote', { code: coping.guid });
  const peer = await call(s, 'codes.create', { name: 'Peer support', parent: coping.guid });
  const speaking = await call(s, 'codes.create', { name: 'speaking up', parent: coping.guid });
  const burnout = await call(s, 'codes.create', { name: 'Burnout' });
  const fatigue = await call(s, 'codes.create', { name: 'Fatigue' });

  const span = (text: string, from: string, to?: string) => {
    const start = doc.text.indexOf(from);
    expect(start, from).toBeGreaterThanOrEqual(0);
    const end = to === undefined ? start + from.length : doc.text.indexOf(to, start) + to.length;
    return { start, end };
  };
  const apply = async (code: string, where: { start: number; end: number }, document = docGuid, session = s) =>
    (await call(session, 'codings.apply', { document, ...where, code: { guid: code } })).coding.guid;
  const c: Record<string, string> = {};
  c.c1 = await apply(peer.guid, span(doc.text, 'Peer support matters.'));
  c.c2 = await apply(burnout.guid, span(doc.text, 'I am supporting my friends every day.'));
  c.c3 = await apply(peer.guid, span(doc.text, 'Café talk helps 🙂 so support is everywhere for me.'));
  c.c4 = await apply(burnout.guid, span(doc.text, 'Burnout is real. I felt exhausted after nights.'));
  c.c5 = await apply(speaking.guid, span(doc.text, 'I never speak up about it.'));
  c.c6 = await apply(fatigue.guid, span(doc.text, 'I felt exhausted', 'I never speak'));
  c.c7 = await apply(speaking.guid, span(doc.text, 'Speaking up is hard'));
  c.c9 = await apply(burnout.guid, { start: doc2.text.indexOf('burnout'), end: doc2.text.indexOf('burnout') + 7 }, doc2Guid);

  // Another coder, in another session on the same file.
  const other = h.newSession(testEnv({ user: OTHER_CODER }));
  await call(other, 'project.open', { path: h.file('find.chorus') });
  c.c8 = await apply(fatigue.guid, span(doc.text, 'when you are tired'), docGuid, other);
  other.close();

  // P1 and P2 become participants with a year of training.
  const p1 = await call(s, 'speakers.update', { speaker: speakers.P1, participant: 'new' });
  const p2 = await call(s, 'speakers.update', { speaker: speakers.P2, participant: 'new' });
  const year = await call(s, 'attributes.define', { scope: 'participant', name: 'Year', type: 'category' });
  await call(s, 'attributes.setValues', {
    scope: 'participant',
    values: [
      { owner: p1.participant!.guid, attribute: year.guid, value: 'PGY2' },
      { owner: p2.participant!.guid, attribute: year.guid, value: 'PGY3' },
    ],
  });
  return {
    doc: await call(s, 'documents.get', { document: docGuid }),
    doc2,
    codes: { coping: coping.guid, peer: peer.guid, speaking: speaking.guid, burnout: burnout.guid, fatigue: fatigue.guid },
    c,
    speakers,
    participants: { P1: p1.participant!.guid, P2: p2.participant!.guid },
  };
}

beforeEach(async () => {
  h = createHarness();
  b = await build(h);
});
afterEach(() => h.cleanup());

const query = (codes: string, more: Partial<OpInput<'analysis.query'>> = {}) => call(h.session, 'analysis.query', { codes, ...more });

/** Segments as coding names (c1…) with the text, in result order. */
function names(r: QueryResult): string[] {
  const byGuid = new Map(Object.entries(b.c).map(([k, v]) => [v, k]));
  return r.segments.map((s) => byGuid.get(s.coding)!);
}

describe('analysis.query: boolean retrieval, turn by turn', () => {
  it('retrieves a code, and a theme with everything below it', async () => {
    expect(names(await query('"Peer support"'))).toEqual(['c1', 'c3']);
    const theme = await query('Coping');
    expect(names(theme)).toEqual(['c1', 'c3', 'c5', 'c7']);
    expect(theme.codes).toEqual([{ guid: b.codes.coping, name: 'Coping', path: ['Coping'], kind: 'theme', covers: 3 }]);
    // By guid, and with a bare two-word name.
    expect(names(await query(b.codes.peer))).toEqual(['c1', 'c3']);
    expect(names(await query('peer support'))).toEqual(['c1', 'c3']);
  });

  it('describes each segment: text, code path, coder, speakers, turn, context', async () => {
    const r = await query('"speaking up"');
    const s = r.segments[0]!;
    expect(s.text).toBe('I never speak up about it.');
    expect(b.doc.text.slice(s.start, s.end)).toBe(s.text);
    expect(s.code.path).toEqual(['Coping', 'speaking up']);
    expect(s.coder).toEqual({ guid: h.env.user.guid, name: 'Test Coder' });
    expect(s.speakers.map((p) => [p.label, p.role, p.participant?.guid])).toEqual([['P2', 'participant', b.participants.P2]]);
    expect(s.turn.index).toBe(5);
    expect(s.context.text).toBe('I never speak up about it.');
    const wide = await query('"speaking up"', { context: 12 });
    // 12 characters either side, cut to whole words ("nights." and "Speaking" are cut), within the document.
    expect(wide.segments[0]!.context.text).toBe('P2: I never speak up about it.\n\nP1:');
  });

  it('AND: both in the same turn; OR: either', async () => {
    expect(names(await query('"Peer support" AND Burnout'))).toEqual(['c1', 'c2']);
    expect(names(await query('"Peer support" OR Burnout'))).toEqual(['c1', 'c2', 'c3', 'c4', 'c9']);
  });

  it('NOT: the left code in turns without the right one; a coding across turns keeps its part in the others', async () => {
    expect(names(await query('Burnout NOT "Peer support"'))).toEqual(['c4', 'c9']);
    const r = await query('Fatigue NOT "speaking up"');
    expect(names(r)).toEqual(['c6']);
    // c6 runs from turn 4 into turn 5; only its part in turn 4 is free of "speaking up".
    expect(r.segments[0]!.text).toBe('I felt exhausted after nights.');
    expect(r.segments[0]!.codingEnd).toBeGreaterThan(r.segments[0]!.end);
  });

  it('NEAR/N: within N turns, both ways', async () => {
    expect(names(await query('Burnout NEAR/0 "speaking up"'))).toEqual([]);
    expect(names(await query('Burnout NEAR/1 "speaking up"'))).toEqual(['c4', 'c5']);
    expect(names(await query('Burnout near/2 "speaking up"'))).toEqual(['c4', 'c5', 'c7']);
  });

  it('AND cuts a coding to the turns where both hold; parentheses change the answer', async () => {
    const r = await query('Fatigue AND "speaking up"');
    expect(names(r)).toEqual(['c6', 'c5', 'c7', 'c8']);
    expect(r.segments[0]!.text).toBe('I never speak');
    expect(r.total).toBe(4);
    expect(r.codings).toBe(4);
    expect(names(await query('(Burnout OR Fatigue) AND Coping'))).toEqual(['c1', 'c2', 'c6', 'c5', 'c7', 'c8']);
    expect(names(await query('Burnout OR Fatigue AND Coping'))).toEqual(['c2', 'c4', 'c6', 'c5', 'c7', 'c8', 'c9']);
    expect((await query('Burnout OR Fatigue AND Coping')).normalized).toBe('"Burnout" OR "Fatigue" AND "Coping"');
    expect((await query('(burnout or fatigue) and coping')).normalized).toBe('("Burnout" OR "Fatigue") AND "Coping"');
  });

  it('filters by coder, document, speaker, role, participant and participant attribute', async () => {
    const me = h.env.user.guid;
    expect(names(await query('Fatigue AND "speaking up"', { filters: { coders: [me] } }))).toEqual(['c6', 'c5']);
    expect(names(await query('Fatigue', { filters: { coders: [OTHER_CODER.guid] } }))).toEqual(['c8']);
    expect(names(await query('Burnout'))).toEqual(['c2', 'c4', 'c9']);
    expect(names(await query('Burnout', { filters: { documents: [b.doc.document.guid] } }))).toEqual(['c2', 'c4']);
    expect(names(await query('"Peer support" OR Burnout', { filters: { speakers: [b.speakers.P2] } }))).toEqual(['c3']);
    expect(names(await query('Coping', { filters: { roles: ['participant'] } }))).toEqual(['c1', 'c3', 'c5', 'c7']);
    expect(names(await query('Coping', { filters: { roles: ['moderator'] } }))).toEqual([]);
    expect(names(await query('Coping', { filters: { participants: [b.participants.P1] } }))).toEqual(['c1', 'c7']);
    expect(names(await query('Coping', { filters: { attributes: [{ attribute: 'year', values: ['pgy2'] }] } }))).toEqual(['c1', 'c7']);
    // A speaker filter cuts a coding across turns to its allowed speaker's part.
    const p1 = await query('Fatigue', { filters: { speakers: [b.speakers.P1] } });
    expect(p1.segments.map((s) => s.text)).toEqual(['I felt exhausted after nights.', 'when you are tired']);
  });

  it('follows turns that change after a query: merged speakers, undone merges, new and undone imports', async () => {
    const speakersOf = async () => (await query('"speaking up"')).segments.map((x) => x.speakers.map((p) => p.label).join());
    expect(await speakersOf()).toEqual(['P2', 'P1']);
    await call(h.session, 'speakers.merge', { from: b.speakers.P2, into: b.speakers.P1 });
    expect(await speakersOf()).toEqual(['P1', 'P1']);
    await call(h.session, 'history.undo', {});
    expect(await speakersOf()).toEqual(['P2', 'P1']);
    // An import after the cache was filled; then a coding in it, undone and replaced by another command.
    const third = await importTranscript(h, 'group3.txt', 'P7: Speaking up again.\n');
    await call(h.session, 'codings.apply', { document: third, start: 4, end: 15, code: { guid: b.codes.speaking } });
    expect((await query('"speaking up"')).segments.map((x) => x.text)).toEqual(['I never speak up about it.', 'Speaking up is hard', 'Speaking up']);
    await call(h.session, 'history.undo', {});
    await call(h.session, 'history.undo', {});
    await call(h.session, 'codes.create', { name: 'After the undo' });
    expect((await query('"speaking up"')).total).toBe(2);
  });

  it('limits the list but counts everything', async () => {
    const r = await query('Coping', { limit: 2 });
    expect(names(r)).toEqual(['c1', 'c3']);
    expect(r).toMatchObject({ total: 4, truncated: true, documents: 1, codings: 4 });
  });

  it('reports bad syntax and unknown codes with the position, and changes nothing', async () => {
    const before = dumpAll(dbOf(h.session));
    expect((await callFails(h.session, 'analysis.query', { codes: 'Burnout AND (Coping' }, 'INVALID_INPUT')).message).toMatch(
      /bracket at character 13 is never closed/,
    );
    expect((await callFails(h.session, 'analysis.query', { codes: 'Burnout AND' }, 'INVALID_INPUT')).message).toMatch(/ends too early/);
    expect((await callFails(h.session, 'analysis.query', { codes: 'Burnout NEAR Coping' }, 'INVALID_INPUT')).message).toMatch(/NEAR\/N/);
    const unknown = await callFails(h.session, 'analysis.query', { codes: 'Burnout OR "Peer suport"' }, 'NOT_FOUND');
    expect(unknown.message).toBe('No code or theme is named "Peer suport" (at character 12).');
    expect((await callFails(h.session, 'analysis.query', { codes: 'Burn' }, 'NOT_FOUND')).message).toMatch(/Did you mean "Burnout"\?/);
    expect(await call(h.session, 'analysis.checkQuery', { codes: 'Burnout OR (Coping' })).toEqual({
      valid: false,
      message: 'The bracket at character 12 is never closed (found the end of the query at character 19).',
      position: 18,
    });
    expect(await call(h.session, 'analysis.checkQuery', { codes: 'Burnout OR nope' })).toMatchObject({ valid: false, position: 11 });
    expect(await call(h.session, 'analysis.checkQuery', { codes: 'burnout and coping' })).toMatchObject({
      valid: true,
      normalized: '"Burnout" AND "Coping"',
    });
    expect(dumpAll(dbOf(h.session))).toEqual(before);
  });

  it('refuses a name two codes share, naming where they are', async () => {
    await call(h.session, 'codes.create', { name: 'Burnout', parent: b.codes.coping });
    const e = await callFails(h.session, 'analysis.query', { codes: 'Burnout' }, 'NOT_FOUND');
    expect(e.message).toMatch(/names 2 codes \(at the top, under "Coping"\): use the guid/);
  });
});

const search = (text: string, more: Partial<OpInput<'analysis.search'>> = {}) => call(h.session, 'analysis.search', { text, ...more });
const keywords = (r: SearchResult) => r.hits.map((x) => x.keyword);

describe('analysis.search: full text, keyword in context', () => {
  it('stems: "support" finds "supporting"', async () => {
    const r = await search('support');
    expect(keywords(r)).toEqual(['support', 'support', 'supporting', 'support']);
    expect(r).toMatchObject({ total: 4, turns: 3, truncated: false, fts: '"support"' });
  });

  it('phrases, prefixes and boolean words', async () => {
    expect(keywords(await search('"peer support"'))).toEqual(['Peer support']);
    expect(keywords(await search('exhaust*'))).toEqual(['exhausted']);
    expect(keywords(await search('supp*'))).toEqual(['support', 'support', 'supporting', 'support']);
    expect(keywords(await search('support NOT peer')).length).toBe(2);
    expect(keywords(await search('burnout OR tired'))).toEqual(['burnout', 'Burnout', 'tired', 'burnout']);
    expect(keywords(await search('nights burnout'))).toEqual(['Burnout', 'nights', 'Nights', 'burnout']);
    expect(keywords(await search('(burnout OR tired) NOT nights'))).toEqual(['burnout', 'tired']);
  });

  it('locates every keyword exactly, in UTF-16 offsets, after é and an emoji', async () => {
    const r = await search('support OR café OR speak*');
    for (const hit of r.hits) {
      const text = hit.document.guid === b.doc.document.guid ? b.doc.text : b.doc2.text;
      expect(text.slice(hit.start, hit.end)).toBe(hit.keyword);
    }
    const afterEmoji = r.hits.find((x) => x.turn.index === 2 && x.keyword === 'support')!;
    expect(afterEmoji.start).toBe(b.doc.text.indexOf('support is everywhere'));
    expect(afterEmoji.left).toBe('Café talk helps 🙂 so');
    expect(afterEmoji.right).toBe('is everywhere for me.');
    expect(afterEmoji.speaker).toMatchObject({ label: 'P2', role: 'participant' });
    expect(r.hits.find((x) => x.keyword === 'Café')!.start).toBe(b.doc.text.indexOf('Café'));
    expect(keywords(r)).toContain('Speaking');
  });

  it('cuts context at whole words within the turn, and offers sort keys', async () => {
    // The query is stemmed too: "supporting" finds "support" as well.
    const r = await search('supporting', { context: 12 });
    expect(r.total).toBe(4);
    expect(r.hits.find((x) => x.keyword === 'supporting')).toMatchObject({ left: 'I am', right: 'my friends', leftKey: 'am i', rightKey: 'my friends' });
    const byLeft = await search('support', { sort: 'left' });
    expect(byLeft.hits.map((x) => x.leftKey.split(' ')[0])).toEqual(['am', 'does', 'peer', 'so']);
    const byRight = await search('support', { sort: 'right' });
    expect(byRight.hits.map((x) => x.rightKey.split(' ')[0])).toEqual(['is', 'matters', 'mean', 'my']);
  });

  it('filters to participants, moderators, a speaker or a document', async () => {
    expect((await search('support', { filters: { roles: ['moderator'] } })).hits.map((x) => x.turn.index)).toEqual([0]);
    expect((await search('support', { filters: { roles: ['participant'] } })).total).toBe(3);
    expect((await search('burnout', { filters: { documents: [b.doc2.document.guid] } })).hits.map((x) => x.document.name)).toEqual([
      'group2',
    ]);
    expect((await search('support', { filters: { speakers: [b.speakers.P2] } })).total).toBe(1);
  });

  /** Pages of `limit` hits, read until none follow, against the whole result in one page. */
  async function expectPagesConcatenate(text: string, more: Partial<OpInput<'analysis.search'>>, limit: number): Promise<SearchResult> {
    const whole = await search(text, { ...more, limit: 1_000_000 });
    expect(whole).toMatchObject({ offset: 0, totalExact: true, truncated: false });
    expect(whole.hits.length).toBe(whole.total);
    const pages: SearchResult[] = [];
    for (let offset = 0; ; offset += limit) {
      const page = await search(text, { ...more, limit, offset });
      pages.push(page);
      expect(page.offset).toBe(offset);
      expect(page.turns).toBe(whole.turns);
      if (page.totalExact) expect(page.total).toBe(whole.total);
      else {
        // A lower bound that still covers the page and promises what follows.
        expect(page.total).toBeLessThanOrEqual(whole.total);
        expect(page.total).toBeGreaterThan(offset + page.hits.length);
      }
      expect(page.truncated).toBe(offset + page.hits.length < whole.total);
      if (!page.truncated) break;
      expect(page.hits.length).toBe(limit);
    }
    expect(pages.flatMap((p) => p.hits)).toEqual(whole.hits);
    return pages[0]!;
  }

  it('pages: pages concatenate to the whole result, turns are exact, the hit count exact or a lower bound', async () => {
    for (const text of ['support', 'supp*', 'burnout OR tired', 'nights burnout', '"peer support"', 'zebra']) {
      for (const sort of ['position', 'left', 'right', 'keyword'] as const) {
        for (const limit of [1, 2, 3]) await expectPagesConcatenate(text, { sort }, limit);
      }
    }
    // In document order the first page reads only the turns it needs: turn 1 holds two hits.
    const first = await search('support', { limit: 1 });
    expect(first).toMatchObject({ total: 3, totalExact: false, turns: 3, truncated: true });
    expect(keywords(first)).toEqual(['support']);
    // Three hits fill a page of three before the last turn is read: four is then a lower bound.
    expect(await search('support', { limit: 3 })).toMatchObject({ total: 4, totalExact: false, turns: 3, truncated: true });
    expect(await search('support', { limit: 4 })).toMatchObject({ total: 4, totalExact: true, turns: 3, truncated: false });
    // Sorted by context every hit is read, so the count is exact on any page.
    expect(await search('support', { limit: 1, sort: 'left' })).toMatchObject({ total: 4, totalExact: true, truncated: true });
    // Past the end: no hits, nothing follows.
    expect(await search('support', { offset: 10 })).toMatchObject({ hits: [], total: 4, totalExact: true, truncated: false });
    await callFails(h.session, 'analysis.search', { text: 'support', offset: -1 }, 'INVALID_INPUT');
  });

  it('keeps a sorted search for its next pages, and not once the project changes', async () => {
    const before = await search('support', { sort: 'right', limit: 2 });
    expect(before.total).toBe(4);
    await importTranscript(h, 'group3.txt', 'P7: Support again, support always.\n');
    const after = await search('support', { sort: 'right', limit: 2, offset: 2 });
    expect(after).toMatchObject({ total: 6, totalExact: true, turns: 4 });
    await call(h.session, 'history.undo', {});
    expect(await search('support', { sort: 'right', limit: 2, offset: 2 })).toMatchObject({ total: 4, turns: 3 });
    await call(h.session, 'history.redo', {});
    expect((await search('support', { sort: 'right' })).total).toBe(6);
  });

  it('pages through a whole study with filters, and codes all hits, not only the page shown', async () => {
    await call(h.session, 'project.createDemo', { path: h.file('demo.chorus') });
    const first = await expectPagesConcatenate('the', {}, 37);
    expect(first.totalExact).toBe(false);
    await expectPagesConcatenate('support OR help*', { filters: { roles: ['participant'] } }, 25);
    const docs = await call(h.session, 'documents.list', {});
    await expectPagesConcatenate('team', { filters: { documents: [docs[1]!.guid, docs[3]!.guid], roles: ['moderator', 'participant'] } }, 4);
    const all = await search('support', { limit: 1_000_000 });
    expect(all.total).toBeGreaterThan(5);
    const report = await call(h.session, 'analysis.codeHits', { search: { text: 'support' }, code: { name: 'Every support' } });
    expect(report.found).toBe(all.total);
    expect(report.applied + report.duplicates + report.merged).toBe(all.total);
  });

  it('turns mistakes in the search text into clear errors', async () => {
    const fails = async (text: string, pattern: RegExp) =>
      expect((await callFails(h.session, 'analysis.search', { text }, 'INVALID_INPUT')).message).toMatch(pattern);
    await fails('"peer support', /quote at character 1 is never closed/);
    await fails('NOT support', /Expected a word at character 1, found "NOT"/);
    await fails('support AND', /a word is missing/);
    await fails('support)', /closing bracket without an opening one/);
    await fails('(support', /never closed/);
    await fails('su*pp', /a \* goes at the end of a word/);
    await fails('—', /no letters or digits/);
    // FTS5 syntax in the text is only text: these are words, not operators or columns.
    expect((await search('text: support')).total).toBe(0);
    expect((await search('support^ near')).total).toBe(0);
    expect((await search('"support" and')).total).toBe(0);
  });
});

describe('auto-coding', () => {
  it('codes all hits to a new code in one step, and undo restores the exact prior state', async () => {
    const db = dbOf(h.session);
    const before = dumpCaptured(db);
    const r = await call(h.session, 'analysis.codeHits', { search: { text: 'support' }, code: { name: 'Support talk' } });
    expect(r).toMatchObject({ createdCode: true, found: 4, applied: 4, duplicates: 0, merged: 0, code: { name: 'Support talk', path: ['Support talk'] } });
    const seg = await query('"Support talk"');
    expect(seg.segments.map((s) => s.text)).toEqual(['support', 'support', 'supporting', 'support']);
    expect((await call(h.session, 'history.state', {})).undoSummary).toBe('Coded 4 hits of the search support as "Support talk"');
    await call(h.session, 'history.undo', {});
    expect(dumpCaptured(db)).toEqual(before);
    expectConsistent(db);
    await call(h.session, 'history.redo', {});
    expect((await query('"Support talk"')).total).toBe(4);
  });

  it('extends hits to their turn or sentence, codes a passage once, and skips my own duplicates', async () => {
    const turns = await call(h.session, 'analysis.codeHits', { search: { text: 'support' }, code: { guid: b.codes.peer }, extent: 'turn' });
    // Turn 2 is exactly c3 (my Peer support coding): a duplicate; turn 1 holds two hits.
    expect(turns).toMatchObject({ createdCode: false, found: 4, applied: 2, duplicates: 1, merged: 1 });
    const again = await call(h.session, 'analysis.codeHits', { search: { text: 'support' }, code: { guid: b.codes.peer }, extent: 'turn' });
    expect(again).toMatchObject({ applied: 0, duplicates: 3, merged: 1 });

    await call(h.session, 'analysis.codeHits', { search: { text: 'support' }, code: { name: 'Sentences' }, extent: 'sentence' });
    expect((await query('Sentences')).segments.map((s) => s.text)).toEqual([
      'What does support mean to you?',
      'Peer support matters.',
      'I am supporting my friends every day.',
      'Café talk helps 🙂 so support is everywhere for me.',
    ]);
  });

  it('codes chosen hits only, and refuses a hit the search does not find without changing anything', async () => {
    const hits = (await search('support')).hits;
    const chosen = [hits[2]!].map((x) => ({ document: x.document.guid, start: x.start, end: x.end }));
    const r = await call(h.session, 'analysis.codeHits', { search: { text: 'support' }, hits: chosen, code: { guid: b.codes.burnout } });
    expect(r).toMatchObject({ found: 1, applied: 1 });
    const before = dumpAll(dbOf(h.session));
    const wrong = { document: b.doc.document.guid, start: hits[2]!.start, end: hits[2]!.end + 1 };
    await callFails(h.session, 'analysis.codeHits', { search: { text: 'support' }, hits: [wrong], code: { name: 'Never made' } }, 'INVALID_INPUT');
    await callFails(h.session, 'analysis.codeHits', { search: { text: 'zebra' }, code: { name: 'Never made' } }, 'INVALID_INPUT');
    expect(dumpAll(dbOf(h.session))).toEqual(before);
  });

  it('codes every turn of a speaker, a participant or a role', async () => {
    const p1 = await call(h.session, 'analysis.codeSpeaker', { who: { speaker: b.speakers.P1 }, code: { name: 'P1 talk' } });
    expect(p1).toMatchObject({ found: 3, applied: 3, createdCode: true });
    expect((await query('"P1 talk"')).segments.map((s) => s.turn.index)).toEqual([1, 4, 6]);
    const mods = await call(h.session, 'analysis.codeSpeaker', { who: { role: 'moderator' }, code: { name: 'Questions' } });
    expect(mods).toMatchObject({ found: 3, applied: 3 });
    const onlyFirst = await call(h.session, 'analysis.codeSpeaker', {
      who: { role: 'moderator' },
      documents: [b.doc.document.guid],
      code: { name: 'Questions' },
    });
    expect(onlyFirst).toMatchObject({ found: 2, applied: 0, duplicates: 2 });
    expect(await call(h.session, 'analysis.codeSpeaker', { who: { participant: b.participants.P2 }, code: { guid: b.codes.coping } })).toMatchObject({
      found: 2,
      applied: 2,
    });
    expect((await call(h.session, 'history.list', { limit: 1 }))[0]!.summary).toBe('Coded 2 turns of P2 as "Coping"');
  });
});

describe('exports', () => {
  it('exports retrieved segments as CSV with a column per participant attribute, and as XLSX', async () => {
    const csv = await call(h.session, 'export.segments', { codes: 'Coping', format: 'csv' });
    const lines = csv.content!.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Document,Speaker,Role,Participant,Year,Code path,Coder,Time,Start,End,Text');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe(`group1,P1,participant,P1,PGY2,Coping > Peer support,Test Coder,,${b.doc.text.indexOf('Peer support')},${b.doc.text.indexOf('Peer support') + 21},Peer support matters.`);
    expect(csv.fileName).toBe('Finding test - segments.csv');
    const xlsx = await call(h.session, 'export.segments', { codes: 'Coping', format: 'xlsx', path: h.file('s.xlsx') });
    expect(xlsx.path).toBe(h.file('s.xlsx'));
    expect(fs.readFileSync(h.file('s.xlsx')).subarray(0, 2).toString()).toBe('PK');
  });

  it('exports search hits in the chosen order', async () => {
    const csv = await call(h.session, 'export.searchHits', { text: 'support', format: 'csv', sort: 'right', context: 20 });
    const lines = csv.content!.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Document,Speaker,Role,Participant,Year,Time,Start,End,Before,Keyword,After');
    expect(lines.slice(1).map((l) => l.split(',').at(-1)!.split(' ')[0])).toEqual(['is', 'matters.', 'mean', 'my']);
  });
});

describe('chorus query and chorus search', () => {
  const BIN = path.resolve(__dirname, '../../electron/cli/bin.cjs');
  const chorus = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd: h.dir,
      encoding: 'utf8',
      env: { ...process.env, CHORUS_HOME: path.join(h.dir, 'home'), CHORUS_USER: 'CLI Coder' },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('retrieves segments with filters, as text, JSON and CSV, and searches with keyword-in-context lines', () => {
    const p = h.file('find.chorus');
    const q = chorus('query', p, '--codes', '(burnout OR fatigue) AND coping', '--speaker-role', 'participant', '--document', 'GROUP1');
    expect(q.stderr).toBe('');
    expect(q.stdout.split('\n')[0]).toBe('("Burnout" OR "Fatigue") AND "Coping": 6 segments from 6 codings in 1 documents');
    expect(q.stdout).toContain('group1, P1 (participant) [');
    expect(q.stdout).toContain('Coping > Peer support, Test Coder\n  Peer support matters.');

    const json = JSON.parse(chorus('query', p, '--codes', 'Fatigue', '--coder', 'other coder', '--json').stdout) as QueryResult;
    expect(json.segments.map((x) => x.text)).toEqual(['when you are tired']);
    const byYear = JSON.parse(chorus('query', p, '--codes', 'Coping', '--attribute', 'Year=PGY3', '--json').stdout) as QueryResult;
    expect(byYear.total).toBe(2);

    const csvFile = h.file('segments.csv');
    expect(chorus('query', p, '--codes', 'Burnout', '--csv', csvFile).code).toBe(0);
    expect(fs.readFileSync(csvFile, 'utf8').trim().split('\r\n')).toHaveLength(4);

    const s = chorus('search', p, 'support', '--participants', '--sort', 'left', '--context', '20');
    expect(s.stdout.split('\n')).toEqual([
      '3 hits in 2 turns',
      // Left context right-aligned, 20 characters at most, cut to whole words.
      '       matters. I am [supporting] my friends every  — P1 (participant), group1',
      '                Peer [support] matters. I am  — P1 (participant), group1',
      '    talk helps 🙂 so [support] is everywhere for  — P2 (participant), group1',
      '',
    ]);
    const mods = JSON.parse(chorus('search', p, '"what does support"', '--moderators', '--json').stdout) as SearchResult;
    expect(mods.hits.map((x) => x.keyword)).toEqual(['What does support']);

    const bad = chorus('query', p, '--codes', 'Burnout AND');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('chorus: The query ends too early at character 12: a code name is missing.\n');
    expect(chorus('search', p, 'NOT support').code).toBe(2);
  }, 180_000); // nine runs of the CLI, each starting Node and tsx (slow on a loaded machine)
});
