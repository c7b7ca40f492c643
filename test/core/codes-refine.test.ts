import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/errors.js';
import type { Code } from '../../shared/types.js';
import { call, callFails, createHarness, dbOf, dumpCaptured, importTranscript, PILOT_TRANSCRIPT, type Harness } from './helpers.js';
import { expectUndoable } from './undo-check.js';

const text = PILOT_TRANSCRIPT;
/** The span of `needle` in the pilot transcript. */
function span(needle: string): { start: number; end: number } {
  const start = text.indexOf(needle);
  if (start < 0) throw new Error(`"${needle}" is not in the pilot transcript`);
  return { start, end: start + needle.length };
}

function lexical(words: string): string {
  return JSON.stringify({
    root: { type: 'root', version: 1, children: [{ type: 'paragraph', version: 1, children: [{ type: 'text', version: 1, text: words }] }] },
  });
}

let h: Harness;
let doc: string;
beforeEach(async () => {
  h = createHarness();
  await call(h.session, 'project.create', { path: h.file('refine.chorus'), title: 'Refine' });
  doc = await importTranscript(h, 'pilot.txt', text);
});
afterEach(() => h.cleanup());

const create = (name: string, parent?: string, definition?: string) =>
  call(h.session, 'codes.create', { name, ...(parent ? { parent } : {}), ...(definition ? { definition } : {}) });
const apply = async (code: string, needle: string) =>
  (await call(h.session, 'codings.apply', { document: doc, ...span(needle), code: { guid: code } })).coding;
const codes = async () => call(h.session, 'codes.list', {});
const byName = async (name: string): Promise<Code> => {
  const c = (await codes()).find((x) => x.name === name);
  if (!c) throw new Error(`no code named ${name}`);
  return c;
};
const childrenOf = async (parent: string | null) =>
  (await codes())
    .filter((c) => c.parentGuid === parent)
    .sort((a, b) => a.position - b.position)
    .map((c) => c.name);

describe('codes.update covers every field of a code and a theme', () => {
  it('sets the central concept, an example coding from below, the map place and a theme status, one undo step', async () => {
    const theme = await create('Support');
    const child = await create('Peers', theme.guid);
    const coding = await apply(child.guid, 'talking to my co-residents');
    await call(h.session, 'codes.promote', { code: theme.guid });
    const { value, summary } = await expectUndoable(h.session, 'codes.update', {
      code: theme.guid,
      centralConcept: 'Residents lean on each other first.',
      exampleCoding: coding.guid,
      status: 'reviewed',
      map: { x: 120, y: -40.5 },
    });
    expect(value).toMatchObject({
      kind: 'theme',
      status: 'reviewed',
      centralConcept: 'Residents lean on each other first.',
      exampleCoding: coding.guid,
      mapX: 120,
      mapY: -40.5,
    });
    expect(summary).toMatch(/^Changed the .*central concept.* of theme "Support"$/);
    const cleared = await call(h.session, 'codes.update', { code: theme.guid, map: null, exampleCoding: null });
    expect(cleared).toMatchObject({ mapX: null, mapY: null, exampleCoding: null });
  });

  it('refuses an example that is not a coding of the code or below it, and a status on a plain code', async () => {
    const a = await create('A');
    const b = await create('B');
    const other = await apply(b.guid, 'group chat');
    const before = dumpCaptured(dbOf(h.session));
    await callFails(h.session, 'codes.update', { code: a.guid, exampleCoding: other.guid }, ErrorCode.INVALID_INPUT);
    await callFails(h.session, 'codes.update', { code: a.guid, status: 'defined' }, ErrorCode.INVALID_INPUT);
    expect(dumpCaptured(dbOf(h.session))).toEqual(before);
  });

  it('keeps names unique among siblings, compared without case', async () => {
    const parent = await create('Coping');
    await create('Peers', parent.guid);
    const other = await create('Sleep', parent.guid);
    await callFails(h.session, 'codes.update', { code: other.guid, name: 'peers' }, ErrorCode.CONFLICT);
    // The same name elsewhere in the tree is fine.
    await create('Peers');
  });
});

