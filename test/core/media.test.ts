/**
 * Recordings linked to transcripts: linking a spoken test recording (espeak-ng + ffmpeg), its hash,
 * noticing a moved or changed file and finding it again, the turns' times set by hand with undo and
 * redo, what browser mode lets a page link, streaming with HTTP ranges, and REFI-QDA.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatch.js';
import { confinedTo } from '../../electron/core/file-access.js';
import { byteRange } from '../../electron/core/media/serve.js';
import { startServer, type RunningServer } from '../../electron/server/server.js';
import { ErrorCode } from '../../shared/errors.js';
import { nextPlaybackRate, PLAYBACK_RATES, TurnClock } from '../../shared/media.js';
import type { RefiImportReport } from '../../shared/types.js';
import { createMediaProtocolHandler, mediaGuidOf } from '../../electron/main/media-protocol.js';
import { canSpeak, makeSpokenRecording, type SpokenRecording } from '../media-fixture.js';
import { call, callFails, createHarness, dbOf, dumpAll, importTranscript, sha256, writeFile, type Harness } from './helpers.js';
import { HAVE_FIXTURES, HAVE_XMLLINT, schemaErrors, unzip, zipBytes } from './refi-helpers.js';
import { expectUndoable } from './undo-check.js';

const SENTENCES = [
  'Welcome, everyone. Let us start with introductions.',
  'I am a second year resident, and I work nights.',
  'What helps you after a hard shift?',
];

/** The transcript of the recording, without timestamps: its times are set by hand. */
const PLAIN = ['Moderator: Welcome, everyone. Let us start with introductions.', '', 'P1: I am a second year resident, and I work nights.', '', 'Moderator: What helps you after a hard shift?', ''].join('\n');

const SPEAKS = canSpeak();

let h: Harness;
let doc: string;
let recording: SpokenRecording;
beforeEach(async () => {
  h = createHarness();
  await call(h.session, 'project.create', { path: h.file('p.chorus') });
  doc = await importTranscript(h, 'group.txt', PLAIN);
  if (SPEAKS) recording = makeSpokenRecording(h.dir, 'group.wav', SENTENCES);
});
afterEach(() => h.cleanup());

describe.skipIf(!SPEAKS)('linking a recording', () => {
  it('hashes the file, tells its kind and length, and is one undo step', async () => {
    const { value, summary } = await expectUndoable(h.session, 'media.link', { document: doc, path: recording.file });
    expect(value.state).toBe('found');
    expect(value.message).toBeNull();
    expect(value.media).toMatchObject({ kind: 'audio', mime: 'audio/wav', name: 'group.wav', path: recording.file, size: fs.statSync(recording.file).size, sha256: sha256(recording.file) });
    expect(value.media!.duration).toBeCloseTo(recording.duration, 2);
    expect(summary).toBe('Linked the recording group.wav to group');
    expect((await call(h.session, 'media.get', { document: doc })).media?.guid).toBe(value.media!.guid);
  });

  it('replaces a recording already linked; linking the same file again changes nothing', async () => {
    const first = await call(h.session, 'media.link', { document: doc, path: recording.file });
    const steps = (await call(h.session, 'history.list', {})).length;
    await call(h.session, 'media.link', { document: doc, path: recording.file });
    expect(await call(h.session, 'history.list', {})).toHaveLength(steps);
    // Sound only in a WebM (Opus): played as audio.
    const webm = makeSpokenRecording(h.dir, 'group.webm', SENTENCES);
    const { value } = await expectUndoable(h.session, 'media.link', { document: doc, path: webm.file });
    expect(value.media).toMatchObject({ kind: 'audio', mime: 'audio/webm', sha256: sha256(webm.file) });
    expect(value.media!.guid).not.toBe(first.media!.guid);
    expect(dbOf(h.session).prepare('SELECT count(*) AS n FROM media').get()).toEqual({ n: 1 });
  });

  it('refuses other formats, and files that are not what their name says, leaving the project as it was', async () => {
    const db = dbOf(h.session);
    const before = dumpAll(db);
    const text = writeFile(h.dir, 'notes.txt', 'not a recording');
    expect((await callFails(h.session, 'media.link', { document: doc, path: text }, ErrorCode.UNSUPPORTED_FORMAT)).message).toMatch(/MP3.*WAV/);
    const fake = writeFile(h.dir, 'fake.mp3', 'Moderator: hello');
    expect((await callFails(h.session, 'media.link', { document: doc, path: fake }, ErrorCode.UNSUPPORTED_FORMAT)).message).toContain('not an MP3 file');
    await callFails(h.session, 'media.link', { document: doc, path: h.file('nowhere.wav') }, ErrorCode.NOT_FOUND);
    await callFails(h.session, 'media.link', { document: '00000000-0000-4000-8000-00000000ffff', path: recording.file }, ErrorCode.NOT_FOUND);
    expect(dumpAll(db)).toEqual(before);
  });
});

