import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  call,
  callFails,
  createHarness,
  dbOf,
  dumpCaptured,
  importTranscript,
  PILOT_TRANSCRIPT,
  writeFile,
  type Harness,
} from './helpers.js';

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await call(h.session, 'project.create', { path: h.file('p.chorus') });
});
afterEach(() => h.cleanup());

async function speakersOf(doc: string) {
  return (await call(h.session, 'documents.get', { document: doc })).speakers;
}

describe('import preview and speaker decisions', () => {
  it('previews speakers with turns, words and a sample, and writes nothing', async () => {
    const file = writeFile(h.dir, 'pilot.txt', PILOT_TRANSCRIPT);
    const before = dumpCaptured(dbOf(h.session));
    const preview = await call(h.session, 'documents.preview', { sources: [{ kind: 'path', path: file }] });
    expect(dumpCaptured(dbOf(h.session))).toEqual(before);
    const f = preview.files[0]!;
    expect(f).toMatchObject({ ok: true, name: 'pilot', format: 'txt' });
    expect(f.speakers!.map((s) => [s.label, s.turns, s.role])).toEqual([
      ['Moderator', 2, 'moderator'],
      ['P1', 2, 'participant'],
      ['P2', 2, 'participant'],
    ]);
    // The first turn of some length, its paragraphs on one line.
    expect(f.speakers![1]!.sample).toBe('Honestly, talking to my co-residents. It helps more than the official programme.');
    expect(f.speakers![1]!.words).toBe(10 + 6 + 7);
    const history = await call(h.session, 'history.list', {});
    expect(history).toHaveLength(0);
  });

  it('applies renames, merges, roles and participant choices in one step', async () => {
    const existing = await call(h.session, 'participants.create', { label: 'Resident A' });
    const text = PILOT_TRANSCRIPT + '\n[00:01:30] Mod: One last question.\n';
    const file = writeFile(h.dir, 'pilot.txt', text);
    const report = await call(h.session, 'documents.import', {
      sources: [
        {
          kind: 'path',
          path: file,
          documentName: 'Pilot group',
          speakers: {
            Mod: { label: 'Moderator' },
            P1: { participant: existing.guid },
            P2: { label: 'Resident B', participant: 'new', role: 'participant' },
            Moderator: { role: 'moderator' },
          },
        },
      ],
    });
    const f = report.files[0]!;
    expect(f.ok).toBe(true);
    expect(f.document!.name).toBe('Pilot group');
    expect(f.speakers).toEqual([
      { label: 'Moderator', turns: 3 },
      { label: 'P1', turns: 2 },
      { label: 'Resident B', turns: 2 },
    ]);
    const speakers = await speakersOf(f.document!.guid);
    expect(speakers.map((s) => [s.label, s.role, s.participant?.label ?? null])).toEqual([
      ['Moderator', 'moderator', null],
      ['P1', 'participant', 'Resident A'],
      ['Resident B', 'participant', 'Resident B'],
    ]);
    const participants = await call(h.session, 'participants.list', {});
    expect(participants.map((p) => [p.label, p.documents, p.turns])).toEqual([
      ['Resident A', 1, 2],
      ['Resident B', 1, 2],
    ]);
    // The whole import, new participant included, is one undo step.
    await call(h.session, 'history.undo', {});
    expect((await call(h.session, 'participants.list', {})).map((p) => p.label)).toEqual(['Resident A']);
    expect(await call(h.session, 'documents.list', {})).toHaveLength(0);
  });

  it('maps a speaker to the participant of the same label by default', async () => {
    await call(h.session, 'participants.create', { label: 'p1' });
    const doc = await importTranscript(h, 'pilot.txt', PILOT_TRANSCRIPT);
    const speakers = await speakersOf(doc);
    expect(speakers.find((s) => s.label === 'P1')!.participant?.label).toBe('p1');
    expect(speakers.find((s) => s.label === 'P2')!.participant).toBeNull();
  });

  it('refuses a decision naming a participant that does not exist, importing nothing', async () => {
    const file = writeFile(h.dir, 'pilot.txt', PILOT_TRANSCRIPT);
    const report = await call(h.session, 'documents.import', {
      sources: [{ kind: 'path', path: file, speakers: { P1: { participant: '99999999-9999-4999-8999-999999999999' } } }],
    });
    expect(report.files[0]).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call(h.session, 'documents.list', {})).toHaveLength(0);
  });
});