describe('codes.move', () => {
  it('reorders among siblings and re-parents, renumbering both sides, one undo step each', async () => {
    const a = await create('A');
    const b = await create('B');
    const c = await create('C');
    await expectUndoable(h.session, 'codes.move', { code: c.guid, parent: null, position: 0 });
    expect(await childrenOf(null)).toEqual(['C', 'A', 'B']);
    const { summary } = await expectUndoable(h.session, 'codes.move', { code: a.guid, parent: b.guid });
    expect(summary).toBe('Moved code "A" from the top level to "B"');
    expect(await childrenOf(null)).toEqual(['C', 'B']);
    expect(await childrenOf(b.guid)).toEqual(['A']);
    expect((await codes()).filter((x) => x.parentGuid === null).map((x) => x.position).sort()).toEqual([0, 1]);
    await call(h.session, 'codes.move', { code: c.guid, parent: b.guid, position: 0 });
    expect(await childrenOf(b.guid)).toEqual(['C', 'A']);
  });

  it('refuses a cycle: a code under itself or under one of its descendants', async () => {
    const top = await create('Top');
    const mid = await create('Mid', top.guid);
    const low = await create('Low', mid.guid);
    const before = dumpCaptured(dbOf(h.session));
    const e = await callFails(h.session, 'codes.move', { code: top.guid, parent: low.guid }, ErrorCode.INVALID_INPUT);
    expect(e.message).toContain('one of its own subcodes');
    await callFails(h.session, 'codes.move', { code: mid.guid, parent: mid.guid }, ErrorCode.INVALID_INPUT);
    expect(dumpCaptured(dbOf(h.session))).toEqual(before);
  });

  it('refuses a name clash at the destination and a theme under a plain code', async () => {
    const a = await create('A');
    await create('Same', a.guid);
    const same = await create('same');
    await callFails(h.session, 'codes.move', { code: same.guid, parent: a.guid }, ErrorCode.CONFLICT);
    const t = await create('T');
    await call(h.session, 'codes.promote', { code: t.guid });
    await callFails(h.session, 'codes.move', { code: t.guid, parent: a.guid }, ErrorCode.INVALID_INPUT);
  });
});

describe('codes.merge', () => {
  it('unites codings, collapses exact duplicates, adopts children, retargets memos and appends definitions; undo restores all', async () => {
    const into = await create('Peer support', undefined, 'Support from peers.');
    const cost = await create('Co-residents', undefined, 'Talking to fellow residents.');
    const chat = await create('Group chat');
    await create('Nights', cost.guid);
    const kept = await apply(into.guid, 'talking to my co-residents');
    const dup = await apply(cost.guid, 'talking to my co-residents');
    const overlapping = await apply(cost.guid, 'Honestly, talking to my co-residents');
    await apply(chat.guid, 'For me it is the group chat');
    await apply(chat.guid, 'talking to my co-residents');
    const codeMemo = await call(h.session, 'memos.create', { kind: 'code', target: cost.guid, content: lexical('x'), text: 'x' });
    const segMemo = await call(h.session, 'memos.create', { kind: 'segment', target: dup.guid, content: lexical('y'), text: 'y' });

    const { value, summary } = await expectUndoable(h.session, 'codes.merge', { codes: [cost.guid, chat.guid], into: into.guid });
    expect(summary).toBe('Merged "Co-residents", "Group chat" into code "Peer support"');
    expect(value).toMatchObject({ merged: 2, codingsMoved: 2, duplicatesCollapsed: 2, childrenMoved: 1 });
    expect(value.code.codings).toBe(3);
    expect(value.code.definition).toBe('Support from peers.\n\nFrom "Co-residents":\nTalking to fellow residents.');

    const segments = await call(h.session, 'codings.list', { code: into.guid });
    expect(segments.map((s) => s.guid).sort()).toEqual(
      [kept.guid, overlapping.guid, segments.find((s) => s.text === 'For me it is the group chat')!.guid].sort(),
    );
    expect(await childrenOf(into.guid)).toEqual(['Nights']);
    expect((await codes()).map((c) => c.name).sort()).toEqual(['Nights', 'Peer support']);
    const memos = await call(h.session, 'memos.list', {});
    expect(memos.find((m) => m.guid === codeMemo.guid)!.target).toBe(into.guid);
    // The memo on a collapsed duplicate now sits on the coding that was kept.
    expect(memos.find((m) => m.guid === segMemo.guid)!.target).toBe(kept.guid);
  });

  it('merges 0 codings fine and refuses merging into itself, into a descendant, or colliding subcode names', async () => {
    const a = await create('A');
    const b = await create('B');
    const low = await create('Low', a.guid);
    await create('Same', a.guid);
    await create('same', b.guid);
    const before = dumpCaptured(dbOf(h.session));
    await callFails(h.session, 'codes.merge', { codes: [a.guid], into: a.guid }, ErrorCode.INVALID_INPUT);
    await callFails(h.session, 'codes.merge', { codes: [a.guid], into: low.guid }, ErrorCode.INVALID_INPUT);
    await callFails(h.session, 'codes.merge', { codes: [b.guid], into: a.guid }, ErrorCode.CONFLICT);
    expect(dumpCaptured(dbOf(h.session))).toEqual(before);
    const c = await create('C');
    await expectUndoable(h.session, 'codes.merge', { codes: [c.guid], into: low.guid });
  });

  it('keeps map links, turning links among the merged codes into none', async () => {
    const a = await create('A');
    const b = await create('B');
    const c = await create('C');
    await call(h.session, 'themes.link', { source: b.guid, target: a.guid, label: 'feeds' });
    await call(h.session, 'themes.link', { source: b.guid, target: c.guid, label: 'tension' });
    await expectUndoable(h.session, 'codes.merge', { codes: [b.guid], into: a.guid });
    const links = await call(h.session, 'themes.links', {});
    expect(links.map((l) => [l.source, l.target, l.label])).toEqual([[a.guid, c.guid, 'tension']]);
  });
});

