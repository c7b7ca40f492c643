import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpInput, OpName, OpOutput } from '../../shared/api.js';
import { ErrorCode } from '../../shared/errors.js';
import { dispatch } from '../../electron/core/dispatch.js';
import type { Session } from '../../electron/core/session.js';
import {
  PILOT_TRANSCRIPT,
  call,
  callFails,
  createHarness,
  dbOf,
  dumpAll,
  dumpCaptured,
  expectConsistent,
  importTranscript,
  writeFile,
  type Dump,
  type Harness,
} from './helpers.js';

let h: Harness;
let file: string;
beforeEach(async () => {
  h = createHarness();
  file = h.file('study.chorus');
  await call(h.session, 'project.create', { path: file, title: 'Commands' });
});
afterEach(() => h.cleanup());

const text = PILOT_TRANSCRIPT;
const at = (needle: string) => {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`"${needle}" is not in the pilot transcript`);
  return i;
};
/** The span of `needle` in the pilot transcript. */
const span = (needle: string) => ({ start: at(needle), end: at(needle) + needle.length });

/**
 * Runs a command and checks the command log's promise: undo restores every captured table exactly,
 * redo gives the state after the command exactly, and each leaves the file consistent.
 */
async function expectUndoable<N extends OpName>(
  session: Session,
  name: N,
  input: OpInput<N>,
): Promise<{ value: OpOutput<N>; before: Dump; after: Dump }> {
  const db = dbOf(session);
  const before = dumpCaptured(db);
  const entries = (await call(session, 'history.list', {})).length;
  const value = await call(session, name, input);
  const after = dumpCaptured(db);
  expect(after).not.toEqual(before);
  expect(await call(session, 'history.list', {})).toHaveLength(entries + 1);

  const undone = await call(session, 'history.undo', {});
  expect(undone.canRedo).toBe(true);
  expect(dumpCaptured(db)).toEqual(before);
  expectConsistent(db);

  const redone = await call(session, 'history.redo', {});
  expect(redone.canRedo).toBe(false);
  expect(redone.redone).toBe(undone.undone);
  expect(dumpCaptured(db)).toEqual(after);
  expectConsistent(db);
  return { value, before, after };
}