describe.skipIf(!SPEAKS)('a recording that moved', () => {
  it('is noticed, asked for again by name, and found again by its hash', async () => {
    const linked = await call(h.session, 'media.link', { document: doc, path: recording.file });
    const moved = path.join(h.dir, 'archive', 'group-2026.wav');
    fs.mkdirSync(path.dirname(moved));
    fs.renameSync(recording.file, moved);
    const missing = await call(h.session, 'media.get', { document: doc });
    expect(missing.state).toBe('missing');
    expect(missing.message).toContain('"group.wav" is no longer at');
    expect(missing.message).toContain('choose the file again');

    const { value, summary } = await expectUndoable(h.session, 'media.relocate', { document: doc, path: moved });
    expect(value).toMatchObject({ state: 'found', media: { guid: linked.media!.guid, path: moved, name: 'group-2026.wav', sha256: linked.media!.sha256 } });
    expect(summary).toContain('Found the recording of group again');
  });

  it('says when another file stands at its path, and refuses another recording unless told to replace it', async () => {
    const linked = await call(h.session, 'media.link', { document: doc, path: recording.file });
    const other = makeSpokenRecording(h.dir, 'other.wav', ['Something else entirely, said at length.']);
    fs.copyFileSync(other.file, recording.file);
    const changed = await call(h.session, 'media.get', { document: doc });
    expect(changed.state).toBe('changed');
    expect(changed.message).toContain('is not the recording that was linked');

    const conflict = await callFails(h.session, 'media.relocate', { document: doc, path: other.file }, ErrorCode.CONFLICT);
    expect(conflict.message).toContain('"other.wav" is not the recording that was linked to group');
    expect(conflict.message).toContain(linked.media!.sha256.slice(0, 12));
    expect(conflict.message).toContain(sha256(other.file).slice(0, 12));

    const { value } = await expectUndoable(h.session, 'media.relocate', { document: doc, path: other.file, replace: true });
    expect(value).toMatchObject({ state: 'found', media: { name: 'other.wav', sha256: sha256(other.file) } });
    expect(value.media!.guid).not.toBe(linked.media!.guid);
  });

  it('unlinks, leaving the file alone', async () => {
    await call(h.session, 'media.link', { document: doc, path: recording.file });
    const { value } = await expectUndoable(h.session, 'media.unlink', { document: doc });
    expect(value).toMatchObject({ state: 'none', media: null });
    expect(fs.existsSync(recording.file)).toBe(true);
    await callFails(h.session, 'media.relocate', { document: doc, path: recording.file }, ErrorCode.NOT_FOUND);
  });
});

describe.skipIf(!SPEAKS)('what browser mode lets a page link', () => {
  it('recordings in its folder and below, nothing elsewhere', async () => {
    const folder = path.join(h.dir, 'served');
    fs.mkdirSync(path.join(folder, 'audio'), { recursive: true });
    const inside = path.join(folder, 'audio', 'group.wav');
    fs.copyFileSync(recording.file, inside);
    const browser = confinedTo(folder);
    const outside = await dispatch(h.session, 'media.link', { document: doc, path: recording.file }, browser);
    expect(outside.ok).toBe(false);
    if (!outside.ok) expect(outside.error.code).toBe(ErrorCode.FORBIDDEN);
    const escape = await dispatch(h.session, 'media.link', { document: doc, path: '../group.wav' }, browser);
    expect(escape.ok || escape.error.code).toBe(ErrorCode.FORBIDDEN);
    const ok = await dispatch(h.session, 'media.link', { document: doc, path: 'audio/group.wav' }, browser);
    expect(ok.ok && ok.value).toMatchObject({ state: 'found', media: { path: fs.realpathSync(inside) } });
    const candidates = await dispatch(h.session, 'media.candidates', {}, browser);
    expect(candidates.ok && candidates.value).toEqual({ folder: fs.realpathSync(folder), files: [{ name: path.join('audio', 'group.wav'), path: fs.realpathSync(inside), size: fs.statSync(inside).size }] });
  });
});