describe('codes.split', () => {
  it('moves the picked codings to a new sibling right after the code, with their memos and the example', async () => {
    const parent = await create('Coping');
    const code = await create('Support', parent.guid);
    await create('Sleep', parent.guid);
    const peers = await apply(code.guid, 'talking to my co-residents');
    const chat = await apply(code.guid, 'For me it is the group chat');
    const nights = await apply(code.guid, 'I work nights mostly');
    await call(h.session, 'codes.update', { code: code.guid, exampleCoding: chat.guid });
    const memo = await call(h.session, 'memos.create', { kind: 'segment', target: chat.guid, content: lexical('m'), text: 'm' });
    const { value, summary } = await expectUndoable(h.session, 'codes.split', {
      code: code.guid,
      codings: [peers.guid, chat.guid],
      name: 'Peer support',
    });
    expect(summary).toBe('Split 2 codings of code "Support" into "Peer support"');
    expect(value.moved).toBe(2);
    expect(value.code).toMatchObject({ parentGuid: parent.guid, codings: 2, exampleCoding: chat.guid });
    expect(await childrenOf(parent.guid)).toEqual(['Support', 'Peer support', 'Sleep']);
    expect((await byName('Support')).exampleCoding).toBeNull();
    expect((await call(h.session, 'codings.list', { code: code.guid })).map((s) => s.guid)).toEqual([nights.guid]);
    expect((await call(h.session, 'memos.list', { target: chat.guid }))[0]!.guid).toBe(memo.guid);
  });

  it('refuses codings of another code and a name taken among the siblings', async () => {
    const a = await create('A');
    const b = await create('B');
    const other = await apply(b.guid, 'group chat');
    const mine = await apply(a.guid, 'I work nights mostly');
    await callFails(h.session, 'codes.split', { code: a.guid, codings: [other.guid], name: 'New' }, ErrorCode.INVALID_INPUT);
    await callFails(h.session, 'codes.split', { code: a.guid, codings: [mine.guid], name: 'b' }, ErrorCode.CONFLICT);
  });
});

describe('codes.delete', () => {
  it('deletes a code with its subtree, codings, memos and journal links; undo brings all back', async () => {
    const top = await create('Top');
    const child = await create('Child', top.guid);
    const keep = await create('Keep');
    const c1 = await apply(child.guid, 'talking to my co-residents');
    await apply(top.guid, 'group chat');
    await apply(keep.guid, 'I work nights mostly');
    await call(h.session, 'memos.create', { kind: 'segment', target: c1.guid, content: lexical('a'), text: 'a' });
    await call(h.session, 'memos.create', { kind: 'code', target: child.guid, content: lexical('b'), text: 'b' });
    const entry = await call(h.session, 'memos.create', {
      kind: 'journal',
      content: lexical('c'),
      text: 'c',
      links: [child.guid, keep.guid],
    });
    const { value, summary } = await expectUndoable(h.session, 'codes.delete', { code: top.guid });
    expect(value).toEqual({ removed: top.guid, codes: 2, codings: 2 });
    expect(summary).toBe('Deleted code "Top" with 1 code below it and 2 codings');
    expect((await codes()).map((c) => c.name)).toEqual(['Keep']);
    const memos = await call(h.session, 'memos.list', {});
    expect(memos.map((m) => m.guid)).toEqual([entry.guid]);
    expect(memos[0]!.links).toEqual([keep.guid]);
  });
});