describe('every command is one undo step that restores the exact prior state', () => {
  it('documents.import', async () => {
    const path = writeFile(h.dir, 'pilot.txt', text);
    const { value } = await expectUndoable(h.session, 'documents.import', { sources: [{ kind: 'path', path }] });
    expect(value.files[0]!.ok).toBe(true);
    const state = await call(h.session, 'history.state', {});
    expect(state.undoSummary).toBe('Imported pilot');
  });

  it('codes.create, at the top and under a parent', async () => {
    const { value: parent } = await expectUndoable(h.session, 'codes.create', {
      name: 'Barriers',
      definition: 'What keeps residents from asking for help.',
    });
    expect(parent.parentGuid).toBeNull();
    const { value: child } = await expectUndoable(h.session, 'codes.create', {
      name: '  Stigma   and  fear ',
      parent: parent.guid,
      color: '#AABBCC',
    });
    expect(child.name).toBe('Stigma and fear');
    expect(child.parentGuid).toBe(parent.guid);
    expect(child.color).toBe('#AABBCC');
    expect((await call(h.session, 'history.state', {})).undoSummary).toBe('Created code "Stigma and fear"');
  });

  it('codes.update: a rename and a change of the description fields', async () => {
    const code = await call(h.session, 'codes.create', { name: 'Stigma' });
    const { value: renamed } = await expectUndoable(h.session, 'codes.update', { code: code.guid, name: 'Stigma and shame' });
    expect(renamed.name).toBe('Stigma and shame');
    expect((await call(h.session, 'history.state', {})).undoSummary).toBe('Renamed code "Stigma" to "Stigma and shame"');
    const { value: described } = await expectUndoable(h.session, 'codes.update', {
      code: code.guid,
      color: '#010203',
      definition: 'Fear of looking weak.',
      inclusion: 'Peers judging.',
      exclusion: 'Patients judging.',
      example: '“I did not want to look weak.”',
    });
    expect(described).toMatchObject({
      color: '#010203',
      definition: 'Fear of looking weak.',
      inclusion: 'Peers judging.',
      exclusion: 'Patients judging.',
      example: '“I did not want to look weak.”',
    });
  });

  it('codings.apply and codings.remove', async () => {
    const doc = await importTranscript(h, 'pilot.txt', text);
    const code = await call(h.session, 'codes.create', { name: 'Night shifts' });
    const { value: applied } = await expectUndoable(h.session, 'codings.apply', {
      document: doc,
      ...span('I work nights mostly.'),
      code: { guid: code.guid },
    });
    expect(applied.createdCode).toBe(false);
    expect(applied.coding).toMatchObject({ documentGuid: doc, codeGuid: code.guid, ...span('I work nights mostly.') });
    expect(applied.code.codings).toBe(1);
    const { value: removed } = await expectUndoable(h.session, 'codings.remove', { coding: applied.coding.guid });
    expect(removed.removed).toBe(applied.coding.guid);
    expect(await call(h.session, 'codings.list', { document: doc })).toEqual([]);
  });

  it('undoes a sequence step by step back to the empty project, and redoes it forward again', async () => {
    const db = dbOf(h.session);
    const states: Dump[] = [dumpCaptured(db)];
    const doc = await importTranscript(h, 'pilot.txt', text);
    states.push(dumpCaptured(db));
    const code = await call(h.session, 'codes.create', { name: 'Peer support' });
    states.push(dumpCaptured(db));
    const c = await call(h.session, 'codings.apply', { document: doc, ...span('talking to my co-residents'), code: { guid: code.guid } });
    states.push(dumpCaptured(db));
    await call(h.session, 'codes.update', { code: code.guid, name: 'Informal peer support' });
    states.push(dumpCaptured(db));
    await call(h.session, 'codings.remove', { coding: c.coding.guid });
    states.push(dumpCaptured(db));

    for (let i = states.length - 2; i >= 0; i--) {
      await call(h.session, 'history.undo', {});
      expect(dumpCaptured(db)).toEqual(states[i]);
    }
    expect(await call(h.session, 'history.state', {})).toMatchObject({ canUndo: false, canRedo: true });
    await callFails(h.session, 'history.undo', {}, ErrorCode.NOTHING_TO_UNDO);
    for (let i = 1; i < states.length; i++) {
      await call(h.session, 'history.redo', {});
      expect(dumpCaptured(db)).toEqual(states[i]);
    }
    await callFails(h.session, 'history.redo', {}, ErrorCode.NOTHING_TO_REDO);
    expectConsistent(db);
  });
});

describe('undo and redo survive closing and reopening the project', () => {
  it('undoes after a restart, and redoes after another', async () => {
    const doc = await importTranscript(h, 'pilot.txt', text);
    const code = await call(h.session, 'codes.create', { name: 'Night shifts' });
    const before = dumpCaptured(dbOf(h.session));
    await call(h.session, 'codings.apply', { document: doc, ...span('I work nights mostly.'), code: { guid: code.guid } });
    const after = dumpCaptured(dbOf(h.session));
    h.session.close();

    const s2 = h.newSession();
    await call(s2, 'project.open', { path: file });
    expect(await call(s2, 'history.state', {})).toEqual({
      canUndo: true,
      canRedo: false,
      undoSummary: 'Applied code "Night shifts" in pilot',
      redoSummary: null,
    });
    await call(s2, 'history.undo', {});
    expect(dumpCaptured(dbOf(s2))).toEqual(before);
    s2.close();

    const s3 = h.newSession();
    await call(s3, 'project.open', { path: file });
    expect(await call(s3, 'history.state', {})).toMatchObject({ canRedo: true, redoSummary: 'Applied code "Night shifts" in pilot' });
    expect(dumpCaptured(dbOf(s3))).toEqual(before);
    await call(s3, 'history.redo', {});
    expect(dumpCaptured(dbOf(s3))).toEqual(after);
    expectConsistent(dbOf(s3));
  });
});