describe('speakers after import', () => {
  it('renames, changes role, maps and unmaps, each undoable', async () => {
    const doc = await importTranscript(h, 'pilot.txt', PILOT_TRANSCRIPT);
    const p1 = (await speakersOf(doc)).find((s) => s.label === 'P1')!;
    const person = await call(h.session, 'participants.create', { label: 'Maya' });
    const before = dumpCaptured(dbOf(h.session));
    const updated = await call(h.session, 'speakers.update', {
      speaker: p1.guid,
      label: 'Maya (P1)',
      role: 'observer',
      participant: person.guid,
    });
    expect(updated).toMatchObject({ label: 'Maya (P1)', role: 'observer', participant: { label: 'Maya' } });
    await call(h.session, 'history.undo', {});
    expect(dumpCaptured(dbOf(h.session))).toEqual(before);
    await call(h.session, 'history.redo', {});
    const unmapped = await call(h.session, 'speakers.update', { speaker: p1.guid, participant: null });
    expect(unmapped.participant).toBeNull();
    await callFails(h.session, 'speakers.update', { speaker: p1.guid, label: 'P2' }, 'CONFLICT');
  });

  it('registers a speaker as a new participant in one step', async () => {
    const doc = await importTranscript(h, 'pilot.txt', PILOT_TRANSCRIPT);
    const p2 = (await speakersOf(doc)).find((s) => s.label === 'P2')!;
    const updated = await call(h.session, 'speakers.update', { speaker: p2.guid, label: 'Aisha', participant: 'new' });
    expect(updated).toMatchObject({ label: 'Aisha', participant: { label: 'Aisha' } });
    expect((await call(h.session, 'participants.list', {})).map((p) => [p.label, p.turns])).toEqual([['Aisha', 2]]);
    await call(h.session, 'history.undo', {});
    expect(await call(h.session, 'participants.list', {})).toEqual([]);
    expect((await speakersOf(doc)).find((s) => s.guid === p2.guid)!.label).toBe('P2');
  });

  it('merges two speakers of a document: turns move, the label goes', async () => {
    const doc = await importTranscript(h, 'pilot.txt', PILOT_TRANSCRIPT + '\n[00:02:00] Mod: Thanks all.\n');
    const speakers = await speakersOf(doc);
    const mod = speakers.find((s) => s.label === 'Mod')!;
    const moderator = speakers.find((s) => s.label === 'Moderator')!;
    await call(h.session, 'speakers.merge', { from: mod.guid, into: moderator.guid });
    const info = await call(h.session, 'project.info', {});
    expect(info.documents[0]!.speakers.find((s) => s.label === 'Moderator')!.turns).toBe(3);
    expect(info.documents[0]!.speakers.map((s) => s.label)).not.toContain('Mod');
    await callFails(h.session, 'speakers.merge', { from: moderator.guid, into: moderator.guid }, 'INVALID_INPUT');
    const other = await importTranscript(h, 'other.txt', PILOT_TRANSCRIPT);
    const otherP1 = (await speakersOf(other)).find((s) => s.label === 'P1')!;
    await callFails(h.session, 'speakers.merge', { from: otherP1.guid, into: moderator.guid }, 'INVALID_INPUT');
  });
});

describe('participant registry', () => {
  it('creates, renames and deletes participants; labels are unique without case', async () => {
    const a = await call(h.session, 'participants.create', { label: '  Dev  ' });
    expect(a.label).toBe('Dev');
    await callFails(h.session, 'participants.create', { label: 'dev' }, 'CONFLICT');
    const renamed = await call(h.session, 'participants.update', { participant: a.guid, label: 'Devika' });
    expect(renamed.label).toBe('Devika');
    const doc = await importTranscript(h, 'pilot.txt', PILOT_TRANSCRIPT);
    const p1 = (await speakersOf(doc)).find((s) => s.label === 'P1')!;
    await call(h.session, 'speakers.update', { speaker: p1.guid, participant: a.guid });
    await call(h.session, 'participants.delete', { participant: a.guid });
    // The speaker stays, unmapped.
    expect((await speakersOf(doc)).find((s) => s.label === 'P1')!.participant).toBeNull();
    await call(h.session, 'history.undo', {});
    expect((await speakersOf(doc)).find((s) => s.label === 'P1')!.participant?.label).toBe('Devika');
  });
});

describe('import without speaker detection', () => {
  it('keeps the text and makes each paragraph a turn without a speaker', async () => {
    const file = writeFile(h.dir, 'pilot.txt', PILOT_TRANSCRIPT);
    const report = await call(h.session, 'documents.import', {
      sources: [{ kind: 'path', path: file, detectSpeakers: false }],
    });
    const doc = await call(h.session, 'documents.get', { document: report.files[0]!.document!.guid });
    expect(doc.speakers).toEqual([]);
    expect(doc.text).toBe(PILOT_TRANSCRIPT);
    expect(doc.turns.map((t) => doc.text.slice(t.start, t.end))).toEqual([
      'Pilot focus group\nRecorded 5 January 2026',
      '[00:00:05] Moderator: Welcome, everyone. Let us start with introductions.',
      '[00:00:12] P1: I am a second-year resident. I work nights mostly.',
      '[00:00:20] P2: Third year here 🙂 and I have been on days.',
      '[00:00:31] Moderator: What helps after a hard shift?',
      '[00:00:40] P1: Honestly, talking to my co-residents.',
      'It helps more than the official programme.',
      '[00:01:02] P2: For me it is the group chat.',
    ]);
  });
});

describe('documents.update', () => {
  it('renames a document; names stay unique without case', async () => {
    const a = await importTranscript(h, 'a.txt', PILOT_TRANSCRIPT);
    await importTranscript(h, 'b.txt', PILOT_TRANSCRIPT);
    const renamed = await call(h.session, 'documents.update', { document: a, name: 'Focus group 1' });
    expect(renamed.name).toBe('Focus group 1');
    await call(h.session, 'documents.update', { document: a, name: 'focus group 1' });
    await callFails(h.session, 'documents.update', { document: a, name: 'B' }, 'CONFLICT');
    await call(h.session, 'history.undo', {});
    await call(h.session, 'history.undo', {});
    expect((await call(h.session, 'documents.list', {})).map((d) => d.name)).toEqual(['a', 'b']);
  });
});
