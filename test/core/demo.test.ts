import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/errors.js';
import type { DocumentDetail, ProjectInfo } from '../../shared/types.js';
import { findAnchor } from '../../electron/core/projects/demo-analysis.js';
import { LATEST_VERSION } from '../../electron/core/store/migrations/index.js';
import { call, callFails, createHarness, dbOf, expectConsistent, type Harness } from './helpers.js';

interface AnalysisJson {
  codings: Record<string, { code: string; quote: string }[]>;
  journal: { phase: number; title: string; links: unknown[] }[];
  memos: unknown[];
}

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
let analysis: AnalysisJson;

beforeAll(async () => {
  h = createHarness();
  study = JSON.parse(fs.readFileSync(path.join(h.env.demoDir, 'study.json'), 'utf8')) as StudyJson;
  analysis = JSON.parse(fs.readFileSync(path.join(h.env.demoDir, 'analysis.json'), 'utf8')) as AnalysisJson;
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

  it('has 4 documents, 19 participants, 35 codes in 12 themes and subthemes, 188 codings and 12 memos', () => {
    expect(info.counts).toMatchObject({ documents: 4, participants: 19, codes: 47, codings: 188, memos: 12 });
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
      'Wrote 6 journal entries and 6 memos',
      'Coded 188 passages across the 4 focus groups',
      'Created the codebook and 4 candidate themes',
      'Registered 19 participants and mapped their speakers',
      'Imported 4 transcripts',
    ]);
    // Use a copy, so the other tests keep the demo as created.
    const s = h.newSession();
    await call(s, 'project.createDemo', { path: h.file('demo-undo.chorus') });
    await call(s, 'history.undo', {});
    expect((await call(s, 'project.info', {})).counts).toMatchObject({ memos: 0, codings: 188 });
    await call(s, 'history.undo', {});
    expect((await call(s, 'project.info', {})).counts).toMatchObject({ codings: 0, codes: 47 });
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

  it('without its analysis: the same transcripts, participants and codebook, nothing coded or written', async () => {
    const s = h.newSession();
    const bare = await call(s, 'project.createDemo', { path: h.file('bare.chorus'), analysis: false });
    expect(bare.counts).toMatchObject({ documents: 4, participants: 19, codes: 47, codings: 0, memos: 0 }); // 35 codes and 12 themes
    expect(bare.phase).toBe(1);
    expect((await call(s, 'codes.list', {})).filter((c) => c.kind === 'theme')).toHaveLength(12);
  });
});