describe('the redo branch', () => {
  it('is discarded by a new command after an undo', async () => {
    await call(h.session, 'codes.create', { name: 'A' });
    await call(h.session, 'codes.create', { name: 'B' });
    await call(h.session, 'history.undo', {});
    expect((await call(h.session, 'history.state', {})).canRedo).toBe(true);
    await call(h.session, 'codes.create', { name: 'C' });

    const log = await call(h.session, 'history.list', {});
    expect(log.map((e) => [e.summary, e.state])).toEqual([
      ['Created code "C"', 'done'],
      ['Created code "B"', 'discarded'],
      ['Created code "A"', 'done'],
    ]);
    expect(log[0]!.seq).toBeGreaterThan(log[1]!.seq);
    expect(await call(h.session, 'history.state', {})).toMatchObject({ canRedo: false, redoSummary: null });
    await callFails(h.session, 'history.redo', {}, ErrorCode.NOTHING_TO_REDO);
    expect((await call(h.session, 'codes.list', {})).map((c) => c.name)).toEqual(['A', 'C']);
    // Undo now goes C, then A: the discarded B is skipped for good.
    await call(h.session, 'history.undo', {});
    expect((await call(h.session, 'history.undo', {})).undone).toBe('Created code "A"');
    expect(await call(h.session, 'codes.list', {})).toEqual([]);
  });

  it('is kept when the next command fails', async () => {
    await call(h.session, 'codes.create', { name: 'A' });
    await call(h.session, 'history.undo', {});
    await callFails(h.session, 'codes.update', { code: '00000000-0000-4000-8000-00000000abcd', name: 'X' }, ErrorCode.NOT_FOUND);
    expect(await call(h.session, 'history.state', {})).toMatchObject({ canRedo: true, redoSummary: 'Created code "A"' });
    await call(h.session, 'history.redo', {});
    expect((await call(h.session, 'codes.list', {})).map((c) => c.name)).toEqual(['A']);
  });

  it('is kept by a command that changes nothing, which leaves no history entry', async () => {
    const doc = await importTranscript(h, 'pilot.txt', text);
    const code = await call(h.session, 'codes.create', { name: 'Night shifts' });
    const first = await call(h.session, 'codings.apply', { document: doc, ...span('nights'), code: { guid: code.guid } });
    await call(h.session, 'codes.create', { name: 'Other' });
    await call(h.session, 'history.undo', {});
    const before = dumpAll(dbOf(h.session));

    // The same coder applying the same code to the same span again: nothing new.
    const again = await call(h.session, 'codings.apply', { document: doc, ...span('nights'), code: { guid: code.guid } });
    expect(again.coding.guid).toBe(first.coding.guid);
    // A "change" to the values a code already has.
    await call(h.session, 'codes.update', { code: code.guid, name: 'Night shifts', color: code.color });

    expect(dumpAll(dbOf(h.session))).toEqual(before);
    expect(await call(h.session, 'history.state', {})).toMatchObject({ canRedo: true, redoSummary: 'Created code "Other"' });
  });
});

