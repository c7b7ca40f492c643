/**
 * Theme prevalence and the manuscript summary, on a small hand-built project whose answers are
 * known: three groups, a participant who speaks in two of them, an unmapped speaker, moderators.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/errors.js';
import { call, callFails, createHarness, importTranscript, type Harness } from './helpers.js';

const GROUP_A = [
  'Group A',
  '',
  '[00:00:05] Moderator: Welcome. What helps you after a hard shift in the department?',
  '',
  '[00:00:12] Ana: Talking to my co-residents helps the most, because they were there and they know what the night was like, honestly.',
  '',
  '[00:00:20] Ben: For me the group chat is where it happens, somebody posts a coffee emoji and we all pile in.',
  '',
  '[00:00:31] Moderator: And the official wellness programme?',
  '',
  '[00:00:40] Ana: The programme feels like a box to tick. Nobody goes.',
  '',
].join('\n');

const GROUP_B = [
  'Group B',
  '',
  '[00:00:03] Moderator: Tell me about support on your rotation.',
  '',
  '[00:00:09] Ana: When my attending told us about her own worst night, I finally felt allowed to say I was not fine.',
  '',
  '[00:00:15] Cy: I only ever message one friend from my intern year; the group chat is too loud for me.',
  '',
].join('\n');

const GROUP_C = ['Group C', '', '[00:00:02] Moderator: Shall we begin?', '', '[00:00:06] Dee: Sure, happy to.', ''].join('\n');

let h: Harness;
const docs: Record<string, { guid: string; text: string }> = {};
const codes: Record<string, string> = {};
const codings: Record<string, string> = {};

/** Codes the passage that is exactly `phrase` (or runs from `phrase` to `until`). */
async function code(group: string, codeName: string, phrase: string, until?: string): Promise<string> {
  const { guid, text } = docs[group]!;
  const start = text.indexOf(phrase);
  expect(start, phrase).toBeGreaterThanOrEqual(0);
  const end = until ? text.indexOf(until, start) + until.length : start + phrase.length;
  const r = await call(h.session, 'codings.apply', { document: guid, start, end, code: { guid: codes[codeName]! } });
  return r.coding.guid;
}

async function makeTheme(name: string, fields: { concept: string; status?: 'candidate' | 'reviewed' | 'defined'; example?: string }): Promise<void> {
  await call(h.session, 'codes.promote', { code: codes[name]! });
  await call(h.session, 'codes.update', {
    code: codes[name]!,
    centralConcept: fields.concept,
    status: fields.status ?? 'candidate',
    ...(fields.example ? { exampleCoding: fields.example } : {}),
  });
}

