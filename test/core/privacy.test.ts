/**
 * Pseudonyms and redactions: the list's commands with undo and redo, proposals (the demo study and
 * a hand-made transcript), and every export format written pseudonymised and redacted, read back
 * as a reader would (Word through mammoth, workbooks through ExcelJS, .qdpx unzipped).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { disclose, NameMatcher, REDACTION_MARK } from '../../shared/disclose.js';
import { ErrorCode } from '../../shared/errors.js';
import type { Pseudonym } from '../../shared/privacy.js';
import { call, callFails, createHarness, importTranscript, type Harness } from './helpers.js';
import { HAVE_FIXTURES, HAVE_XMLLINT, schemaErrors, selectionsOf, unzip } from './refi-helpers.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.cleanup());

/** An independent check of "a real name is in this text": whole word, any case. */
function containsName(text: string, name: string): boolean {
  const words = name.trim().split(/\s+/u).map((w) => w.replace(/[.*+?^${}()|[\]\\/-]/gu, '\\$&').replace(/['’]/gu, "['’]"));
  return new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])${words.join('\\s+')}(?![\\p{L}\\p{N}\\p{M}])`, 'iu').test(text.normalize('NFC'));
}

const WARD = [
  'Ward debrief, March',
  '',
  '[00:00:05] Interviewer: Welcome. Tell me about the night shifts.',
  '',
  "[00:00:12] Dr. Maria Lopez: I trained at St. Mary's Hospital before coming here. Renée was my senior there, and Renée still calls me after a bad night.",
  '',
  "[00:00:30] José Núñez: Like Maria said, the night team is small. I phone Renée too, and I ring Maria when the Elm Road clinic is quiet. Maria's advice helped.",
  '',
  "[00:00:48] Interviewer: Anything else about St. Mary's Hospital?",
  '',
  '[00:00:55] José Núñez: The locker room at the back of the annex, where we cried after the Tuesday code. We never told anyone.',
  '',
].join('\n');

describe('the list of pseudonyms', () => {
  it('adds, refuses duplicates and pseudonyms that are real names, updates, removes, and undoes', async () => {
    await call(h.session, 'project.create', { path: h.file('p.chorus') });
    const [maria] = await call(h.session, 'privacy.addPseudonyms', {
      entries: [{ realName: '  Maria   Lopez ', pseudonym: 'Participant 3', category: 'person' }],
    });
    expect(maria).toMatchObject({ realName: 'Maria Lopez', pseudonym: 'Participant 3', category: 'person' });
    const dup = await callFails(h.session, 'privacy.addPseudonyms', { entries: [{ realName: 'MARIA LOPEZ', pseudonym: 'X' }] }, ErrorCode.CONFLICT);
    expect(dup.message).toContain('Maria Lopez');
    await callFails(h.session, 'privacy.addPseudonyms', { entries: [{ realName: 'José', pseudonym: 'maria lopez' }] }, ErrorCode.INVALID_INPUT);
    await callFails(h.session, 'privacy.addPseudonyms', { entries: [{ realName: 'José', pseudonym: 'Dr Maria Lopez' }] }, ErrorCode.INVALID_INPUT);
    // A real name an existing pseudonym contains is refused too.
    await callFails(h.session, 'privacy.addPseudonyms', { entries: [{ realName: 'Participant', pseudonym: 'Y' }] }, ErrorCode.INVALID_INPUT);
    await callFails(h.session, 'privacy.addPseudonyms', { entries: [{ realName: '---', pseudonym: 'Y' }] }, ErrorCode.INVALID_INPUT);
    await callFails(h.session, 'privacy.addPseudonyms', { entries: [{ realName: 'José', pseudonym: 'A' }, { realName: 'JOSÉ', pseudonym: 'B' }] }, ErrorCode.CONFLICT);

    const added = await call(h.session, 'privacy.addPseudonyms', {
      entries: [
        { realName: 'José', pseudonym: 'Participant 4' },
        { realName: "St. Mary's Hospital", pseudonym: '[Hospital A]', category: 'organisation' },
      ],
    });
    expect(added).toHaveLength(2);
    const updated = await call(h.session, 'privacy.updatePseudonym', { pseudonym: added[0]!.guid, pseudonymText: 'Participant 7' });
    expect(updated.pseudonym).toBe('Participant 7');
    await callFails(h.session, 'privacy.updatePseudonym', { pseudonym: added[0]!.guid, realName: 'maria lopez' }, ErrorCode.CONFLICT);
    await call(h.session, 'privacy.removePseudonym', { pseudonym: maria!.guid });
    const names = (list: Pseudonym[]) => list.map((p) => `${p.realName}=${p.pseudonym}`);
    expect(names(await call(h.session, 'privacy.pseudonyms', {}))).toEqual(['José=Participant 7', "St. Mary's Hospital=[Hospital A]"]);

    await call(h.session, 'history.undo', {});
    expect(names(await call(h.session, 'privacy.pseudonyms', {}))).toContain('Maria Lopez=Participant 3');
    await call(h.session, 'history.undo', {});
    expect(names(await call(h.session, 'privacy.pseudonyms', {}))).toContain('José=Participant 4');
    await call(h.session, 'history.undo', {});
    expect(names(await call(h.session, 'privacy.pseudonyms', {}))).toEqual(['Maria Lopez=Participant 3']);
    await call(h.session, 'history.redo', {});
    await call(h.session, 'history.redo', {});
    await call(h.session, 'history.redo', {});
    expect(names(await call(h.session, 'privacy.pseudonyms', {}))).toEqual(['José=Participant 7', "St. Mary's Hospital=[Hospital A]"]);
    const log = await call(h.session, 'history.list', { limit: 10 });
    expect(log[0]!.summary).toBe('Removed "Maria Lopez" from the pseudonyms');
  });
});

describe('redactions', () => {
  it('merges overlapping passages, lists, removes, and undoes', async () => {
    await call(h.session, 'project.create', { path: h.file('p.chorus') });
    const doc = await importTranscript(h, 'ward.txt', WARD);
    const at = WARD.indexOf('The locker room');
    const a = await call(h.session, 'privacy.redact', { document: doc, start: at, end: at + 15 });
    expect(a.text).toBe('The locker room');
    const b = await call(h.session, 'privacy.redact', { document: doc, start: at + 10, end: at + 30 });
    expect(b.guid).toBe(a.guid);
    expect(b.text).toBe('The locker room at the back of');
    await call(h.session, 'privacy.redact', { document: doc, start: 0, end: 4 });
    expect((await call(h.session, 'privacy.redactions', { document: doc })).map((r) => r.text)).toEqual(['Ward', 'The locker room at the back of']);
    await callFails(h.session, 'privacy.redact', { document: doc, start: 5, end: WARD.length + 5 }, ErrorCode.INVALID_INPUT);
    await call(h.session, 'privacy.unredact', { redaction: a.guid });
    expect((await call(h.session, 'privacy.redactions', {})).map((r) => r.text)).toEqual(['Ward']);
    await call(h.session, 'history.undo', {});
    expect((await call(h.session, 'privacy.redactions', {})).map((r) => r.text)).toEqual(['Ward', 'The locker room at the back of']);
    await call(h.session, 'history.undo', {});
    await call(h.session, 'history.undo', {});
    expect((await call(h.session, 'privacy.redactions', {})).map((r) => r.text)).toEqual(['The locker room']);
  });
});

describe('proposals', () => {
  it('come from speakers (titles off, names whole and in parts) and from recurring capitalised words', async () => {
    await call(h.session, 'project.create', { path: h.file('p.chorus') });
    await importTranscript(h, 'ward.txt', WARD);
    const proposals = await call(h.session, 'privacy.propose', {});
    const by = new Map(proposals.map((p) => [p.realName, p]));
    expect([...by.keys()]).not.toContain('Interviewer');
    expect(by.get('Maria Lopez')).toMatchObject({ source: 'speaker', category: 'person', pseudonym: 'Participant 1' });
    expect(by.get('Dr. Maria Lopez')).toMatchObject({ source: 'speaker', pseudonym: 'Participant 1', count: 1 });
    expect(by.get('Maria')).toMatchObject({ source: 'speaker', pseudonym: 'Participant 1' });
    expect(by.get('Maria')!.count).toBe(3);
    expect(by.get('Lopez')).toBeDefined();
    expect(by.get('José Núñez')).toMatchObject({ pseudonym: 'Participant 2' });
    expect(by.get("St. Mary's Hospital")).toMatchObject({ source: 'text', category: 'organisation', pseudonym: '[Hospital A]', count: 2 });
    expect(by.get('Renée')).toMatchObject({ source: 'text', category: 'person', count: 3 });
    expect(by.get('Renée')!.documents).toEqual(['ward']);
    expect(by.get('Renée')!.example).toContain('Renée was my senior');
    expect([...by.keys()]).not.toContain('Tuesday');
    expect([...by.keys()]).not.toContain('Like');

    // Accepted names drop out of the proposals.
    await call(h.session, 'privacy.addPseudonyms', { entries: [{ realName: 'renée', pseudonym: 'Participant 9' }] });
    const after = await call(h.session, 'privacy.propose', {});
    expect(after.map((p) => p.realName)).not.toContain('Renée');
    expect(after.find((p) => p.realName === 'Maria')!.pseudonym).toBe('Participant 1');
  });

  it('of the demo study name its participants and facilitators', async () => {
    await call(h.session, 'project.createDemo', { path: h.file('demo.chorus') });
    const proposals = await call(h.session, 'privacy.propose', {});
    const names = proposals.map((p) => p.realName);
    for (const n of ['Maya', 'Tomás', 'Zoë', 'Kwame', 'Okafor', 'Bennett']) expect(names).toContain(n);
    // "Facilitator: Dr. Okafor" heads each transcript: a role, not a name.
    expect(names).not.toContain('Facilitator');
    const okafor = proposals.find((p) => p.realName === 'Okafor')!;
    expect(okafor.pseudonym).toMatch(/^Moderator \d$/u);
    // As written, so the title goes with the name.
    expect(proposals.find((p) => p.realName === 'Dr. Okafor')!.pseudonym).toBe(okafor.pseudonym);
    expect(proposals.find((p) => p.realName === 'Kwame')!.count).toBeGreaterThan(10);
    // The list can take every proposal at once.
    const added = await call(h.session, 'privacy.addPseudonyms', {
      entries: proposals.map((p) => ({ realName: p.realName, pseudonym: p.pseudonym, category: p.category })),
    });
    expect(added).toHaveLength(proposals.length);
    expect(await call(h.session, 'privacy.propose', {})).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Every export format, pseudonymised and redacted

async function docxText(file: string): Promise<string> {
  return (await mammoth.extractRawText({ path: file })).value;
}

async function xlsxText(file: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: string[] = [];
  wb.eachSheet((sheet) => {
    out.push(sheet.name);
    sheet.eachRow((row) => row.eachCell((cell) => out.push(String(cell.text))));
  });
  return out.join('\n');
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');

async function qdpxText(file: string): Promise<string> {
  const files = await unzip(file);
  return [...files.values()].map((b) => unescapeXml(b.toString('utf8'))).join('\n');
}

interface Exported {
  themesMd: string;
  themesDocx: string;
  codebookMd: string;
  segmentsCsv: string;
  segmentsXlsx: string;
  searchCsv: string;
  wordsXlsx: string;
  qdpx: string;
  qdc: string;
}

async function exportAll(tag: string, options: { pseudonymise?: boolean; redact?: boolean }, themeGuid: string): Promise<Exported> {
  const f = (name: string) => h.file(`${tag}-${name}`);
  await call(h.session, 'export.themes', { format: 'themes-md', path: f('themes.md'), attribution: '{participant}, {document}', ...options });
  await call(h.session, 'export.themes', { format: 'themes-docx', path: f('themes.docx'), attribution: '{participant}, {document}', ...options });
  await call(h.session, 'export.codebook', { format: 'codebook-md', path: f('codebook.md'), ...options });
  const query = { codes: themeGuid, context: 'turn' as const };
  await call(h.session, 'export.segments', { ...query, format: 'csv', path: f('segments.csv'), ...options });
  await call(h.session, 'export.segments', { ...query, format: 'xlsx', path: f('segments.xlsx'), ...options });
  await call(h.session, 'export.searchHits', { text: 'shift', context: 80, format: 'csv', path: f('search.csv'), ...options });
  await call(h.session, 'export.analysis', { format: 'xlsx', path: f('words.xlsx'), analysis: { kind: 'words', params: {} }, ...options });
  await call(h.session, 'export.refi', { format: 'qdpx', path: f('project.qdpx'), ...options });
  await call(h.session, 'export.refi', { format: 'qdc', path: f('codebook.qdc'), ...options });
  return {
    themesMd: fs.readFileSync(f('themes.md'), 'utf8'),
    themesDocx: await docxText(f('themes.docx')),
    codebookMd: fs.readFileSync(f('codebook.md'), 'utf8'),
    segmentsCsv: fs.readFileSync(f('segments.csv'), 'utf8'),
    segmentsXlsx: await xlsxText(f('segments.xlsx')),
    searchCsv: fs.readFileSync(f('search.csv'), 'utf8'),
    wordsXlsx: await xlsxText(f('words.xlsx')),
    qdpx: await qdpxText(f('project.qdpx')),
    qdc: fs.readFileSync(f('codebook.qdc'), 'utf8'),
  };
}

describe('exports', () => {
  it('written pseudonymised hold no real name from the list, and no redacted passage, in any format', async () => {
    await call(h.session, 'project.createDemo', { path: h.file('demo.chorus') });
    const codes = await call(h.session, 'codes.list', {});
    const theme = codes.find((c) => c.kind === 'theme' && c.exampleCoding)!;
    const code = codes.find((c) => c.kind === 'code')!;
    await call(h.session, 'codes.update', { code: code.guid, example: 'Kwame at Mercy General said it best.' });
    const before = await exportAll('before', {}, theme.guid);

    // The names: every proposal, plus a place written into a code's example and a memo.
    const proposals = await call(h.session, 'privacy.propose', {});
    await call(h.session, 'privacy.addPseudonyms', {
      entries: [
        ...proposals.map((p) => ({ realName: p.realName, pseudonym: p.pseudonym, category: p.category })),
        { realName: 'Mercy General', pseudonym: '[Hospital A]', category: 'organisation' as const },
      ],
    });
    const list = await call(h.session, 'privacy.pseudonyms', {});

    // A redaction inside the theme's example coding, so the summary quotes around it.
    const all = await Promise.all(codes.map((c) => call(h.session, 'codings.list', { code: c.guid })));
    const example = all.flat().find((c) => c.guid === theme.exampleCoding)!;
    const doc = await call(h.session, 'documents.get', { document: example.documentGuid });
    const from = doc.text.indexOf(' ', example.start + 3) + 1;
    const to = doc.text.indexOf(' ', from + 12);
    const secret = doc.text.slice(from, to);
    expect(to).toBeLessThan(example.end);
    expect(secret).not.toContain('\n');
    expect(doc.text.split(secret).length, 'the redacted passage is unique in its document').toBe(2);
    await call(h.session, 'privacy.redact', { document: example.documentGuid, start: from, end: to });
    await call(h.session, 'memos.create', { kind: 'project', content: '{"root":{}}', text: `Note to self: "${secret}" identifies the site; Maya agreed.` });

    const after = await exportAll('after', { pseudonymise: true }, theme.guid);
    for (const [format, text] of Object.entries(after)) {
      expect(text.length, format).toBeGreaterThan(0);
      for (const p of list) expect(containsName(text, p.realName), `"${p.realName}" in ${format}`).toBe(false);
      expect(text.includes(secret), `the redacted passage in ${format}`).toBe(false);
    }
    // The passage was blacked out where it was quoted, and pseudonyms stand where names stood.
    for (const format of ['themesMd', 'themesDocx', 'segmentsCsv', 'segmentsXlsx', 'qdpx'] as const) {
      expect(after[format], format).toContain(REDACTION_MARK);
    }
    expect(before.qdpx).toContain(secret);
    expect(before.themesMd.replace(/\\/g, '')).toContain(secret);
    expect(after.themesMd).toMatch(/Participant \d+/u);
    expect(after.codebookMd).toContain('Participant');
    expect(after.codebookMd).toContain('[Hospital A] said it best');

    // Without pseudonymising or redacting, an export is what it was before the list existed.
    const plain = await exportAll('plain', { pseudonymise: false, redact: false }, theme.guid);
    // (The .qdpx gained a memo since, so it is left out here.)
    for (const format of ['themesMd', 'themesDocx', 'codebookMd', 'segmentsCsv', 'searchCsv', 'segmentsXlsx', 'wordsXlsx', 'qdc'] as const) {
      expect(plain[format], format).toBe(before[format]);
    }
  });

  it('REFI-QDA: coded passages point at the same, pseudonymised words, and the project still validates', async () => {
    await call(h.session, 'project.createDemo', { path: h.file('demo.chorus') });
    const proposals = await call(h.session, 'privacy.propose', {});
    await call(h.session, 'privacy.addPseudonyms', {
      entries: proposals.map((p) => ({ realName: p.realName, pseudonym: p.pseudonym, category: p.category })),
    });
    const list = await call(h.session, 'privacy.pseudonyms', {});
    const docs = await call(h.session, 'documents.list', {});
    const first = await call(h.session, 'documents.get', { document: docs[0]!.guid });
    const redacted = { start: first.turns[3]!.start + 5, end: first.turns[3]!.start + 40 };
    await call(h.session, 'privacy.redact', { document: first.document.guid, ...redacted });

    await call(h.session, 'export.refi', { format: 'qdpx', path: h.file('plain.qdpx'), redact: false });
    await call(h.session, 'export.refi', { format: 'qdpx', path: h.file('pseudo.qdpx'), pseudonymise: true });
    const plain = await unzip(h.file('plain.qdpx'));
    const pseudo = await unzip(h.file('pseudo.qdpx'));
    const matcher = new NameMatcher(list);
    const sourceOf = (files: Map<string, Buffer>, guid: string) => [...files.get(`sources/${guid}.txt`)!.toString('utf8')];
    const plainSel = new Map(selectionsOf(plain.get('project.qde')!.toString('utf8')).map((s) => [s.codings[0] ?? `${s.source}:${s.start}`, s]));
    let checked = 0;
    for (const s of selectionsOf(pseudo.get('project.qde')!.toString('utf8'))) {
      const key = s.codings[0] ?? `${s.source}:${s.start}`;
      const was = plainSel.get(key);
      if (!was || s.codings.length === 0) continue;
      // Positions are code points over the source as written.
      const text = sourceOf(pseudo, s.source).slice(s.start, s.end).join('');
      const original = sourceOf(plain, s.source).slice(was.start, was.end).join('');
      for (const p of list) expect(containsName(text, p.realName), p.realName).toBe(false);
      const touchesRedaction = s.source === first.document.guid && was.start < redacted.end && redacted.start < was.end;
      if (!touchesRedaction) expect(text).toBe(disclose(original, { names: matcher }).text);
      else expect(text).toContain(REDACTION_MARK);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
    if (HAVE_FIXTURES && HAVE_XMLLINT) {
      fs.writeFileSync(h.file('project.qde'), pseudo.get('project.qde')!);
      expect(schemaErrors(h.file('project.qde'), 'Project-mrt2019.xsd')).toBe('');
    }
  });
});

describe('the command line', () => {
  it('writes the theme summary and segments with --pseudonymise (and takes --no-redact)', async () => {
    const project = h.file('cli.chorus');
    await call(h.session, 'project.createDemo', { path: project, analysis: true });
    const proposals = await call(h.session, 'privacy.propose', {});
    await call(h.session, 'privacy.addPseudonyms', {
      entries: proposals.map((p) => ({ realName: p.realName, pseudonym: p.pseudonym, category: p.category })),
    });
    h.session.close();
    const chorus = (...args: string[]) =>
      spawnSync(process.execPath, [path.resolve(__dirname, '../../electron/cli/bin.cjs'), ...args], {
        cwd: h.dir,
        encoding: 'utf8',
        env: { ...process.env, CHORUS_HOME: path.join(h.dir, 'home'), CHORUS_USER: 'Test Coder' },
      });
    const run = (out: string, ...flags: string[]) => {
      const r = chorus('export', project, '--format', 'themes-md', '-o', h.file(out), '--attribution', '{participant}', ...flags);
      expect(r.status, r.stderr).toBe(0);
      return fs.readFileSync(h.file(out), 'utf8');
    };
    const plain = run('plain.md', '--no-redact');
    const pseudo = run('pseudo.md', '--pseudonymise');
    expect(proposals.some((p) => containsName(plain, p.realName))).toBe(true);
    for (const p of proposals) expect(containsName(pseudo, p.realName), p.realName).toBe(false);
    const segments = chorus('query', project, '--codes', (await listFirstCode(project)) ?? '', '--csv', h.file('s.csv'), '--pseudonymise');
    expect(segments.status, segments.stderr).toBe(0);
    const csv = fs.readFileSync(h.file('s.csv'), 'utf8');
    for (const p of proposals) expect(containsName(csv, p.realName), p.realName).toBe(false);
    // Three runs of the real binary: each loads the CLI afresh, slow on a busy machine.
  }, 120_000);
});

/** The name of a code with codings in the project file, read through a fresh session. */
async function listFirstCode(project: string): Promise<string | undefined> {
  const session = h.newSession();
  await call(session, 'project.open', { path: project });
  const code = (await call(session, 'codes.list', {})).find((c) => c.kind === 'code' && c.codings > 3);
  session.close();
  return code ? `"${code.name}"` : undefined;
}