describe('a failed command leaves every table unchanged and adds no history entry', () => {
  it.each<[string, (doc: string, code: string) => [string, unknown], ErrorCode]>([
    ['coding past the end of the text', (doc, code) => ['codings.apply', { document: doc, start: 10, end: text.length + 1, code: { guid: code } }], ErrorCode.INVALID_INPUT],
    ['coding starting past the end', (doc, code) => ['codings.apply', { document: doc, start: text.length, end: text.length + 5, code: { guid: code } }], ErrorCode.INVALID_INPUT],
    ['coding with an unknown code guid', (doc) => ['codings.apply', { document: doc, start: 0, end: 5, code: { guid: '00000000-0000-4000-8000-00000000dead' } }], ErrorCode.NOT_FOUND],
    ['coding in an unknown document', (_doc, code) => ['codings.apply', { document: '00000000-0000-4000-8000-00000000dead', start: 0, end: 5, code: { guid: code } }], ErrorCode.NOT_FOUND],
    ['quick-code with a new name past the end (the code is not created either)', (doc) => ['codings.apply', { document: doc, start: 0, end: text.length + 1, code: { name: 'Brand new' } }], ErrorCode.INVALID_INPUT],
    ['removing an unknown coding', () => ['codings.remove', { coding: '00000000-0000-4000-8000-00000000dead' }], ErrorCode.NOT_FOUND],
    ['a code with the name of a sibling', () => ['codes.create', { name: 'Night shifts' }], ErrorCode.CONFLICT],
    ['a code with the name of a sibling in other case and spacing', () => ['codes.create', { name: '  night   SHIFTS ' }], ErrorCode.CONFLICT],
    ['a child code with the name of a sibling', (_doc, code) => ['codes.create', { name: 'nights alone', parent: code }], ErrorCode.CONFLICT],
    ['a code under an unknown parent', () => ['codes.create', { name: 'Orphan', parent: '00000000-0000-4000-8000-00000000dead' }], ErrorCode.NOT_FOUND],
    ['renaming a code to a sibling’s name', (_doc, code) => ['codes.update', { code, name: 'Peer support' }], ErrorCode.CONFLICT],
    ['updating an unknown code', () => ['codes.update', { code: '00000000-0000-4000-8000-00000000dead', name: 'X' }], ErrorCode.NOT_FOUND],
    ['updating a code with nothing to change', (_doc, code) => ['codes.update', { code }], ErrorCode.INVALID_INPUT],
    ['an import whose every file fails', () => ['documents.import', { sources: [{ kind: 'path', path: '/nonexistent/x.txt' }] }], ErrorCode.NOT_FOUND],
  ])('%s', async (_label, make, code) => {
    const doc = await importTranscript(h, 'pilot.txt', text);
    const nights = await call(h.session, 'codes.create', { name: 'Night shifts' });
    await call(h.session, 'codes.create', { name: 'Peer support' });
    await call(h.session, 'codes.create', { name: 'Nights alone', parent: nights.guid });
    await call(h.session, 'codings.apply', { document: doc, start: 0, end: 5, code: { guid: nights.guid } });
    const before = dumpAll(dbOf(h.session));
    const state = await call(h.session, 'history.state', {});

    const [name, input] = make(doc, nights.guid);
    if (name === 'documents.import') {
      // A batch reports its failures per file; with nothing imported there is no undo step.
      const report = await call(h.session, 'documents.import', input as OpInput<'documents.import'>);
      expect(report.files[0]!.error?.code).toBe(code);
    } else {
      await callFails(h.session, name, input, code);
    }

    expect(dumpAll(dbOf(h.session))).toEqual(before);
    expect(await call(h.session, 'history.state', {})).toEqual(state);
    expectConsistent(dbOf(h.session));
  });

  it('allows the same name under different parents', async () => {
    const a = await call(h.session, 'codes.create', { name: 'Site A' });
    const b = await call(h.session, 'codes.create', { name: 'Site B' });
    await call(h.session, 'codes.create', { name: 'Debriefs', parent: a.guid });
    const second = await call(h.session, 'codes.create', { name: 'Debriefs', parent: b.guid });
    expect(second.parentGuid).toBe(b.guid);
    // And renaming a code to its own name in another case is not a clash with itself.
    const renamed = await call(h.session, 'codes.update', { code: second.guid, name: 'DEBRIEFS' });
    expect(renamed.name).toBe('DEBRIEFS');
  });
});