describe('the worked analysis', () => {
  it('codes every group, each coding covering exactly the phrase it is anchored on', async () => {
    const codes = await call(h.session, 'codes.list', {});
    const codeName = new Map(codes.map((c) => [c.guid, c.name]));
    const perGroup: number[] = [];
    for (const d of details) {
      const segments = await call(h.session, 'codings.list', { document: d.document.guid });
      perGroup.push(segments.length);
      const actual = segments.map((c) => `${codeName.get(c.codeGuid)} | ${d.text.slice(c.start, c.end)}`).sort();
      const anchored = analysis.codings[d.document.name]!.map((c) => `${c.code} | ${c.quote}`).sort();
      expect(actual, d.document.name).toEqual(anchored);
    }
    expect(perGroup).toEqual([49, 50, 46, 43]);
  });

  it('has four candidate themes with subthemes grouping 35 codes, a concept and a definition each', () => {
    const rows = dbOf(h.session)
      .prepare(
        `SELECT c.name, c.kind, c.status, c.central_concept AS concept, c.definition, c.example_coding_guid AS example,
                p.kind AS parentKind
         FROM codes c LEFT JOIN codes p ON p.id = c.parent_id`,
      )
      .all() as { name: string; kind: string; status: string | null; concept: string; definition: string; example: string | null; parentKind: string | null }[];
    const themes = rows.filter((r) => r.kind === 'theme' && r.parentKind === null);
    const subthemes = rows.filter((r) => r.kind === 'theme' && r.parentKind === 'theme');
    expect(themes.map((t) => t.name)).toEqual([
      'Support has to be safe to ask for',
      'Someone has to go first',
      'Support lives in the gaps of the shift',
      'Wellness that costs nothing changes nothing',
    ]);
    expect(subthemes).toHaveLength(8);
    expect(rows.filter((r) => r.kind === 'code')).toHaveLength(35);
    for (const t of [...themes, ...subthemes]) {
      expect(t.status, t.name).toBe('candidate');
      expect(t.concept.length, t.name).toBeGreaterThan(20);
      expect(t.definition.length, t.name).toBeGreaterThan(20);
    }
    for (const t of themes) expect(t.example, t.name).not.toBeNull();
    // Every example is a coding of something inside its theme.
    const outside = dbOf(h.session)
      .prepare(
        `WITH RECURSIVE up(theme, id) AS (
           SELECT t.id, x.code_id FROM codes t JOIN codings x ON x.guid = t.example_coding_guid
           UNION ALL SELECT up.theme, c.parent_id FROM up JOIN codes c ON c.id = up.id WHERE c.parent_id IS NOT NULL)
         SELECT name FROM codes WHERE example_coding_guid IS NOT NULL AND id NOT IN (SELECT theme FROM up WHERE theme = id)`,
      )
      .all();
    expect(outside).toEqual([]);
  });

  it('keeps a journal across phases 1 to 3, linked to codes, themes and groups, and is in phase 3', async () => {
    const journal = await call(h.session, 'memos.list', { kind: 'journal' });
    expect(journal.map((m) => m.title)).toEqual(analysis.journal.map((j) => j.title));
    const db = dbOf(h.session);
    const phases = db.prepare(`SELECT phase FROM memos WHERE kind = 'journal' ORDER BY created_at`).all() as { phase: number }[];
    expect(phases.map((p) => p.phase)).toEqual([1, 1, 2, 2, 3, 3]);
    const links = db
      .prepare(
        `SELECT l.target_guid AS target,
                EXISTS (SELECT 1 FROM codes WHERE guid = l.target_guid) OR EXISTS (SELECT 1 FROM documents WHERE guid = l.target_guid) AS found
         FROM memo_links l`,
      )
      .all() as { found: number }[];
    expect(links).toHaveLength(analysis.journal.reduce((n, j) => n + j.links.length, 0));
    expect(links.every((l) => l.found === 1)).toBe(true);
    expect((db.prepare(`SELECT phase FROM project`).get() as { phase: number }).phase).toBe(3);
    const others = (await call(h.session, 'memos.list', {})).filter((m) => m.kind !== 'journal');
    expect(others.map((m) => m.kind).sort()).toEqual(['code', 'code', 'code', 'segment', 'segment', 'theme']);
  });

  it('exports its themes with prevalence and quotes', async () => {
    const r = await call(h.session, 'export.themes', { format: 'themes-md' });
    expect(r.content).toContain('## 1. Support has to be safe to ask for\n\n*Candidate theme · in 4 of 4 focus groups');
    expect(r.content).toContain('> “The people who get it are the people who grade you.”\n>\n> — Resident, Focus group 3 (Site B)');
  });

  it('refuses an anchor that is missing or ambiguous, naming the phrase', () => {
    const text = 'I said okay. Then I said okay again.';
    expect(findAnchor(text, 'Then I said', 'G')).toEqual({ start: 13, end: 24 });
    expect(() => findAnchor(text, 'not there', 'G')).toThrow(/"not there" is not in G/);
    expect(() => findAnchor(text, 'said okay', 'G')).toThrow(/"said okay" occurs more than once in G/);
  });

  it('does not write the demo when its analysis has a phrase the transcript lacks', async () => {
    const dir = h.file('broken-demo');
    fs.cpSync(h.env.demoDir, dir, { recursive: true });
    const broken = JSON.parse(fs.readFileSync(path.join(dir, 'analysis.json'), 'utf8')) as AnalysisJson;
    broken.codings['Focus group 2 (Site A)']![0]!.quote = 'A sentence nobody said.';
    fs.writeFileSync(path.join(dir, 'analysis.json'), JSON.stringify(broken));
    const other = createHarness({ demoDir: dir });
    try {
      const e = await callFails(other.session, 'project.createDemo', { path: other.file('d.chorus') }, ErrorCode.CORRUPT_FILE);
      expect(e.message).toContain('"A sentence nobody said." is not in Focus group 2 (Site A)');
      expect(fs.existsSync(other.file('d.chorus'))).toBe(false);
    } finally {
      other.cleanup();
    }
  });
});

describe('export.codebook', () => {
  it('writes the codebook as Markdown to the path given', async () => {
    const out = h.file('codebook.md');
    const r = await call(h.session, 'export.codebook', { format: 'codebook-md', path: out });
    expect(r).toEqual({
      path: out,
      content: null,
      encoding: 'utf8',
      mediaType: 'text/markdown',
      fileName: `${study.title} - codebook.md`,
    });
    const md = fs.readFileSync(out, 'utf8');
    expect(md.split('\n')[0]).toBe(`# Codebook: ${study.title}`);
    expect(md).toContain('· 47 codes');
    const codes = await call(h.session, 'codes.list', {});
    expect(codes).toHaveLength(47);
    const depth = (c: (typeof codes)[number]): number => {
      const parent = codes.find((p) => p.guid === c.parentGuid);
      return parent ? depth(parent) + 1 : 0;
    };
    for (const c of codes) expect(md).toContain(`${'#'.repeat(Math.min(depth(c) + 2, 6))} ${c.name}\n`);
    expect(md).toContain('*Support lives in the gaps of the shift › Small signals › Hallway check-ins*');
    expect(md).toContain('*Support has to be safe to ask for › Asking as a mark against you › Stigma and fear of judgement*');
    expect(md).toContain('**Definition:** Concrete proposals from residents for improving peer support in their programme.');
    expect(md).toContain('Code · colour #B4BCCB · 12 codings in 4 documents');

    // Without a path the same Markdown comes back as content.
    const inline = await call(h.session, 'export.codebook', { format: 'codebook-md' });
    expect(inline.path).toBeNull();
    expect(inline.content).toBe(md);
  });

  it('counts codings once some are applied', async () => {
    const s = h.newSession();
    await call(s, 'project.createDemo', { path: h.file('demo-coded.chorus') });
    const [doc] = await call(s, 'documents.list', {});
    const code = (await call(s, 'codes.list', {})).find((c) => c.name === 'Consultant contempt')!;
    await call(s, 'codings.apply', { document: doc!.guid, start: 100, end: 200, code: { guid: code.guid } });
    await call(s, 'codings.apply', { document: doc!.guid, start: 300, end: 400, code: { guid: code.guid } });
    const r = await call(s, 'export.codebook', { format: 'codebook-md' });
    // Three codings in group 4 come with the demo.
    expect(r.content).toContain('Code · colour #D98C8C · 5 codings in 2 documents');
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
