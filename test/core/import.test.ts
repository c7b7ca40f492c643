import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/errors.js';
import type { ChorusEvent } from '../../shared/types.js';
import { dispatch } from '../../electron/core/dispatch.js';
import { countWords } from '../../electron/core/documents/decode.js';
import type { Session } from '../../electron/core/session.js';
import {
  PILOT_TRANSCRIPT,
  call,
  createHarness,
  dbOf,
  dumpCaptured,
  expectConsistent,
  writeFile,
  type Harness,
} from './helpers.js';

const MAX = 4096;

let h: Harness;
beforeEach(async () => {
  h = createHarness({ maxImportBytes: MAX });
  await call(h.session, 'project.create', { path: h.file('study.chorus') });
});
afterEach(() => h.cleanup());

const rowCount = (s: Session, table: string) =>
  (dbOf(s).prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;

const SECOND = ['Moderator: How do you wind down?', '', 'P1: A walk.', '', 'P2: Sleep. 😴', ''].join('\n');

describe('documents.import of a batch with bad files', () => {
  it('imports the good files, reports each bad one with its code, and leaves no rows of them', async () => {
    const good1 = writeFile(h.dir, 'pilot.txt', PILOT_TRANSCRIPT);
    const binary = writeFile(h.dir, 'binary.txt', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x14, 0x00, 0x41]));
    const empty = writeFile(h.dir, 'empty.txt', '');
    const blank = writeFile(h.dir, 'blank.txt', '  \n\n\t\n');
    const missing = path.join(h.dir, 'missing.txt');
    const huge = writeFile(h.dir, 'huge.txt', `Moderator: ${'words '.repeat(MAX)}`);
    const docx = writeFile(h.dir, 'notes.docx', 'PK fake');
    const folder = path.join(h.dir, 'folder.txt');
    fs.mkdirSync(folder);
    const good2 = writeFile(h.dir, 'second.md', SECOND);

    const before = dumpCaptured(dbOf(h.session));
    const report = await call(h.session, 'documents.import', {
      sources: [
        { kind: 'path', path: good1 },
        { kind: 'path', path: binary },
        { kind: 'path', path: empty },
        { kind: 'path', path: blank },
        { kind: 'path', path: missing },
        { kind: 'path', path: huge },
        { kind: 'path', path: docx },
        { kind: 'path', path: folder },
        { kind: 'bytes', name: 'uploaded-huge.txt', base64: Buffer.alloc(MAX + 1, 0x41).toString('base64') },
        { kind: 'path', path: good2 },
      ],
    });

    expect(report.files.map((f) => [path.basename(f.source), f.ok, f.error?.code ?? null])).toEqual([
      ['pilot.txt', true, null],
      ['binary.txt', false, ErrorCode.UNSUPPORTED_FORMAT],
      ['empty.txt', false, ErrorCode.INVALID_INPUT],
      ['blank.txt', false, ErrorCode.INVALID_INPUT],
      ['missing.txt', false, ErrorCode.NOT_FOUND],
      ['huge.txt', false, ErrorCode.TOO_LARGE],
      ['notes.docx', false, ErrorCode.CORRUPT_FILE],
      ['folder.txt', false, ErrorCode.INVALID_INPUT],
      ['uploaded-huge.txt', false, ErrorCode.TOO_LARGE],
      ['second.md', true, null],
    ]);
    for (const f of report.files.filter((x) => !x.ok)) {
      expect(f.error!.message.length).toBeGreaterThan(0);
      expect(f.document).toBeUndefined();
    }
    expect(report.files[0]).toMatchObject({
      ok: true,
      document: { name: 'pilot' },
      turns: 7,
      speakers: [
        { label: 'Moderator', turns: 2 },
        { label: 'P1', turns: 2 },
        { label: 'P2', turns: 2 },
      ],
    });

    // Only the two good documents, with only their own speakers and turns.
    const docs = await call(h.session, 'documents.list', {});
    expect(docs.map((d) => [d.name, d.sourceFormat, d.sourceName])).toEqual([
      ['pilot', 'txt', 'pilot.txt'],
      ['second', 'md', 'second.md'],
    ]);
    expect(rowCount(h.session, 'documents')).toBe(2);
    expect(rowCount(h.session, 'speakers')).toBe(3 + 3);
    expect(rowCount(h.session, 'turns')).toBe(7 + 3);
    expectConsistent(dbOf(h.session));

    // The whole batch is one undo step.
    const log = await call(h.session, 'history.list', {});
    expect(log).toHaveLength(1);
    expect(log[0]!.summary).toBe('Imported 2 transcripts');
    await call(h.session, 'history.undo', {});
    expect(dumpCaptured(dbOf(h.session))).toEqual(before);
    expect(await call(h.session, 'documents.list', {})).toEqual([]);
    expectConsistent(dbOf(h.session));
    await call(h.session, 'history.redo', {});
    expect((await call(h.session, 'documents.list', {})).map((d) => d.guid)).toEqual(docs.map((d) => d.guid));
  });

  it('stores what the parser found: text, speakers, turns with their spans and times', async () => {
    const file = writeFile(h.dir, 'pilot.txt', PILOT_TRANSCRIPT);
    const report = await call(h.session, 'documents.import', { sources: [{ kind: 'path', path: file }] });
    const got = await call(h.session, 'documents.get', { document: report.files[0]!.document!.guid });
    expect(got.text).toBe(PILOT_TRANSCRIPT);
    expect(got.document).toMatchObject({ name: 'pilot', length: PILOT_TRANSCRIPT.length, turns: 7, speakers: 3, codings: 0 });
    // Who and when come from the injected environment.
    expect(got.document.createdBy).toBe(h.env.user.guid);
    expect(got.document.createdAt).toMatch(/^2026-01-01T00:00:\d\d\.000Z$/);
    // Words said (and front matter), without labels and timestamps.
    expect(got.document.words).toBe(
      got.turns.reduce((n, t) => n + countWords(PILOT_TRANSCRIPT.slice(t.start, t.end)), 0),
    );
    expect(got.document.words).toBeLessThan(countWords(PILOT_TRANSCRIPT));
    expect(got.speakers.map((s) => [s.label, s.role, s.participant])).toEqual([
      ['Moderator', 'moderator', null],
      ['P1', 'participant', null],
      ['P2', 'participant', null],
    ]);
    const label = new Map(got.speakers.map((s) => [s.guid, s.label]));
    expect(got.turns.map((t) => [t.index, t.speakerGuid && label.get(t.speakerGuid), got.text.slice(t.start, t.end), t.timeStart, t.speakerGuid ? t.timeEnd : '-'])).toEqual([
      [0, null, 'Pilot focus group\nRecorded 5 January 2026', null, '-'],
      [1, 'Moderator', 'Welcome, everyone. Let us start with introductions.', 5, 12],
      [2, 'P1', 'I am a second-year resident. I work nights mostly.', 12, 20],
      [3, 'P2', 'Third year here 🙂 and I have been on days.', 20, 31],
      [4, 'Moderator', 'What helps after a hard shift?', 31, 40],
      [5, 'P1', 'Honestly, talking to my co-residents.\n\nIt helps more than the official programme.', 40, 62],
      [6, 'P2', 'For me it is the group chat.', 62, null],
    ]);
  });

  it('decodes and normalises as it imports (Windows-1252, CRLF, UTF-16)', async () => {
    const cp1252 = writeFile(h.dir, 'cp1252.txt', new Uint8Array([...Buffer.from('Moderator: '), 0x93, 0x68, 0x69, 0x94, 0x0d, 0x0a, ...Buffer.from('P1: caf'), 0xe9]));
    const utf16 = writeFile(h.dir, 'utf16.txt', new Uint8Array([0xff, 0xfe, ...Buffer.from('Moderator: hi\r\nP1: Zoe\u0308 🙂', 'utf16le')]));
    const report = await call(h.session, 'documents.import', {
      sources: [
        { kind: 'path', path: cp1252 },
        { kind: 'path', path: utf16 },
      ],
    });
    const texts = await Promise.all(
      report.files.map(async (f) => (await call(h.session, 'documents.get', { document: f.document!.guid })).text),
    );
    expect(texts).toEqual(['Moderator: “hi”\nP1: café', 'Moderator: hi\nP1: Zoë 🙂']);
  });

  it('accepts uploaded bytes like a file', async () => {
    const report = await call(h.session, 'documents.import', {
      sources: [{ kind: 'bytes', name: 'upload.txt', base64: Buffer.from(SECOND).toString('base64') }],
    });
    expect(report.files[0]).toMatchObject({ source: 'upload.txt', ok: true, document: { name: 'upload' }, turns: 3 });
  });

  it('names duplicates "(2)", "(3)", whatever the case of the clash', async () => {
    const a = path.join(h.dir, 'a');
    const b = path.join(h.dir, 'b');
    fs.mkdirSync(a);
    fs.mkdirSync(b);
    const f1 = writeFile(a, 'Focus group.txt', SECOND);
    const f2 = writeFile(b, 'Focus group.txt', SECOND);
    const f3 = writeFile(h.dir, 'FOCUS GROUP.md', SECOND);
    await call(h.session, 'documents.import', { sources: [{ kind: 'path', path: f1 }] });
    const report = await call(h.session, 'documents.import', {
      sources: [
        { kind: 'path', path: f2 },
        { kind: 'path', path: f3 },
      ],
    });
    expect(report.files.map((f) => f.document?.name)).toEqual(['Focus group (2)', 'FOCUS GROUP (3)']);
    expect((await call(h.session, 'documents.list', {})).map((d) => d.name)).toEqual([
      'Focus group',
      'Focus group (2)',
      'FOCUS GROUP (3)',
    ]);
    // Undo frees the names again.
    await call(h.session, 'history.undo', {});
    const again = await call(h.session, 'documents.import', { sources: [{ kind: 'path', path: f2 }] });
    expect(again.files[0]!.document!.name).toBe('Focus group (2)');
  });

  it('maps speakers to participants of the same label, and leaves the others unmapped', async () => {
    await call(h.session, 'project.createDemo', { path: h.file('demo.chorus') });
    const file = writeFile(h.dir, 'follow-up.txt', 'Dr. Lee: Welcome back.\nMaya: Hi again.\nStranger: Hello?\nStranger: Anyone?\n');
    const report = await call(h.session, 'documents.import', { sources: [{ kind: 'path', path: file }] });
    const got = await call(h.session, 'documents.get', { document: report.files[0]!.document!.guid });
    expect(got.speakers.map((s) => [s.label, s.participant?.label ?? null])).toEqual([
      ['Dr. Lee', 'Dr. Lee'],
      ['Maya', 'Maya'],
      ['Stranger', null],
    ]);
    // "Maya:" occurs once, but opens a line like every other turn of this one-turn-per-line file.
    expect(got.turns).toHaveLength(4);
  });

  it('reports progress and can be cancelled, importing nothing', async () => {
    const files = ['one.txt', 'two.txt', 'three.txt'].map((n) => writeFile(h.dir, n, SECOND));
    const events: ChorusEvent[] = [];
    let cancel: Promise<unknown> | undefined;
    const env = h.env;
    const s = h.newSession({
      ...env,
      emit: (e) => {
        events.push(e);
        if (e.type === 'progress' && e.done === 1 && !cancel) {
          cancel = dispatch(s, 'operations.cancel', { operationId: 'import-1' });
        }
      },
    });
    await call(s, 'project.open', { path: h.file('study.chorus') });
    const before = dumpCaptured(dbOf(s));
    const r = await dispatch(s, 'documents.import', {
      sources: files.map((p) => ({ kind: 'path' as const, path: p })),
      operationId: 'import-1',
    });
    expect(await cancel).toEqual({ ok: true, value: { cancelled: true } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(ErrorCode.CANCELLED);
    expect(dumpCaptured(dbOf(s))).toEqual(before);
    expect(await call(s, 'history.list', {})).toEqual([]);
    expect(events[0]).toMatchObject({ type: 'progress', operationId: 'import-1', done: 0, total: 3 });
    // Once finished, the operation can no longer be cancelled.
    expect(await call(s, 'operations.cancel', { operationId: 'import-1' })).toEqual({ cancelled: false });
  });

  it('can be cancelled while it waits behind another call', async () => {
    const files = ['one.txt', 'two.txt'].map((n) => writeFile(h.dir, n, SECOND));
    const first = dispatch(h.session, 'documents.import', { sources: [{ kind: 'path', path: files[0]! }], operationId: 'first' });
    const second = dispatch(h.session, 'documents.import', { sources: [{ kind: 'path', path: files[1]! }], operationId: 'second' });
    expect(await call(h.session, 'operations.cancel', { operationId: 'second' })).toEqual({ cancelled: true });
    expect((await first).ok).toBe(true);
    const r = await second;
    expect(r.ok ? null : r.error.code).toBe(ErrorCode.CANCELLED);
    expect((await call(h.session, 'documents.list', {})).map((d) => d.name)).toEqual(['one']);
    expect(await call(h.session, 'history.list', {})).toHaveLength(1);
  });

  it('reports progress to the end of a batch', async () => {
    const files = ['one.txt', 'two.txt'].map((n) => writeFile(h.dir, n, SECOND));
    h.env.events.length = 0;
    await call(h.session, 'documents.import', {
      sources: files.map((p) => ({ kind: 'path' as const, path: p })),
      operationId: 'op-2',
    });
    const progress = h.env.events.filter((e) => e.type === 'progress');
    expect(progress.map((e) => e.type === 'progress' && [e.done, e.total])).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
  });
});

describe('possible speakers: the preview lists them, and accepting one re-parses with it', () => {
  const WITH_MARIA = [
    'Moderator: Who covers the night?',
    'P1: Me, mostly.',
    'P2: And me.',
    'Maria: I write the rota, so blame me.',
    'P1: We do.',
    'Moderator: Thank you.',
  ].join('\n\n');

  it('lists a one-off Name: opening a paragraph that was not taken, with its count and first line', async () => {
    const source = { kind: 'bytes' as const, name: 'night.txt', base64: Buffer.from(WITH_MARIA).toString('base64') };
    const preview = await call(h.session, 'documents.preview', { sources: [source] });
    const file = preview.files[0]!;
    expect(file.speakers!.map((s) => s.label)).toEqual(['Moderator', 'P1', 'P2']);
    expect(file.possibleSpeakers).toEqual([{ label: 'Maria', count: 1, firstLine: 'Maria: I write the rota, so blame me.' }]);

    // With the label accepted, the preview shows it as a speaker and no longer as possible.
    const again = await call(h.session, 'documents.preview', { sources: [{ ...source, extraLabels: ['Maria'] }] });
    expect(again.files[0]!.speakers!.map((s) => [s.label, s.turns, s.sample])).toEqual([
      ['Moderator', 2, 'Who covers the night?'],
      ['P1', 2, 'Me, mostly.'],
      ['P2', 1, 'And me.'],
      ['Maria', 1, 'I write the rota, so blame me.'],
    ]);
    expect(again.files[0]!.possibleSpeakers).toEqual([]);
    // Speaker detection off: nothing is possible.
    const off = await call(h.session, 'documents.preview', { sources: [{ ...source, detectSpeakers: false }] });
    expect(off.files[0]!.possibleSpeakers).toEqual([]);
  });

  it('imports the accepted label as a speaker with its own turn; without it the words stay in the turn before', async () => {
    const file = writeFile(h.dir, 'night.txt', WITH_MARIA);
    const report = await call(h.session, 'documents.import', {
      sources: [
        { kind: 'path', path: file, documentName: 'without' },
        { kind: 'path', path: file, documentName: 'with', extraLabels: ['Maria'], speakers: { Maria: { role: 'observer' } } },
      ],
    });
    expect(report.files.map((f) => [f.document!.name, f.turns, f.speakers!.map((s) => s.label)])).toEqual([
      ['without', 5, ['Moderator', 'P1', 'P2']],
      ['with', 6, ['Moderator', 'P1', 'P2', 'Maria']],
    ]);
    const spoken = async (guid: string) => {
      const got = await call(h.session, 'documents.get', { document: guid });
      const label = new Map(got.speakers.map((s) => [s.guid, s.label]));
      return { got, turns: got.turns.map((t) => [t.speakerGuid && label.get(t.speakerGuid), got.text.slice(t.start, t.end)]) };
    };
    const without = await spoken(report.files[0]!.document!.guid);
    expect(without.turns[2]).toEqual(['P2', 'And me.\n\nMaria: I write the rota, so blame me.']);
    const withMaria = await spoken(report.files[1]!.document!.guid);
    expect(withMaria.turns.slice(2, 4)).toEqual([
      ['P2', 'And me.'],
      ['Maria', 'I write the rota, so blame me.'],
    ]);
    expect(withMaria.got.speakers.find((s) => s.label === 'Maria')!.role).toBe('observer');
    expectConsistent(dbOf(h.session));
  });

  it('refuses an empty extra label as invalid input', async () => {
    const r = await dispatch(h.session, 'documents.preview', {
      sources: [{ kind: 'bytes', name: 'x.txt', base64: Buffer.from(WITH_MARIA).toString('base64'), extraLabels: ['  '] }],
    });
    expect(r.ok ? null : r.error.code).toBe(ErrorCode.INVALID_INPUT);
  });

  it('takes a one-off label of the same shape as the others without being asked (Resident C)', async () => {
    const text = 'Resident A: Hi.\n\nResident B: Hello.\n\nResident A: So.\n\nResident C: Me too.\n\nResident B: Ok.';
    const source = { kind: 'bytes' as const, name: 'residents.txt', base64: Buffer.from(text).toString('base64') };
    const preview = await call(h.session, 'documents.preview', { sources: [source] });
    expect(preview.files[0]!.speakers!.map((s) => [s.label, s.turns])).toEqual([
      ['Resident A', 2],
      ['Resident B', 2],
      ['Resident C', 1],
    ]);
    expect(preview.files[0]!.possibleSpeakers).toEqual([]);
    const report = await call(h.session, 'documents.import', { sources: [source] });
    expect(report.files[0]!.speakers).toEqual([
      { label: 'Resident A', turns: 2 },
      { label: 'Resident B', turns: 2 },
      { label: 'Resident C', turns: 1 },
    ]);
  });
});