describe('quick-code', () => {
  it('a new name creates the code and applies it in one undo step', async () => {
    const doc = await importTranscript(h, 'pilot.txt', text);
    const db = dbOf(h.session);
    const before = dumpCaptured(db);
    const entries = (await call(h.session, 'history.list', {})).length;

    const r = await call(h.session, 'codings.apply', { document: doc, ...span('the group chat'), code: { name: ' Group  chats ' } });
    expect(r.createdCode).toBe(true);
    expect(r.code.name).toBe('Group chats');
    expect(r.code.codings).toBe(1);
    expect(r.coding.codeGuid).toBe(r.code.guid);
    const after = dumpCaptured(db);
    const log = await call(h.session, 'history.list', {});
    expect(log).toHaveLength(entries + 1);
    expect(log[0]!.summary).toBe('Created and applied code "Group chats" in pilot');

    await call(h.session, 'history.undo', {});
    expect(dumpCaptured(db)).toEqual(before);
    expect(await call(h.session, 'codes.list', {})).toEqual([]);
    await call(h.session, 'history.redo', {});
    expect(dumpCaptured(db)).toEqual(after);
  });

  it('an existing name (in any case) applies that code without creating another', async () => {
    const doc = await importTranscript(h, 'pilot.txt', text);
    const code = await call(h.session, 'codes.create', { name: 'Group chats' });
    const r = await call(h.session, 'codings.apply', { document: doc, ...span('the group chat'), code: { name: 'group CHATS' } });
    expect(r.createdCode).toBe(false);
    expect(r.code.guid).toBe(code.guid);
    expect(await call(h.session, 'codes.list', {})).toHaveLength(1);
    expect((await call(h.session, 'history.list', {}))[0]!.summary).toBe('Applied code "Group chats" in pilot');
  });
});

describe('codings.list', () => {
  it('gives each segment of a code with its words and speakers', async () => {
    const doc = await importTranscript(h, 'pilot.txt', text);
    const code = await call(h.session, 'codes.create', { name: 'Shifts' });
    await call(h.session, 'codings.apply', { document: doc, ...span('I work nights mostly.'), code: { guid: code.guid } });
    await call(h.session, 'codings.apply', { document: doc, ...span('What helps after a hard shift?'), code: { guid: code.guid } });

    const segments = await call(h.session, 'codings.list', { code: code.guid });
    expect(segments.map((s) => [s.text, s.speakers, s.documentName])).toEqual([
      ['I work nights mostly.', ['P1'], 'pilot'],
      ['What helps after a hard shift?', ['Moderator'], 'pilot'],
    ]);
    expect(segments[0]).toMatchObject({ documentGuid: doc, codeGuid: code.guid, coder: h.env.user.guid });
    expect(await call(h.session, 'codings.list', { document: doc })).toEqual(segments);
    expect(await call(h.session, 'codings.list', { document: doc, code: code.guid })).toEqual(segments);
  });

  it('attributes a coding across two turns to both speakers, most overlap first', async () => {
    const doc = await importTranscript(h, 'pilot.txt', text);
    const code = await call(h.session, 'codes.create', { name: 'Nights and days' });
    // A little of P1's turn, all of P2's first turn up to "days".
    const start = at('nights mostly.');
    const end = at('on days.') + 'on days.'.length;
    await call(h.session, 'codings.apply', { document: doc, start, end, code: { guid: code.guid } });
    // Most of P1's turn, a little of P2's.
    const start2 = at('I am a second-year');
    const end2 = at('Third year') + 'Third'.length;
    await call(h.session, 'codings.apply', { document: doc, start: start2, end: end2, code: { guid: code.guid } });

    const segments = await call(h.session, 'codings.list', { code: code.guid });
    const bySpan = new Map(segments.map((s) => [s.start, s]));
    expect(bySpan.get(start)!.speakers).toEqual(['P2', 'P1']);
    expect(bySpan.get(start)!.text).toBe(text.slice(start, end));
    expect(bySpan.get(start)!.text).toContain('[00:00:20] P2:');
    expect(bySpan.get(start2)!.speakers).toEqual(['P1', 'P2']);
  });

  it('sums a speaker’s overlap over several of their turns', async () => {
    const doc = await importTranscript(h, 'pilot.txt', text);
    const code = await call(h.session, 'codes.create', { name: 'Everything' });
    await call(h.session, 'codings.apply', { document: doc, start: 0, end: text.length, code: { guid: code.guid } });
    const [segment] = await call(h.session, 'codings.list', { code: code.guid });
    // P1's two turns are longer together than P2's two, and than the moderator's two.
    expect(segment!.speakers).toEqual(['P1', 'Moderator', 'P2']);
    expect(segment!.text).toBe(text);
  });

  it('gives no speaker for a coding of the front matter only', async () => {
    const doc = await importTranscript(h, 'pilot.txt', text);
    const r = await call(h.session, 'codings.apply', { document: doc, ...span('Pilot focus group'), code: { name: 'Header' } });
    expect((await call(h.session, 'codings.list', { code: r.code.guid }))[0]!.speakers).toEqual([]);
  });

  it('needs a document or a code', async () => {
    await callFails(h.session, 'codings.list', {}, ErrorCode.INVALID_INPUT);
  });
});

