import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, callFails, createHarness, dbOf, dumpCaptured, importTranscript, PILOT_TRANSCRIPT, type Harness } from './helpers.js';

/** A Lexical editor state with one paragraph, as the memo editor saves it. */
function lexical(text: string): string {
  return JSON.stringify({
    root: {
      type: 'root',
      version: 1,
      children: [{ type: 'paragraph', version: 1, children: [{ type: 'text', version: 1, text }] }],
    },
  });
}

let h: Harness;
let doc: string;
beforeEach(async () => {
  h = createHarness();
  await call(h.session, 'project.create', { path: h.file('p.chorus') });
  doc = await importTranscript(h, 'pilot.txt', PILOT_TRANSCRIPT);
});
afterEach(() => h.cleanup());

async function codeSomething() {
  const start = PILOT_TRANSCRIPT.indexOf('talking to my co-residents');
  return call(h.session, 'codings.apply', {
    document: doc,
    start,
    end: start + 'talking to my co-residents'.length,
    code: { name: 'Peers' },
  });
}

describe('memos', () => {
  it('writes, edits and deletes a memo on a coding, each one undo step', async () => {
    const { coding } = await codeSomething();
    const memo = await call(h.session, 'memos.create', {
      kind: 'segment',
      target: coding.guid,
      content: lexical('Peers before programmes.'),
      text: 'Peers before programmes.',
    });
    expect(memo).toMatchObject({ kind: 'segment', target: coding.guid, text: 'Peers before programmes.', author: 'Test Coder' });
    const edited = await call(h.session, 'memos.update', {
      memo: memo.guid,
      title: 'Peers',
      content: lexical('Peers before official programmes.'),
      text: 'Peers before official programmes.',
    });
    expect(edited.text).toBe('Peers before official programmes.');
    expect(edited.updatedAt > memo.updatedAt).toBe(true);
    expect(await call(h.session, 'memos.list', { target: coding.guid })).toHaveLength(1);
    await call(h.session, 'history.undo', {});
    expect((await call(h.session, 'memos.list', { target: coding.guid }))[0]!.text).toBe('Peers before programmes.');
    await call(h.session, 'memos.delete', { memo: memo.guid });
    expect(await call(h.session, 'memos.list', { target: coding.guid })).toEqual([]);
    expect((await call(h.session, 'project.info', {})).counts.memos).toBe(0);
  });

  it('removing a coding removes its memos, and undo brings both back', async () => {
    const { coding } = await codeSomething();
    await call(h.session, 'memos.create', { kind: 'segment', target: coding.guid, content: lexical('x'), text: 'x' });
    const before = dumpCaptured(dbOf(h.session));
    await call(h.session, 'codings.remove', { coding: coding.guid });
    expect((await call(h.session, 'project.info', {})).counts.memos).toBe(0);
    await call(h.session, 'history.undo', {});
    expect(dumpCaptured(dbOf(h.session))).toEqual(before);
  });

  it('attaches memos to documents and turns, journal entries to nothing', async () => {
    const detail = await call(h.session, 'documents.get', { document: doc });
    await call(h.session, 'memos.create', { kind: 'document', target: doc, content: lexical('d'), text: 'd' });
    await call(h.session, 'memos.create', { kind: 'turn', target: detail.turns[2]!.guid, content: lexical('t'), text: 't' });
    await call(h.session, 'memos.create', { kind: 'journal', title: 'Day 1', content: lexical('j'), text: 'j' });
    expect((await call(h.session, 'memos.list', { kind: 'journal' })).map((m) => m.title)).toEqual(['Day 1']);
    expect(await call(h.session, 'memos.list', { target: doc })).toHaveLength(1);
    // Everything written on the document: on it and on its turns (and codings).
    const { coding } = await codeSomething();
    await call(h.session, 'memos.create', { kind: 'segment', target: coding.guid, content: lexical('s'), text: 's' });
    const other = await importTranscript(h, 'other.txt', PILOT_TRANSCRIPT);
    await call(h.session, 'memos.create', { kind: 'document', target: other, content: lexical('o'), text: 'o' });
    expect((await call(h.session, 'memos.list', { document: doc })).map((m) => m.kind).sort()).toEqual([
      'document',
      'segment',
      'turn',
    ]);
    await callFails(h.session, 'memos.create', { kind: 'journal', target: doc, content: lexical('j'), text: 'j' }, 'INVALID_INPUT');
    await callFails(h.session, 'memos.create', { kind: 'document', content: lexical('d'), text: 'd' }, 'NOT_FOUND');
    await callFails(
      h.session,
      'memos.create',
      { kind: 'segment', target: '99999999-9999-4999-8999-999999999999', content: lexical('s'), text: 's' },
      'NOT_FOUND',
    );
    await callFails(h.session, 'memos.create', { kind: 'project', content: '{not json', text: 'p' }, 'INVALID_INPUT');
  });
});

describe('codings.resize', () => {
  it('moves a coding’s boundaries, keeping its guid, and undo puts them back', async () => {
    const { coding } = await codeSomething();
    const start = PILOT_TRANSCRIPT.indexOf('Honestly');
    const resized = await call(h.session, 'codings.resize', { coding: coding.guid, start, end: coding.end });
    expect(resized).toMatchObject({ guid: coding.guid, start, end: coding.end });
    const segments = await call(h.session, 'codings.list', { code: coding.codeGuid });
    expect(segments[0]!.text).toBe('Honestly, talking to my co-residents');
    await call(h.session, 'history.undo', {});
    expect((await call(h.session, 'codings.list', { code: coding.codeGuid }))[0]!.start).toBe(coding.start);
  });

  it('refuses spans past the end, inside an emoji, or equal to another coding of the same code', async () => {
    const { coding } = await codeSomething();
    await callFails(h.session, 'codings.resize', { coding: coding.guid, start: 0, end: PILOT_TRANSCRIPT.length + 1 }, 'INVALID_INPUT');
    const emoji = PILOT_TRANSCRIPT.indexOf('🙂');
    await callFails(h.session, 'codings.resize', { coding: coding.guid, start: emoji + 1, end: emoji + 5 }, 'INVALID_INPUT');
    const other = await call(h.session, 'codings.apply', { document: doc, start: 0, end: 5, code: { guid: coding.codeGuid } });
    await callFails(h.session, 'codings.resize', { coding: coding.guid, start: other.coding.start, end: other.coding.end }, 'CONFLICT');
  });
});
