import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/errors.js';
import type { DocumentDetail, ProjectInfo } from '../../shared/types.js';
import { LATEST_VERSION } from '../../electron/core/store/migrations/index.js';
import { call, callFails, createHarness, dbOf, expectConsistent, type Harness } from './helpers.js';

interface StudyJson {
  title: string;
  documents: { file: string; name: string; attributes: Record<string, string | number> }[];
  participants: { label: string; role: string }[];
}

let h: Harness;
let file: string;
let info: ProjectInfo;
let details: DocumentDetail[];
let study: StudyJson;

beforeAll(async () => {
  h = createHarness();
  study = JSON.parse(fs.readFileSync(path.join(h.env.demoDir, 'study.json'), 'utf8')) as StudyJson;
  file = h.file('demo.chorus');
  info = await call(h.session, 'project.createDemo', { path: file });
  const docs = await call(h.session, 'documents.list', {});
  details = await Promise.all(docs.map((d) => call(h.session, 'documents.get', { document: d.guid })));
});
afterAll(() => h.cleanup());

describe('project.createDemo', () => {
  it('creates and opens the demo study', async () => {
    expect(info.path).toBe(file);
    expect(info.title).toBe(study.title);
    expect(info.schemaVersion).toBe(LATEST_VERSION);
    expect((await call(h.session, 'project.current', {})).path).toBe(file);
    expect(fs.existsSync(file)).toBe(true);
    expectConsistent(dbOf(h.session));
  });

  it('has 4 documents, 19 participants and 12 codes', () => {
    expect(info.counts).toMatchObject({ documents: 4, participants: 19, codes: 12, codings: 0, memos: 0 });
    expect(info.documents.map((d) => d.name)).toEqual([
      'Focus group 1 (Site A)',
      'Focus group 2 (Site A)',
      'Focus group 3 (Site B)',
      'Focus group 4 (Site B)',
    ]);
  });

  it('keeps each transcript between 2,000 and 4,000 words', async () => {
    const docs = await call(h.session, 'documents.list', {});
    for (const d of docs) {
      expect(d.words, d.name).toBeGreaterThanOrEqual(2000);
      expect(d.words, d.name).toBeLessThanOrEqual(4000);
      expect(d.sourceFormat).toBe('txt');
    }
  });

  it('maps every speaker to a participant: no unmapped speaker', () => {
    const speakers = details.flatMap((d) => d.speakers);
    expect(speakers).toHaveLength(info.counts.speakers);
    expect(speakers.filter((s) => s.participant === null).map((s) => s.label)).toEqual([]);
    for (const s of speakers) expect(s.participant!.label).toBe(s.label);
    // Every participant of the study speaks somewhere, in exactly one group.
    const labels = speakers.map((s) => s.label).sort();
    expect(labels).toEqual(study.participants.map((p) => p.label).sort());
  });

  it('gives speakers their roles: the moderators are the Dr. ones, one per group, its facilitator', () => {
    for (const [i, d] of details.entries()) {
      const moderators = d.speakers.filter((s) => s.role === 'moderator').map((s) => s.label);
      expect(moderators).toEqual([study.documents[i]!.attributes.facilitator]);
      for (const s of d.speakers) {
        expect(s.role, s.label).toBe(s.label.startsWith('Dr. ') ? 'moderator' : 'participant');
      }
    }
  });

  it('reports per document its speakers with their turn counts', () => {
    for (const [i, doc] of info.documents.entries()) {
      const detail = details[i]!;
      expect(doc.guid).toBe(detail.document.guid);
      expect(doc.turns).toBe(detail.turns.length);
      expect(doc.speakers.map((s) => s.label)).toEqual(detail.speakers.map((s) => s.label));
      for (const s of doc.speakers) {
        const guid = detail.speakers.find((x) => x.label === s.label)!.guid;
        expect(s.turns, s.label).toBe(detail.turns.filter((t) => t.speakerGuid === guid).length);
        expect(s.turns, s.label).toBeGreaterThan(0);
      }
      // The header is the one turn without a speaker.
      expect(doc.turns).toBe(doc.speakers.reduce((n, s) => n + s.turns, 0) + 1);
      expect(doc.speakers.length).toBeGreaterThanOrEqual(4);
    }
    const total = info.documents.reduce((n, d) => n + d.turns, 0);
    expect(info.counts.turns).toBe(total);
  });

  it('parses the transcripts: a header turn, then timed turns whose spans hold no label', () => {
    for (const d of details) {
      const [header, ...turns] = d.turns;
      expect(header!.speakerGuid).toBeNull();
      expect(d.text.slice(header!.start, header!.end)).toMatch(/^Focus group \d/);
      expect(turns[0]!.timeStart).toBeGreaterThanOrEqual(0);
      let previous = -1;
      for (const t of turns) {
        const spoken = d.text.slice(t.start, t.end);
        expect(t.speakerGuid).not.toBeNull();
        expect(spoken).not.toMatch(/^\[\d\d:\d\d:\d\d\]/);
        expect(spoken).toBe(spoken.trim());
        expect(spoken.length).toBeGreaterThan(0);
        expect(t.timeStart).not.toBeNull();
        expect(t.timeStart!).toBeGreaterThan(previous);
        previous = t.timeStart!;
      }
    }
    // The first words of the first group, as written in the file.
    const fg1 = details[0]!;
    const first = fg1.turns[1]!;
    expect(first.timeStart).toBe(4);
    expect(fg1.text.slice(first.start, first.end)).toMatch(/^Okay, I think we're recording\./);
  });

  it('is built through the command log, and can be undone step by step', async () => {
    const log = await call(h.session, 'history.list', {});
    expect(log.map((e) => e.summary)).toEqual([
      'Created the starter codebook',
      'Registered 19 participants and mapped their speakers',
      'Imported 4 transcripts',
    ]);
    // Use a copy, so the other tests keep the demo as created.
    const s = h.newSession();
    await call(s, 'project.createDemo', { path: h.file('demo-undo.chorus') });
    await call(s, 'history.undo', {});
    expect((await call(s, 'project.info', {})).counts).toMatchObject({ codes: 0, participants: 19, documents: 4 });
    await call(s, 'history.undo', {});
    const unmapped = await call(s, 'project.info', {});
    expect(unmapped.counts).toMatchObject({ participants: 0, documents: 4 });
    // Roles were proposed at import already (the facilitator opens and asks the questions).
    expect(
      unmapped.documents.flatMap((d) => d.speakers).filter((sp) => sp.role === 'moderator').map((sp) => sp.label),
    ).toEqual(['Dr. Okafor', 'Dr. Lee', 'Dr. Alvarez', 'Dr. Bennett']);
    await call(s, 'history.undo', {});
    expect((await call(s, 'project.info', {})).counts).toMatchObject({ documents: 0, speakers: 0, turns: 0 });
    expectConsistent(dbOf(s));
    await callFails(s, 'history.undo', {}, ErrorCode.NOTHING_TO_UNDO);
  });

  it('refuses to write the demo over an existing file', async () => {
    const s = h.newSession();
    const before = fs.readFileSync(file);
    await callFails(s, 'project.createDemo', { path: file }, ErrorCode.CONFLICT);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});

describe('export.codebook', () => {
  it('writes the codebook as Markdown to the path given', async () => {
    const out = h.file('codebook.md');
    const r = await call(h.session, 'export.codebook', { format: 'codebook-md', path: out });
    expect(r).toEqual({
      path: out,
      content: null,
      mediaType: 'text/markdown',
      fileName: `${study.title} - codebook.md`,
    });
    const md = fs.readFileSync(out, 'utf8');
    expect(md.split('\n')[0]).toBe(`# Codebook: ${study.title}`);
    expect(md).toContain('· 12 codes');
    const codes = await call(h.session, 'codes.list', {});
    expect(codes).toHaveLength(12);
    for (const c of codes) expect(md).toContain(`${c.parentGuid ? '###' : '##'} ${c.name}\n`);
    expect(md).toContain('*Informal peer support › Hallway check-ins*');
    expect(md).toContain('*Barriers to seeking support › Stigma and fear of judgement*');
    expect(md).toContain(
      '**Definition:** Unplanned, resident-initiated acts of support between peers, outside any official programme.',
    );
    expect(md).toContain('Code · colour #7CCB9A · 0 codings in 0 documents');

    // Without a path the same Markdown comes back as content.
    const inline = await call(h.session, 'export.codebook', { format: 'codebook-md' });
    expect(inline.path).toBeNull();
    expect(inline.content).toBe(md);
  });

  it('counts codings once some are applied', async () => {
    const s = h.newSession();
    await call(s, 'project.createDemo', { path: h.file('demo-coded.chorus') });
    const [doc] = await call(s, 'documents.list', {});
    const code = (await call(s, 'codes.list', {})).find((c) => c.name === 'Hallway check-ins')!;
    await call(s, 'codings.apply', { document: doc!.guid, start: 100, end: 200, code: { guid: code.guid } });
    await call(s, 'codings.apply', { document: doc!.guid, start: 300, end: 400, code: { guid: code.guid } });
    const r = await call(s, 'export.codebook', { format: 'codebook-md' });
    expect(r.content).toContain('Code · colour #B9D77A · 2 codings in 1 document');
  });

  it('reports IO_ERROR when the file cannot be written', async () => {
    await callFails(
      h.session,
      'export.codebook',
      { format: 'codebook-md', path: h.file('no/such/folder/codebook.md') },
      ErrorCode.IO_ERROR,
    );
  });
});