describe('setting turn times by hand', () => {
  it('sets, moves and clears a turn start, each one undo step', async () => {
    const { turns } = await call(h.session, 'documents.get', { document: doc });
    expect(turns.map((t) => t.timeStart)).toEqual([null, null, null]);
    const { value, summary } = await expectUndoable(h.session, 'media.setTurnTime', { turn: turns[1]!.guid, time: 3.25 });
    expect(value).toMatchObject({ guid: turns[1]!.guid, timeStart: 3.25, timeEnd: null });
    expect(summary).toBe("Set P1's turn (turn 2) to start at 0:00:03");
    const cleared = await expectUndoable(h.session, 'media.setTurnTime', { turn: turns[1]!.guid, time: null });
    expect(cleared.value.timeStart).toBeNull();
    expect(cleared.summary).toBe("Cleared the time of P1's turn (turn 2)");
    await callFails(h.session, 'media.setTurnTime', { turn: turns[1]!.guid, time: -1 }, ErrorCode.INVALID_INPUT);
    await callFails(h.session, 'media.setTurnTime', { turn: '00000000-0000-4000-8000-00000000ffff', time: 1 }, ErrorCode.NOT_FOUND);
  });

  it('keeps an imported end time after the new start, and drops one before it', async () => {
    const timed = await importTranscript(h, 'timed.vtt', 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ann>Hello there.\n\n00:00:05.000 --> 00:00:09.000\n<v Ben>Hi Ann.\n');
    const { turns } = await call(h.session, 'documents.get', { document: timed });
    const ben = turns.find((t) => t.timeStart === 5)!;
    expect(ben.timeEnd).toBe(9);
    expect((await call(h.session, 'media.setTurnTime', { turn: ben.guid, time: 6 })).timeEnd).toBe(9);
    expect((await call(h.session, 'media.setTurnTime', { turn: ben.guid, time: 10 })).timeEnd).toBeNull();
  });
});

describe('which turn is spoken at a time', () => {
  it('is the last timed turn starting at or before it, skipping untimed turns and times out of order', () => {
    const clock = new TurnClock([null, 1, null, 5, 4, 9]);
    expect([0, 0.99, 1, 4.5, 5, 8.9, 9, 100].map((t) => clock.turnAt(t))).toEqual([-1, -1, 1, 1, 3, 3, 5, 5]);
    expect(new TurnClock([null, null]).timed).toBe(false);
  });

  it('cycles the playback speeds and comes back to normal', () => {
    const seen = [1];
    for (let i = 0; i < PLAYBACK_RATES.length; i++) seen.push(nextPlaybackRate(seen[seen.length - 1]!));
    expect(seen).toEqual([1, 1.25, 1.5, 2, 0.75, 1]);
    expect(nextPlaybackRate(3)).toBe(1);
  });
});

describe('byte ranges', () => {
  it('reads the forms players send, and refuses ranges past the end', () => {
    expect(byteRange(undefined, 1000)).toBeNull();
    expect(byteRange('bytes=0-', 1000)).toEqual({ start: 0, end: 999 });
    expect(byteRange('bytes=100-199', 1000)).toEqual({ start: 100, end: 199 });
    expect(byteRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 });
    expect(byteRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(byteRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(byteRange('bytes=0-1,5-6', 1000)).toBeNull();
    expect(byteRange('items=0-1', 1000)).toBeNull();
  });
});

describe.skipIf(!SPEAKS)('streaming a recording in browser mode', () => {
  let server: RunningServer;
  let guid: string;
  beforeEach(async () => {
    const staticDir = path.join(h.dir, 'static');
    fs.mkdirSync(staticDir);
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Chorus</title>');
    guid = (await call(h.session, 'media.link', { document: doc, path: recording.file })).media!.guid;
    server = await startServer({ session: h.session, staticDir, projectsFolder: h.dir, port: 0 });
  });
  afterEach(async () => server.close());

  const get = (guidOrPath: string, headers: Record<string, string> = {}, token = true) =>
    fetch(new URL(`api/media/${guidOrPath}`, server.origin), { headers: { ...(token ? { Authorization: `Bearer ${server.token}` } : {}), ...headers } });

  it('answers a range with 206 and exactly those bytes, the whole file with 200', async () => {
    const bytes = fs.readFileSync(recording.file);
    const part = await get(guid, { Range: 'bytes=1000-1999' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${bytes.length}`);
    expect(part.headers.get('content-type')).toBe('audio/wav');
    expect(part.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);
    const tail = await get(guid, { Range: 'bytes=-10' });
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 10))).toBe(true);
    const whole = await get(guid);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    const past = await get(guid, { Range: `bytes=${bytes.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
  });

  it('needs the token, serves only recordings linked in the open project, and stops when the file moved', async () => {
    expect((await get(guid, {}, false)).status).toBe(401);
    expect((await get('00000000-0000-4000-8000-00000000ffff')).status).toBe(404);
    expect((await get(encodeURIComponent(recording.file))).status).toBe(404);
    fs.renameSync(recording.file, `${recording.file}.moved`);
    expect((await get(guid)).status).toBe(404);
  });
});

/** A transcript as the recording's, with an emoji before the last turn (positions count code points). */
function timedTranscript(r: SpokenRecording): string {
  const at = (s: number) => `[00:00:${String(Math.floor(s)).padStart(2, '0')}]`;
  return [`Pilot 🙂 group`, '', `${at(r.sentences[0]!.start)} Moderator: ${SENTENCES[0]}`, '', `P1: ${SENTENCES[1]}`, '', `${at(r.sentences[2]!.start)} Moderator: ${SENTENCES[2]}`, ''].join('\n');
}

describe.skipIf(!SPEAKS)('the desktop app’s chorus-media: scheme', () => {
  it('streams a linked recording by guid, with ranges, and nothing else', async () => {
    const guid = (await call(h.session, 'media.link', { document: doc, path: recording.file })).media!.guid;
    const handle = createMediaProtocolHandler(() => h.session.project);
    const bytes = fs.readFileSync(recording.file);
    const part = await handle(new Request(`chorus-media://recording/${guid}`, { headers: { Range: 'bytes=44-143' } }));
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 44-143/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(44, 144))).toBe(true);
    const whole = await handle(new Request(`chorus-media://recording/${guid}`));
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).length).toBe(bytes.length);
    expect((await handle(new Request(`chorus-media://recording/00000000-0000-4000-8000-00000000ffff`))).status).toBe(404);
    expect(mediaGuidOf(`chorus-media://recording/${encodeURIComponent(recording.file)}`)).toBeNull();
    expect(mediaGuidOf(`chorus-media://elsewhere/${guid}`)).toBeNull();
    expect((await handle(new Request(`chorus-media://recording/${guid}`, { method: 'POST' }))).status).toBe(405);
  });
});

describe.skipIf(!SPEAKS)('recordings in REFI-QDA', () => {
  it('export as an AudioSource with sync points that validates, and import back with the link and the times', async () => {
    const timed = await importTranscript(h, 'timed.txt', timedTranscript(recording));
    const linked = await call(h.session, 'media.link', { document: timed, path: recording.file });
    const { turns } = await call(h.session, 'documents.get', { document: timed });
    const p1 = turns.find((t) => t.timeStart === null && t.speakerGuid !== null)!;
    await call(h.session, 'media.setTurnTime', { turn: p1.guid, time: 3.456 });
    const times = (await call(h.session, 'documents.get', { document: timed })).turns.map((t) => t.timeStart);
    expect(times.filter((t) => t !== null)).toHaveLength(3);

    await call(h.session, 'export.refi', { format: 'qdpx', path: h.file('out.qdpx') });
    const qde = (await unzip(h.file('out.qdpx'))).get('project.qde')!.toString('utf8');
    const audio = /<AudioSource\b[^>]*>[\s\S]*?<\/AudioSource>/u.exec(qde)?.[0] ?? '';
    expect(audio).toContain(`guid="${linked.media!.guid}"`);
    expect(audio).toContain(`path="absolute://${recording.file}"`);
    expect(audio).toContain(`plainTextPath="internal://${timed}.txt"`);
    expect(audio.match(/<SyncPoint /gu)).toHaveLength(3);
    expect(audio).toContain('timeStamp="3456"');
    if (HAVE_FIXTURES && HAVE_XMLLINT) {
      fs.writeFileSync(h.file('out.qde'), qde);
      expect(schemaErrors(h.file('out.qde'), 'Project-mrt2019.xsd')).toBe('');
    }

    const imported = await call(h.session, 'project.importRefi', { source: h.file('out.qdpx'), path: h.file('back.chorus') });
    expect(imported.report.notes.join('\n')).not.toMatch(/recording/iu);
    const back = await call(h.session, 'media.get', { document: timed });
    expect(back).toMatchObject({ state: 'found', media: { guid: linked.media!.guid, sha256: linked.media!.sha256, kind: 'audio', path: recording.file } });
    expect((await call(h.session, 'documents.get', { document: timed })).turns.map((t) => t.timeStart)).toEqual(times);
    // The transcript is one document, not two.
    expect((await call(h.session, 'documents.list', {})).filter((d) => d.name === 'timed')).toHaveLength(1);
  });

  it('stay out of a pseudonymised or redacted export: the voices identify the speakers', async () => {
    const timed = await importTranscript(h, 'timed.txt', timedTranscript(recording));
    await call(h.session, 'media.link', { document: timed, path: recording.file });
    await call(h.session, 'privacy.addPseudonyms', { entries: [{ realName: 'Interviewer', pseudonym: 'Moderator 1', category: 'person' }] });
    await call(h.session, 'export.refi', { format: 'qdpx', path: h.file('plain.qdpx') });
    await call(h.session, 'export.refi', { format: 'qdpx', path: h.file('pseudo.qdpx'), pseudonymise: true });
    const qdeOf = async (f: string) => (await unzip(h.file(f))).get('project.qde')!.toString('utf8');
    expect(await qdeOf('plain.qdpx')).toContain('<AudioSource');
    const pseudo = await qdeOf('pseudo.qdpx');
    expect(pseudo).not.toMatch(/<(Audio|Video)Source/u);
    expect(pseudo).not.toContain(path.basename(recording.file));
  });

  it('import another tool’s recording with a transcript of its own, a relative path and sync points at the labels', async () => {
    fs.mkdirSync(h.file('media'));
    fs.copyFileSync(recording.file, h.file('media/fg.wav'));
    const text = ['Interviewer: How was the first night?', '', 'P1: Long. Very long.', '', 'Interviewer: And the second?'].join('\n');
    const line2 = text.indexOf('P1:');
    const line3 = text.indexOf('Interviewer: And');
    const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Elsewhere" origin="OtherTool 3" basePath="absolute://${h.dir}">
  <Users><User guid="aaaaaaaa-0000-4000-8000-000000000001" name="Kim"/></Users>
  <Sources>
    <VideoSource guid="bbbbbbbb-0000-4000-8000-000000000002" name="fg.wav" path="relative:///media/fg.wav" creatingUser="aaaaaaaa-0000-4000-8000-000000000001">
      <Transcript guid="cccccccc-0000-4000-8000-000000000003" name="Night shifts">
        <PlainTextContent>${text}</PlainTextContent>
        <SyncPoint guid="dddddddd-0000-4000-8000-000000000001" position="0" timeStamp="300"/>
        <SyncPoint guid="dddddddd-0000-4000-8000-000000000002" position="${line2}" timeStamp="3500"/>
        <SyncPoint guid="dddddddd-0000-4000-8000-000000000003" position="${line2 + 8}" timeStamp="4200"/>
        <SyncPoint guid="dddddddd-0000-4000-8000-000000000004" position="${line3}" timeStamp="7000"/>
      </Transcript>
    </VideoSource>
    <AudioSource guid="eeeeeeee-0000-4000-8000-000000000005" name="inside.mp3" path="internal://eeeeeeee-0000-4000-8000-000000000005.mp3">
      <Transcript guid="ffffffff-0000-4000-8000-000000000006" name="Embedded"><PlainTextContent>Ben: Hello.</PlainTextContent></Transcript>
    </AudioSource>
  </Sources>
</Project>`;
    fs.writeFileSync(h.file('other.qdpx'), await zipBytes({ 'project.qde': qde }));
    // Read from elsewhere: relative:// resolves against basePath.
    const { report } = await call(h.session, 'project.importRefi', { source: h.file('other.qdpx'), path: h.file('other.chorus') });
    expect(report.notes.join('\n')).toContain('"inside.mp3" is inside the file');
    const docs = await call(h.session, 'documents.list', {});
    const night = docs.find((d) => d.name === 'Night shifts')!;
    expect(night.guid).toBe('cccccccc-0000-4000-8000-000000000003');
    const status = await call(h.session, 'media.get', { document: night.guid });
    // A WAV named in a VideoSource is still sound: the file says so.
    expect(status).toMatchObject({ state: 'found', media: { guid: 'bbbbbbbb-0000-4000-8000-000000000002', kind: 'audio', path: h.file('media/fg.wav'), sha256: sha256(recording.file) } });
    // Points at a turn's label line up with it; one inside P1's words does not.
    expect((await call(h.session, 'documents.get', { document: night.guid })).turns.map((t) => t.timeStart)).toEqual([0.3, 3.5, 7]);
    const embedded = docs.find((d) => d.name === 'Embedded')!;
    expect((await call(h.session, 'media.get', { document: embedded.guid })).state).toBe('none');
  });

  it('in browser mode, links only recordings inside its folder', async () => {
    await importTranscript(h, 'timed.txt', timedTranscript(recording));
    const doc2 = (await call(h.session, 'documents.list', {})).find((d) => d.name === 'timed')!.guid;
    await call(h.session, 'media.link', { document: doc2, path: recording.file });
    await call(h.session, 'export.refi', { format: 'qdpx', path: h.file('out.qdpx') });
    const folder = h.file('served');
    fs.mkdirSync(folder);
    const bytes = fs.readFileSync(h.file('out.qdpx')).toString('base64');
    const r = await dispatch(h.session, 'project.importRefi', { source: { kind: 'bytes', name: 'out.qdpx', base64: bytes }, path: 'in.chorus' }, confinedTo(folder));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect((r.value as { report: RefiImportReport }).report.notes.join('\n')).toContain('recordings are linked from');
    expect((await call(h.session, 'media.get', { document: doc2 })).state).toBe('none');
  });
});

describe.skipIf(!SPEAKS)('chorus media (the command line)', () => {
  it('links a recording, says when it moved, and finds it again', () => {
    const chorus = (...args: string[]) => {
      const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../electron/cli/bin.cjs'), ...args], {
        cwd: h.dir,
        encoding: 'utf8',
        env: { ...process.env, CHORUS_HOME: h.file('home'), CHORUS_USER: 'Test Coder' },
      });
      return { code: r.status, out: `${r.stdout}${r.stderr}` };
    };
    const p = h.file('cli.chorus');
    expect(chorus('new', p).code).toBe(0);
    expect(chorus('import', p, writeFile(h.dir, 'fg1.txt', PLAIN)).code).toBe(0);
    const linked = chorus('media', p, 'fg1', recording.file);
    expect(linked.out).toContain(`fg1: group.wav (audio, 0.`);
    fs.renameSync(recording.file, h.file('moved.wav'));
    expect(chorus('media', p, 'fg1').out).toContain('is no longer at');
    expect(chorus('media', p, 'fg1', h.file('moved.wav'), '--relocate').out).toContain(`at ${h.file('moved.wav')}`);
    const wrong = chorus('media', p, 'fg1', writeFile(h.dir, 'x.txt', 'no'));
    expect(wrong.code).toBe(2);
    expect(wrong.out).toContain('not a recording Chorus can play');
  }, 60_000);
});