beforeAll(async () => {
  h = createHarness();
  await call(h.session, 'project.create', { path: h.file('themes.chorus'), title: 'Peer support pilot' });
  // Ana is registered first, so her speakers in A and B map to her; Ben, Cy and Dee stay unmapped.
  const ana = await call(h.session, 'participants.create', { label: 'Ana' });
  for (const [name, text] of [
    ['A', GROUP_A],
    ['B', GROUP_B],
    ['C', GROUP_C],
  ] as const) {
    const guid = await importTranscript(h, `group-${name.toLowerCase()}.txt`, text);
    await call(h.session, 'documents.update', { document: guid, name: `Group ${name}` });
    docs[name] = { guid, text: (await call(h.session, 'documents.get', { document: guid })).text };
  }
  const role = await call(h.session, 'attributes.define', { scope: 'participant', name: 'Role', type: 'text' });
  const site = await call(h.session, 'attributes.define', { scope: 'document', name: 'Site', type: 'text' });
  await call(h.session, 'attributes.setValues', {
    scope: 'participant',
    values: [{ owner: ana.guid, attribute: role.guid, value: 'Senior resident' }],
  });
  await call(h.session, 'attributes.setValues', {
    scope: 'document',
    values: [{ owner: docs.A!.guid, attribute: site.guid, value: 'Site North' }],
  });

  const create = async (name: string, parent?: string, definition = '') =>
    (codes[name] = (await call(h.session, 'codes.create', { name, definition, ...(parent ? { parent: codes[parent] } : {}) })).guid);
  await create('Peers get it', undefined, 'Support works when it comes from people who were there.');
  await create('Co-residents', 'Peers get it', 'Talking to fellow residents after a shift.');
  await create('Messaging', 'Peers get it');
  await create('Permission', undefined, 'Being allowed not to be fine.');
  await create('Seniors who disclose', 'Permission');
  await create('Tick-box wellness');
  await call(h.session, 'codes.update', {
    code: codes['Tick-box wellness']!,
    inclusion: 'Programmes described as formalities.',
    exclusion: 'Praise of a programme.',
  });

  codings.coResidents = await code('A', 'Co-residents', 'Talking to my co-residents helps the most');
  // The moderator's question: a coding of the theme, but no participant's words.
  codings.question = await code('A', 'Co-residents', 'What helps you after a hard shift');
  // From the end of Ana's turn into Ben's: both speak in it.
  codings.across = await code('A', 'Messaging', 'honestly.', 'the group chat is where it happens');
  codings.cy = await code('B', 'Messaging', 'I only ever message one friend', 'too loud for me.');
  codings.anaB = await code('B', 'Seniors who disclose', 'When my attending told us', 'I was not fine.');
  codings.box = await code('A', 'Tick-box wellness', 'The programme feels like a box to tick.');

  await makeTheme('Peers get it', { concept: 'Only those who shared the night can hold it.', example: codings.coResidents });
  await makeTheme('Messaging', { concept: 'Support at a distance, on the residents’ own terms.', status: 'reviewed' });
  await makeTheme('Permission', { concept: 'Vulnerability modelled from above makes asking safe.', status: 'defined' });
});
afterAll(() => h.cleanup());

describe('themes.prevalence', () => {
  it('counts groups and participants over a theme and everything below it', async () => {
    const all = await call(h.session, 'themes.prevalence', {});
    expect(all.map((p) => p.name)).toEqual(['Peers get it', 'Permission', 'Messaging']);
    const peers = all.find((p) => p.name === 'Peers get it')!;
    expect(peers).toMatchObject({ kind: 'theme', codings: 4, totalDocuments: 3 });
    expect(peers.documents).toEqual([
      { guid: docs.A!.guid, name: 'Group A', codings: 3 },
      { guid: docs.B!.guid, name: 'Group B', codings: 1 },
    ]);
    // The moderator's question counts as a coding but not as anyone's words; the passage across
    // Ana's and Ben's turns counts for both; Ben and Cy are unmapped speakers, counted as such.
    expect(peers.participants.map((p) => [p.label, p.codings, p.guid === null])).toEqual([
      ['Ana', 2, false],
      ['Ben', 1, true],
      ['Cy', 1, true],
    ]);
  });

  it('counts a participant once across the groups they speak in', async () => {
    const [permission] = await call(h.session, 'themes.prevalence', { theme: codes.Permission! });
    expect(permission!.participants.map((p) => p.label)).toEqual(['Ana']);
    expect(permission!.documents.map((d) => d.name)).toEqual(['Group B']);
  });

  it('reports a subtheme over its own codings, and a plain code when asked', async () => {
    const [messaging] = await call(h.session, 'themes.prevalence', { theme: codes.Messaging! });
    expect(messaging).toMatchObject({ codings: 2, kind: 'theme' });
    expect(messaging!.participants.map((p) => p.label)).toEqual(['Ana', 'Ben', 'Cy']);
    const [box] = await call(h.session, 'themes.prevalence', { theme: codes['Tick-box wellness']! });
    expect(box).toMatchObject({ kind: 'code', codings: 1, name: 'Tick-box wellness' });
    expect(box!.participants.map((p) => p.label)).toEqual(['Ana']);
  });

  it('answers NOT_FOUND for a guid that is no code', async () => {
    await callFails(h.session, 'themes.prevalence', { theme: '00000000-0000-4000-8000-00000000dead' }, ErrorCode.NOT_FOUND);
  });
});

