import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/errors.js';
import { call, callFails, createHarness, importTranscript, PILOT_TRANSCRIPT, type Harness } from './helpers.js';
import { expectUndoable } from './undo-check.js';

function lexical(words: string): string {
  return JSON.stringify({
    root: { type: 'root', version: 1, children: [{ type: 'paragraph', version: 1, children: [{ type: 'text', version: 1, text: words }] }] },
  });
}
const entry = (words: string, extra: { phase?: number | null; links?: string[] } = {}) =>
  call(h.session, 'memos.create', { kind: 'journal', content: lexical(words), text: words, ...extra });

let h: Harness;
let doc: string;
beforeEach(async () => {
  h = createHarness();
  await call(h.session, 'project.create', { path: h.file('journal.chorus') });
  doc = await importTranscript(h, 'pilot.txt', PILOT_TRANSCRIPT);
});
afterEach(() => h.cleanup());

describe('the reflexive journal', () => {
  it('records the project phase, one undo step, shown by project.info', async () => {
    expect((await call(h.session, 'project.info', {})).phase).toBe(1);
    const { value, summary } = await expectUndoable(h.session, 'project.setPhase', { phase: 3 });
    expect(value.phase).toBe(3);
    expect(summary).toBe('Moved the analysis from phase 1 (familiarisation) to phase 3 (constructing themes)');
    await callFails(h.session, 'project.setPhase', { phase: 7 }, ErrorCode.INVALID_INPUT);
  });

  it('writes entries in the current phase unless told otherwise, with links to codes, themes and documents', async () => {
    const code = await call(h.session, 'codes.create', { name: 'Peers' });
    const early = await entry('First impressions of the pilot group.', { links: [doc] });
    expect(early).toMatchObject({ phase: 1, links: [doc] });
    await call(h.session, 'project.setPhase', { phase: 2 });
    const { value: coding } = await expectUndoable(h.session, 'memos.create', {
      kind: 'journal',
      content: lexical('Peers keep coming up.'),
      text: 'Peers keep coming up.',
      links: [code.guid, doc],
    });
    expect(coding).toMatchObject({ phase: 2, links: [code.guid, doc] });
    const backdated = await entry('A note on familiarisation, written late.', { phase: 1 });

    const ids = (list: { guid: string }[]) => list.map((m) => m.guid);
    expect(ids(await call(h.session, 'memos.list', { kind: 'journal', phase: 1 }))).toEqual([early.guid, backdated.guid]);
    expect(ids(await call(h.session, 'memos.list', { kind: 'journal', link: doc }))).toEqual([early.guid, coding.guid]);
    expect(ids(await call(h.session, 'memos.list', { link: code.guid, phase: 2 }))).toEqual([coding.guid]);

    const { value: edited } = await expectUndoable(h.session, 'memos.update', { memo: early.guid, phase: 2, links: [code.guid] });
    expect(edited).toMatchObject({ phase: 2, links: [code.guid] });
    expect(ids(await call(h.session, 'memos.list', { kind: 'journal', link: doc }))).toEqual([coding.guid]);
  });

  it('refuses links to things outside the project', async () => {
    await callFails(h.session, 'memos.create', { kind: 'journal', content: lexical('x'), text: 'x', links: [h.env.newGuid()] }, ErrorCode.NOT_FOUND);
  });

  it('follows merges: links to a merged code point at the target, once', async () => {
    const a = await call(h.session, 'codes.create', { name: 'A' });
    const b = await call(h.session, 'codes.create', { name: 'B' });
    const both = await entry('About both.', { links: [a.guid, b.guid] });
    const onlyB = await entry('About B.', { links: [b.guid] });
    await call(h.session, 'codes.merge', { codes: [b.guid], into: a.guid });
    const memos = new Map((await call(h.session, 'memos.list', { kind: 'journal' })).map((m) => [m.guid, m]));
    expect(memos.get(both.guid)!.links).toEqual([a.guid]);
    expect(memos.get(onlyB.guid)!.links).toEqual([a.guid]);
  });
});