describe('positions at the edges of the text and around emoji', () => {
  it('codes the first and the last character', async () => {
    const doc = await importTranscript(h, 'pilot.txt', text);
    const stored = (await call(h.session, 'documents.get', { document: doc })).text;
    const first = await call(h.session, 'codings.apply', { document: doc, start: 0, end: 1, code: { name: 'First' } });
    const last = await call(h.session, 'codings.apply', { document: doc, start: stored.length - 1, end: stored.length, code: { name: 'Last' } });
    const all = await call(h.session, 'codings.apply', { document: doc, start: 0, end: stored.length, code: { name: 'All' } });
    expect(first.coding).toMatchObject({ start: 0, end: 1 });
    expect(last.coding).toMatchObject({ start: stored.length - 1, end: stored.length });
    const texts = (await call(h.session, 'codings.list', { document: doc })).map((s) => s.text);
    expect(texts).toContain(stored[0]);
    expect(texts).toContain(stored[stored.length - 1]);
    expect(texts).toContain(stored);
    expect(all.coding.end).toBe(stored.length);
  });

  it('refuses an empty or reversed span as INVALID_INPUT', async () => {
    const doc = await importTranscript(h, 'pilot.txt', text);
    await callFails(h.session, 'codings.apply', { document: doc, start: 5, end: 5, code: { name: 'X' } }, ErrorCode.INVALID_INPUT);
    await callFails(h.session, 'codings.apply', { document: doc, start: 6, end: 5, code: { name: 'X' } }, ErrorCode.INVALID_INPUT);
    await callFails(h.session, 'codings.apply', { document: doc, start: -1, end: 5, code: { name: 'X' } }, ErrorCode.INVALID_INPUT);
    await callFails(h.session, 'codings.apply', { document: doc, start: 0.5, end: 5, code: { name: 'X' } }, ErrorCode.INVALID_INPUT);
    expect(await call(h.session, 'codes.list', {})).toEqual([]);
  });

  it('codes around an emoji in UTF-16 units, and refuses to split its surrogate pair', async () => {
    const doc = await importTranscript(h, 'pilot.txt', text);
    const emoji = at('🙂');
    expect(text.charCodeAt(emoji)).toBeGreaterThanOrEqual(0xd800);

    const whole = await call(h.session, 'codings.apply', { document: doc, start: emoji, end: emoji + 2, code: { name: 'Emoji' } });
    const around = await call(h.session, 'codings.apply', { document: doc, ...span('here 🙂 and'), code: { name: 'Around' } });
    const segments = await call(h.session, 'codings.list', { document: doc });
    expect(segments.find((s) => s.guid === whole.coding.guid)!.text).toBe('🙂');
    expect(segments.find((s) => s.guid === around.coding.guid)!.text).toBe('here 🙂 and');

    const db = dbOf(h.session);
    const before = dumpAll(db);
    await callFails(h.session, 'codings.apply', { document: doc, start: emoji + 1, end: emoji + 5, code: { name: 'Split' } }, ErrorCode.INVALID_INPUT);
    await callFails(h.session, 'codings.apply', { document: doc, start: emoji - 3, end: emoji + 1, code: { name: 'Split' } }, ErrorCode.INVALID_INPUT);
    expect(dumpAll(db)).toEqual(before);
  });

  it('keeps positions in UTF-16 units after import normalises combining marks', async () => {
    const decomposed = 'Moderator: Cafe\u0301 or tea?\nP1: Cafe\u0301, always 😀 after nights.\n';
    const doc = await importTranscript(h, 'nfc.txt', decomposed);
    const got = await call(h.session, 'documents.get', { document: doc });
    expect(got.text).toBe(decomposed.normalize('NFC'));
    const p1 = got.turns[1]!;
    expect(got.text.slice(p1.start, p1.end)).toBe('Café, always 😀 after nights.');
    const start = got.text.indexOf('always');
    const r = await call(h.session, 'codings.apply', { document: doc, start, end: start + 'always 😀'.length, code: { name: 'Coffee' } });
    expect((await call(h.session, 'codings.list', { code: r.code.guid }))[0]!.text).toBe('always 😀');
  });
});