describe('export.themes as Markdown', () => {
  let md: string;
  beforeAll(async () => {
    const r = await call(h.session, 'export.themes', { format: 'themes-md' });
    expect(r).toMatchObject({ path: null, encoding: 'utf8', mediaType: 'text/markdown', fileName: 'Peer support pilot - themes.md' });
    md = r.content!;
    if (process.env.SHOW_MD) console.log(md);
  });

  it('writes each theme with its status, concept, definition, prevalence and subthemes', () => {
    expect(md.split('\n')[0]).toBe('# Themes: Peer support pilot');
    expect(md).toContain('phase 1 of 6 (familiarisation) · 2 themes');
    expect(md).toContain('## 1. Peers get it\n\n*Candidate theme · in 2 of 3 focus groups, 3 participants · 4 codings*');
    expect(md).toContain('**Central organising concept:** Only those who shared the night can hold it.');
    expect(md).toContain('Support works when it comes from people who were there.');
    expect(md).toContain('### 1.1. Messaging\n\n*Reviewed subtheme · in 2 of 3 focus groups, 3 participants · 2 codings*');
    expect(md).toContain('## 2. Permission\n\n*Defined theme · in 1 of 3 focus groups, 1 participant · 1 coding*');
    expect(md).toContain('Codes: Co-residents (2)');
    expect(md.indexOf('## 1. Peers get it')).toBeLessThan(md.indexOf('### 1.1. Messaging'));
  });

  it('quotes the example coding first, in the speaker’s words only, attributed by role and group', () => {
    const peers = md.slice(md.indexOf('## 1. Peers get it'), md.indexOf('### 1.1.'));
    const quotes = [...peers.matchAll(/^> “(.*)”\n>\n> — (.*)$/gm)].map((m) => [m[1], m[2]]);
    expect(quotes[0]).toEqual(['Talking to my co-residents helps the most…', 'Senior resident, Group A']);
    // No quote of the moderator's question, none repeated in the subtheme.
    expect(md).not.toContain('What helps you after a hard shift');
    const all = [...md.matchAll(/^> “(.*)”$/gm)].map((m) => m[1]);
    expect(new Set(all).size).toBe(all.length);
    // The passage across two turns is quoted as Ben's words only (he speaks most of it).
    const across = all.find((q) => q!.includes('group chat is where'));
    if (across) expect(across).toBe('For me the group chat is where it happens…');
  });

  it('ends with the codebook as a table, codes under their themes', () => {
    const appendix = md.slice(md.indexOf('## Appendix: codebook'));
    expect(appendix).toContain('| Code | Theme | Definition | Inclusion and exclusion | Codings (groups) |');
    expect(appendix).toContain('| Co-residents | Peers get it | Talking to fellow residents after a shift. | — | 2 (1) |');
    // A subtheme is a theme, not a code of the codebook.
    expect(appendix).not.toContain('| Messaging |');
    expect(appendix).toContain(
      '| Tick-box wellness | — | — | Include: Programmes described as formalities. Exclude: Praise of a programme. | 1 (1) |',
    );
  });
});