describe('themes: promote and wrap', () => {
  it('promotes a code to a candidate theme in place; a code under a code moves to the top', async () => {
    const a = await create('A');
    const sub = await create('Sub', a.guid);
    const { value } = await expectUndoable(h.session, 'codes.promote', { code: a.guid });
    expect(value).toMatchObject({ kind: 'theme', status: 'candidate', parentGuid: null });
    const b = await create('B');
    const nested = await create('Nested', b.guid);
    const { value: moved, summary } = await expectUndoable(h.session, 'codes.promote', { code: nested.guid });
    expect(moved.parentGuid).toBeNull();
    expect(summary).toBe('Promoted code "Nested" to a theme (moved from "B" to the top level)');
    // A code under a theme stays where it is.
    await expectUndoable(h.session, 'codes.promote', { code: sub.guid });
    expect((await byName('Sub')).parentGuid).toBe(a.guid);
    await callFails(h.session, 'codes.promote', { code: a.guid }, ErrorCode.INVALID_INPUT);
  });

  it('wraps codes into a new theme in the place of the first; themes become subthemes', async () => {
    const a = await create('A');
    const b = await create('B');
    const c = await create('C');
    const d = await create('D', c.guid);
    const { value, summary } = await expectUndoable(h.session, 'themes.wrap', { codes: [b.guid, d.guid], name: 'Theme 1' });
    expect(summary).toBe('Grouped "B", "D" into the new theme "Theme 1"');
    expect(value).toMatchObject({ kind: 'theme', status: 'candidate', parentGuid: null });
    expect(await childrenOf(null)).toEqual(['A', 'Theme 1', 'C']);
    expect(await childrenOf(value.guid)).toEqual(['B', 'D']);
    expect(await childrenOf(c.guid)).toEqual([]);
    const { value: outer } = await expectUndoable(h.session, 'themes.wrap', { codes: [value.guid, a.guid], name: 'Overarching' });
    expect(await childrenOf(outer.guid)).toEqual(['Theme 1', 'A']);
    expect((await byName('Theme 1')).parentGuid).toBe(outer.guid);
    await callFails(h.session, 'themes.wrap', { codes: [outer.guid, b.guid], name: 'X' }, ErrorCode.INVALID_INPUT);
  });
});

describe('codes.stats', () => {
  it('counts codings, documents and participants per code and over the subtree', async () => {
    const doc2 = await importTranscript(h, 'second.txt', text.replace('Pilot', 'Second'));
    const theme = await create('Support');
    const peers = await create('Peers', theme.guid);
    const chat = await create('Chat', theme.guid);
    await apply(peers.guid, 'talking to my co-residents'); // P1
    await apply(chat.guid, 'For me it is the group chat'); // P2
    // From P1's first turn through P2's and the moderator's question.
    await call(h.session, 'codings.apply', {
      document: doc2,
      start: span('I work nights mostly').start,
      end: span('What helps after a hard shift?').end,
      code: { guid: chat.guid },
    });
    await apply(theme.guid, 'What helps after a hard shift?'); // the moderator only
    const stats = new Map((await call(h.session, 'codes.stats', {})).map((s) => [s.guid, s]));
    expect(stats.get(peers.guid)).toMatchObject({ codings: 1, documents: 1, participants: 1 });
    // P2 in the first group; P1 and P2 in the second (a speaker not mapped to a participant counts on its own).
    expect(stats.get(chat.guid)).toMatchObject({ codings: 2, documents: 2, participants: 3 });
    expect(stats.get(theme.guid)).toMatchObject({
      codings: 1,
      documents: 1,
      participants: 0,
      total: { codings: 4, documents: 2, participants: 4 },
    });
  });

  it('counts participants once when their speakers in two groups are mapped to them', async () => {
    const doc2 = await importTranscript(h, 'second.txt', text.replace('Pilot', 'Second'));
    const detail = async (d: string) => (await call(h.session, 'documents.get', { document: d })).speakers;
    const p1 = await call(h.session, 'participants.create', { label: 'Resident A' });
    for (const d of [doc, doc2]) {
      const speaker = (await detail(d)).find((s) => s.label === 'P1')!;
      await call(h.session, 'speakers.update', { speaker: speaker.guid, participant: p1.guid });
    }
    const code = await create('Peers');
    await apply(code.guid, 'talking to my co-residents');
    await call(h.session, 'codings.apply', { document: doc2, ...span('talking to my co-residents'), code: { guid: code.guid } });
    const stats = (await call(h.session, 'codes.stats', {})).find((s) => s.guid === code.guid)!;
    expect(stats).toMatchObject({ codings: 2, documents: 2, participants: 1 });
  });
});