describe('dispatch', () => {
  it('answers INVALID_INPUT for an operation it does not have', async () => {
    const e = await callFails(h.session, 'codes.destroyEverything', {}, ErrorCode.INVALID_INPUT);
    expect(e.message).toContain('codes.destroyEverything');
    await callFails(h.session, '__proto__', {}, ErrorCode.INVALID_INPUT);
    await callFails(h.session, 'toString', {}, ErrorCode.INVALID_INPUT);
  });

  it.each<[string, unknown]>([
    ['codes.create', {}],
    ['codes.create', { name: '   ' }],
    ['codes.create', { name: 'x'.repeat(201) }],
    ['codes.create', { name: 'X', color: 'red' }],
    ['codes.create', { name: 'X', parent: 'not-a-guid' }],
    ['codes.update', { code: 'not-a-guid', name: 'X' }],
    ['codings.apply', { document: 'not-a-guid', start: 0, end: 1, code: { name: 'X' } }],
    ['codings.apply', { start: 0, end: 1, code: { name: 'X' } }],
    ['documents.import', { sources: [] }],
    ['documents.import', { sources: [{ kind: 'url', path: 'http://example.org/x.txt' }] }],
    ['documents.get', { document: 42 }],
    ['project.open', {}],
    ['project.open', { path: '' }],
    ['history.list', { limit: 0 }],
    ['codes.list', 'not an object'],
  ])('answers INVALID_INPUT for %s with %j', async (name, input) => {
    const db = dbOf(h.session);
    const before = dumpAll(db);
    await callFails(h.session, name, input, ErrorCode.INVALID_INPUT);
    expect(dumpAll(db)).toEqual(before);
  });

  it('names the field that is wrong', async () => {
    const e = await callFails(h.session, 'codes.create', { name: 'X', color: 'red' }, ErrorCode.INVALID_INPUT);
    expect(e.message).toContain('color');
  });

  it('answers NO_PROJECT when no project is open', async () => {
    const s = h.newSession();
    for (const [name, input] of [
      ['project.info', {}],
      ['codes.list', {}],
      ['codes.create', { name: 'X' }],
      ['documents.list', {}],
      ['documents.import', { sources: [{ kind: 'path', path: h.file('x.txt') }] }],
      ['history.undo', {}],
      ['history.redo', {}],
      ['history.state', {}],
      ['export.codebook', { format: 'codebook-md' }],
    ] as const) {
      await callFails(s, name, input, ErrorCode.NO_PROJECT);
    }
    expect(await call(s, 'project.current', {})).toEqual({ path: null });
  });

  it('runs calls one at a time, in the order they came', async () => {
    const doc = await importTranscript(h, 'pilot.txt', text);
    const results = await Promise.all([
      dispatch(h.session, 'codes.create', { name: 'One' }),
      dispatch(h.session, 'codings.apply', { document: doc, start: 0, end: 5, code: { name: 'One' } }),
      dispatch(h.session, 'codes.create', { name: 'One' }),
      dispatch(h.session, 'codes.list', {}),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, false, true]);
    const second = results[1]!;
    expect(second.ok && (second.value as OpOutput<'codings.apply'>).createdCode).toBe(false);
    const list = results[3]!;
    expect(list.ok && (list.value as OpOutput<'codes.list'>).map((c) => c.codings)).toEqual([1]);
  });
});