describe('attribution templates', () => {
  const quotesWith = async (attribution: string) => {
    const r = await call(h.session, 'export.themes', { format: 'themes-md', attribution, exemplars: { perTheme: 5, perSubtheme: 5 } });
    return [...r.content!.matchAll(/^> “(.*)”\n>\n> — (.*)$/gm)].map((m) => ({ text: m[1]!, by: m[2]! }));
  };

  it('names participants by their pseudonym, never by the label the transcript used', async () => {
    const ana = (await call(h.session, 'participants.list', {})).find((p) => p.label === 'Ana')!;
    await call(h.session, 'participants.update', { participant: ana.guid, label: 'P07' });
    try {
      const quotes = await quotesWith('{participant} ({attribute:role}), {document}');
      const mine = quotes.find((q) => q.text.startsWith('Talking to my co-residents'))!;
      expect(mine.by).toBe('P07 (Senior resident), Group A');
      // Unmapped speakers can only be named by their label; without a role attribute, the group role.
      const cy = quotes.find((q) => q.text.startsWith('I only ever message'))!;
      expect(cy.by).toBe('Cy, Group B');
    } finally {
      await call(h.session, 'participants.update', { participant: ana.guid, label: 'Ana' });
    }
  });

  it('fills document attributes and drops the separator of an empty value', async () => {
    const quotes = await quotesWith('{role}, {attribute:site}');
    expect(quotes.find((q) => q.text.startsWith('Talking to my'))!.by).toBe('Senior resident, Site North');
    expect(quotes.find((q) => q.text.startsWith('I only ever message'))!.by).toBe('Participant');
  });

  it('refuses an unknown placeholder', async () => {
    const e = await callFails(h.session, 'export.themes', { format: 'themes-md', attribution: '{name}' }, ErrorCode.INVALID_INPUT);
    expect(e.message).toContain('{name}');
  });

  it('shortens long quotes at a word boundary', async () => {
    const r = await call(h.session, 'export.themes', { format: 'themes-md', exemplars: { maxChars: 40 } });
    const quotes = [...r.content!.matchAll(/^> “(.*)”$/gm)].map((m) => m[1]!);
    expect(quotes.length).toBeGreaterThan(0);
    for (const q of quotes) {
      expect(q.length).toBeLessThanOrEqual(40);
      if (q.endsWith('…')) expect(q).toMatch(/\p{L}…$/u);
    }
  });
});

function hasProgram(name: string): boolean {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const canConvert = hasProgram('soffice') && hasProgram('pdftotext');

describe('export.themes as a Word document', () => {
  it.skipIf(!canConvert)(
    'writes a .docx that LibreOffice opens, holding the themes and the quotes',
    async () => {
      const out = h.file('themes.docx');
      const r = await call(h.session, 'export.themes', { format: 'themes-docx', path: out });
      expect(r).toMatchObject({ path: out, content: null, encoding: 'base64', fileName: 'Peer support pilot - themes.docx' });
      expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
      // A profile of its own, so parallel or leftover LibreOffice runs never share one.
      const profile = h.file('lo-profile');
      execFileSync(
        'soffice',
        [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', h.dir, out],
        { stdio: 'pipe', timeout: 110_000 },
      );
      const pdf = path.join(h.dir, 'themes.pdf');
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-']).toString('utf8').replace(/\s+/g, ' ');
      for (const s of [
        'Themes: Peer support pilot',
        '1. Peers get it',
        '1.1. Messaging',
        '2. Permission',
        'Only those who shared the night can hold it.',
        '“Talking to my co-residents helps the most…”',
        '— Senior resident, Group A',
        'Appendix: codebook',
        'Tick-box wellness',
      ]) {
        expect(text, s).toContain(s);
      }
    },
    120_000,
  );

  if (!canConvert) it('skips the LibreOffice check: soffice or pdftotext is not installed', () => {});

  it('returns the document as base64 when no path is given', async () => {
    const r = await call(h.session, 'export.themes', { format: 'themes-docx' });
    expect(r.path).toBeNull();
    expect(Buffer.from(r.content!, 'base64').subarray(0, 2).toString()).toBe('PK');
  });

  it('reports IO_ERROR when the file cannot be written', async () => {
    await callFails(h.session, 'export.themes', { format: 'themes-docx', path: h.file('no/such/dir/t.docx') }, ErrorCode.IO_ERROR);
  });
});