describe('any sequence of refinements', () => {
  it('undoes back to the exact start and redoes to the exact end', async () => {
    const fc = await import('fast-check');
    const needles = ['talking to my co-residents', 'Honestly, talking', 'group chat', 'I work nights mostly', 'Third year here'];
    const op = fc.record({
      kind: fc.constantFrom('move', 'merge', 'split', 'delete', 'promote', 'wrap', 'rename', 'code'),
      a: fc.nat(),
      b: fc.nat(),
      n: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const run = createHarness();
        const s = run.session;
        try {
          await call(s, 'project.create', { path: run.file('p.chorus') });
          const d = await importTranscript(run, 'pilot.txt', text, s);
          for (const name of ['A', 'B', 'C', 'D']) await call(s, 'codes.create', { name });
          const db = dbOf(s);
          const start = dumpCaptured(db);
          let done = 0;
          for (const [i, o] of ops.entries()) {
            const list = await call(s, 'codes.list', {});
            if (list.length === 0) break;
            const x = list[o.a % list.length]!;
            const y = list[o.b % list.length]!;
            const attempt = async (): Promise<unknown> => {
              switch (o.kind) {
                case 'move':
                  return dispatchOk(s, 'codes.move', { code: x.guid, parent: o.n % 3 === 0 ? null : y.guid, position: o.n % 4 });
                case 'merge':
                  return dispatchOk(s, 'codes.merge', { codes: [x.guid], into: y.guid });
                case 'split': {
                  const segs = await call(s, 'codings.list', { code: x.guid });
                  if (!segs.length) return false;
                  return dispatchOk(s, 'codes.split', { code: x.guid, codings: [segs[o.n % segs.length]!.guid], name: `S${i}` });
                }
                case 'delete':
                  return dispatchOk(s, 'codes.delete', { code: x.guid });
                case 'promote':
                  return dispatchOk(s, 'codes.promote', { code: x.guid });
                case 'wrap':
                  return dispatchOk(s, 'themes.wrap', { codes: [x.guid, y.guid], name: `T${i}` });
                case 'rename':
                  return dispatchOk(s, 'codes.update', { code: x.guid, name: `R${i}`, definition: `d${i}` });
                default:
                  return dispatchOk(s, 'codings.apply', {
                    document: d,
                    ...span(needles[o.n % needles.length]!),
                    code: { guid: x.guid },
                  });
              }
            };
            if (await attempt()) done++;
          }
          const end = dumpCaptured(db);
          for (let i = 0; i < done; i++) await call(s, 'history.undo', {});
          expect(dumpCaptured(db)).toEqual(start);
          for (let i = 0; i < done; i++) await call(s, 'history.redo', {});
          expect(dumpCaptured(db)).toEqual(end);
        } finally {
          run.cleanup();
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});

/** Runs an operation that may be refused (a cycle, a name clash); true when it changed something. */
async function dispatchOk(session: Harness['session'], name: string, input: unknown): Promise<boolean> {
  const { dispatch } = await import('../../electron/core/dispatch.js');
  const before = (await call(session, 'history.list', {})).length;
  const r = await dispatch(session, name, input);
  if (!r.ok) {
    expect(r.error.code).not.toBe('INTERNAL');
    return false;
  }
  return (await call(session, 'history.list', {})).length > before;
}