describe('several coders', () => {
  it('attributes a second coder’s commands to them, and undoes and redoes them exactly', async () => {
    await call(h.session, 'codes.create', { name: 'From the first coder' });
    h.session.close();
    const second = { guid: '22222222-2222-4222-8222-222222222222', name: 'Second Coder' };
    const s2 = h.newSession({ ...h.env, user: second });
    await call(s2, 'project.open', { path: file });
    const doc = await importTranscript(h, 'pilot.txt', text, s2);
    const db = dbOf(s2);
    const users = db.prepare(`SELECT guid, name FROM users ORDER BY id`).all();
    expect(users).toEqual([
      { guid: h.env.user.guid, name: h.env.user.name },
      { guid: second.guid, name: second.name },
    ]);

    const { value } = await expectUndoable(s2, 'codings.apply', { document: doc, start: 0, end: 5, code: { name: 'Header' } });
    expect(value.coding.coder).toBe(second.guid);
    expect(value.code.createdBy).toBe(second.guid);
    // Undo everything the second coder did; they stay registered, and their log entries keep their name.
    await call(s2, 'history.undo', {});
    await call(s2, 'history.undo', {});
    expect(db.prepare(`SELECT guid FROM users ORDER BY id`).all()).toHaveLength(2);
    expect((await call(s2, 'history.list', {})).map((e) => [e.user, e.state])).toEqual([
      ['Second Coder', 'undone'],
      ['Second Coder', 'undone'],
      ['Test Coder', 'done'],
    ]);
    await call(s2, 'history.redo', {});
    await call(s2, 'history.redo', {});
    expect((await call(s2, 'codings.list', { document: doc }))[0]!.coder).toBe(second.guid);
    expectConsistent(db);
  });
});

describe('the audit trail', () => {
  it('records who did what and when, newest first, with injected time', async () => {
    await call(h.session, 'codes.create', { name: 'A' });
    await call(h.session, 'codes.update', { code: (await call(h.session, 'codes.list', {}))[0]!.guid, name: 'B' });
    const log = await call(h.session, 'history.list', {});
    expect(log.map((e) => [e.operation, e.summary, e.user, e.state])).toEqual([
      ['codes.update', 'Renamed code "A" to "B"', 'Test Coder', 'done'],
      ['codes.create', 'Created code "A"', 'Test Coder', 'done'],
    ]);
    for (const e of log) expect(e.at).toMatch(/^2026-01-01T00:00:\d\d\.000Z$/);
    expect(log[0]!.at > log[1]!.at).toBe(true);
    expect(await call(h.session, 'history.list', { limit: 1 })).toHaveLength(1);
  });
});
