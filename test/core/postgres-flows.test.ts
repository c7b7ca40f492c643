/**
 * The flows beyond the basics (postgres-project.test.ts) give the same answers on both engines:
 * themes, participants and attributes, snapshots, the journal, edits of the code tree, analysis,
 * exports, agreement and the merge of a co-coder's project.
 *
 * Each test starts from the same demo project (with its worked analysis) twice: a copy of the file
 * and a copy in PostgreSQL (`copyProjectToPostgres`), each opened by a session with the same clock
 * and guids. Every query is asked of both and must answer the same; every command runs on both, must
 * answer the same and leave the same rows, and is undone (the rows as before, on each engine) and
 * redone (as after).
 *
 * Nothing is mocked: SQLite files in a temporary folder, and a throwaway PostgreSQL cluster
 * (test/postgres.ts) started once for the file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OpInput, OpName, OpOutput } from '../../shared/api.js';
import type { CoreEnv } from '../../electron/core/env.js';
import { copyProjectToPostgres, openPostgresProject } from '../../electron/core/projects/postgres.js';
import { Session } from '../../electron/core/session.js';
import { CAPTURED_TABLES } from '../../electron/core/store/change-capture.js';
import type { SqlDb } from '../../electron/core/store/engine.js';
import { createDatabase, startPostgres, type PostgresServer } from '../postgres.js';
import { call, testEnv } from './helpers.js';
import { DANA } from './team-merge-fixture.js';
import JSZip from 'jszip';

let server: PostgresServer | undefined;
let url = '';
let schemas = 0;
let root = '';
let demoFile = '';
/** Dana's copy of the demo, coded on her own: the co-coder's project merged from bytes. */
let danaBytes = '';
const timings: Record<string, number> = {};

/** Guids counted up from a prefix of their own, so that they never meet the demo's. */
function envWith(prefix: string, user = testEnvUser()): CoreEnv {
  let ids = 0;
  return testEnv({ user, newGuid: () => `00000000-0000-4000-${prefix}-${(++ids).toString(16).padStart(12, '0')}` });
}

function testEnvUser(): CoreEnv['user'] {
  return testEnv().user;
}

beforeAll(async () => {
  let started = Date.now();
  server = await startPostgres();
  url = createDatabase(server.url, 'chorus_flows');
  timings['cluster start'] = Date.now() - started;
  started = Date.now();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-pgflows-'));
  demoFile = path.join(root, 'demo.chorus');
  const desktop = new Session(envWith('8000'));
  await call(desktop, 'project.createDemo', { path: demoFile, analysis: true });
  desktop.close();
  // Dana codes a copy of the same demo: a few codings, a code of her own, a journal entry.
  const danaFile = path.join(root, 'dana.chorus');
  fs.copyFileSync(demoFile, danaFile);
  const dana = new Session(envWith('9000', DANA));
  await call(dana, 'project.open', { path: danaFile });
  const docs = await call(dana, 'documents.list', {});
  const codes = await call(dana, 'codes.list', {});
  const leaf = codes.filter((c) => c.kind === 'code');
  await call(dana, 'codings.apply', { document: docs[0]!.guid, start: 100, end: 160, code: { guid: leaf[0]!.guid } });
  await call(dana, 'codings.apply', { document: docs[0]!.guid, start: 500, end: 640, code: { guid: leaf[1]!.guid } });
  await call(dana, 'codings.apply', { document: docs[1]!.guid, start: 50, end: 90, code: { name: 'Dana new code' } });
  await call(dana, 'memos.create', { kind: 'journal', content: '{"root":{}}', text: 'Dana reflects', phase: 3, links: [leaf[0]!.guid] });
  dana.close();
  danaBytes = fs.readFileSync(danaFile).toString('base64');
  timings['demo and co-coder'] = Date.now() - started;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
  console.log('postgres-flows timings (ms):', timings);
});

type Dump = Record<string, unknown[]>;

/** Every row of every table the command log captures, in id order, on either engine. */
function dumpCaptured(db: SqlDb): Dump {
  return Object.fromEntries(CAPTURED_TABLES.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY id`).all()]));
}

/**
 * Rows without their integer keys, sorted: PostgreSQL's identity sequences never hand out an id
 * again (SQLite reuses the largest after it is deleted, and an `INSERT OR IGNORE` that inserts
 * nothing uses up no id), so the engines may number the same rows differently
 * (docs/postgres-engine.md). Guids, values and everything else must be the same.
 */
function withoutKeys(dump: Dump): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(dump).map(([table, rows]) => [
      table,
      rows
        .map((row) => JSON.stringify(Object.entries(row as object).filter(([column]) => column !== 'id' && !column.endsWith('_id') && column !== 'seq')))
        .sort(),
    ]),
  );
}

/** The demo on both engines. */
let sqlite: Session;
let postgres: Session;
let dir: string;
let started = 0;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-pgflow-'));
  const file = path.join(dir, 'demo.chorus');
  fs.copyFileSync(demoFile, file);
  const schema = `flow_${++schemas}`;
  copyProjectToPostgres(file, url, schema, envWith('a000'));
  sqlite = new Session(envWith('a000'));
  postgres = new Session(envWith('a000'));
  await call(sqlite, 'project.open', { path: file });
  postgres.setProject(openPostgresProject(url, schema, postgres.env));
  if (process.env.CHORUS_PG_DEBUG) traceFailures(dbOf(postgres));
  started = Date.now();
});

afterEach((context) => {
  timings[context.task.name] = Date.now() - started;
  sqlite?.close();
  postgres?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const dbOf = (s: Session) => s.project!.db;

/** CHORUS_PG_DEBUG=1: a statement that fails on PostgreSQL is printed with its text. */
function traceFailures(db: SqlDb): void {
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    let statement: ReturnType<typeof prepare>;
    try {
      statement = prepare(sql);
    } catch (e) {
      console.error(`FAILED on PostgreSQL: ${(e as Error).message}\n${sql}`);
      throw e;
    }
    for (const method of ['run', 'get', 'all'] as const) {
      if (typeof statement[method] !== 'function') continue;
      const original = (statement[method] as (...args: unknown[]) => unknown).bind(statement);
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        try {
          return original(...args);
        } catch (e) {
          console.error(`FAILED on PostgreSQL: ${(e as Error).message}\n${sql}`);
          throw e;
        }
      };
    }
    return statement;
  }) as typeof db.prepare;
}

/** Asks both engines; their answers must be the same. */
async function both<N extends OpName>(name: N, input: OpInput<N>): Promise<OpOutput<N>> {
  const a = await call(sqlite, name, input);
  const b = await call(postgres, name, input);
  expect(samePaths(b), name).toEqual(samePaths(a));
  return a;
}

/** The project's path (a file, or `postgres:<schema>`) is the one thing the engines answer differently. */
function samePaths(value: unknown): unknown {
  const paths = [sqlite.project!.path, postgres.project!.path];
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) => (typeof v === 'string' && paths.includes(v) ? '<project>' : v));
}

/**
 * Runs a command on both engines: the same answer and the same rows after; undone, each engine's
 * rows are as before; redone, as after.
 */
async function undoable<N extends OpName>(name: N, input: OpInput<N>): Promise<OpOutput<N>> {
  const outputs: unknown[] = [];
  const afters: Dump[] = [];
  for (const s of [sqlite, postgres]) {
    const before = dumpCaptured(dbOf(s));
    outputs.push(await call(s, name, input));
    const after = dumpCaptured(dbOf(s));
    expect(after, name).not.toEqual(before);
    const undone = await call(s, 'history.undo', {});
    expect(dumpCaptured(dbOf(s)), `${name} undone`).toEqual(before);
    const redone = await call(s, 'history.redo', {});
    expect(redone.redone).toBe(undone.undone);
    expect(dumpCaptured(dbOf(s)), `${name} redone`).toEqual(after);
    afters.push(after);
  }
  expect(samePaths(outputs[1]), name).toEqual(samePaths(outputs[0]));
  expect(withoutKeys(afters[1]!), `${name}: rows`).toEqual(withoutKeys(afters[0]!));
  return outputs[0] as OpOutput<N>;
}

async function codeNamed(name: string) {
  const code = (await both('codes.list', {})).find((c) => c.name === name);
  if (!code) throw new Error(`No code ${name}`);
  return code;
}

describe('the demo on both engines', () => {
  it('themes: promote, status, links, the thematic map and prevalence', async () => {
    expect(await both('themes.prevalence', {})).not.toEqual([]);
    const code = await codeNamed('Consultant contempt');
    const promoted = await undoable('codes.promote', { code: code.guid });
    expect(promoted.kind).toBe('theme');
    await undoable('codes.update', { code: code.guid, status: 'reviewed', centralConcept: 'Contempt keeps people quiet.', map: { x: 10, y: 20.5 } });
    const safe = await codeNamed('Support has to be safe to ask for');
    const link = await undoable('themes.link', { source: safe.guid, target: code.guid, label: 'feeds' });
    expect((await both('themes.links', {})).map((l) => l.guid)).toContain(link.guid);
    await undoable('codes.update', { code: safe.guid, map: { x: 3, y: 4 } });
    await undoable('codes.update', { code: safe.guid, map: null });
    const wrapped = await undoable('themes.wrap', { codes: [(await codeNamed('Cynicism')).guid, (await codeNamed('Thinking of leaving')).guid], name: 'Wanting out' });
    expect(wrapped.kind).toBe('theme');
    await undoable('themes.unlink', { link: link.guid });
    await both('themes.prevalence', {});
    await both('themes.prevalence', { theme: safe.guid });
    await both('codes.list', {});
    await both('codes.stats', {});
  });

  it('participants and attributes: define, set, list, rename, merge, CSV import', async () => {
    const people = await both('participants.list', {});
    expect(people.length).toBeGreaterThan(3);
    for (const scope of ['document', 'participant'] as const) {
      await both('attributes.list', { scope });
      await both('attributes.table', { scope });
    }
    const defined = await undoable('attributes.define', { scope: 'participant', name: 'Shift pattern', type: 'category' });
    await undoable('attributes.setValues', {
      scope: 'participant',
      values: [
        { owner: people[0]!.guid, attribute: defined.guid, value: 'nights' },
        { owner: people[1]!.guid, attribute: defined.guid, value: 'days' },
      ],
    });
    await undoable('attributes.update', { attribute: defined.guid, name: 'Shifts' });
    const renamed = await undoable('participants.update', { participant: people[0]!.guid, label: 'Maya R.' });
    expect(renamed.label).toBe('Maya R.');
    const created = await undoable('participants.create', { label: 'Newcomer' });
    await undoable('participants.delete', { participant: created.guid });
    const docs = await both('documents.list', {});
    const detail = await both('documents.get', { document: docs[0]!.guid });
    const [first, second] = detail.speakers.filter((s) => s.role === 'participant');
    await undoable('speakers.update', { speaker: first!.guid, participant: null });
    await undoable('speakers.merge', { from: second!.guid, into: first!.guid });
    const csv = ['participant,Years in post,Site', `${people[2]!.label},4,North`, `${people[3]!.label},2,South`].join('\n');
    await undoable('attributes.importCsv', {
      scope: 'participant',
      source: { kind: 'bytes', name: 'people.csv', base64: Buffer.from(csv).toString('base64') },
    });
    await undoable('attributes.delete', { attribute: defined.guid });
    await both('participants.list', {});
    await both('attributes.table', { scope: 'participant' });
    await both('attributes.table', { scope: 'document' });
  });

  it('snapshots: create, list and diff', async () => {
    const first = await undoable('snapshots.create', { name: 'Before refining' });
    const cynicism = await codeNamed('Cynicism');
    await call(sqlite, 'codes.update', { code: cynicism.guid, name: 'Detachment' });
    await call(postgres, 'codes.update', { code: cynicism.guid, name: 'Detachment' });
    const moved = (await both('codes.list', {})).find((c) => c.name === 'Consultant contempt')!;
    const parent = (await both('codes.list', {})).find((c) => c.name === 'Emotional toll and burnout')!;
    await both('codes.move', { code: moved.guid, parent: parent.guid });
    await both('codes.create', { name: 'Brand new' });
    await undoable('snapshots.create', { name: 'After refining' });
    const list = await both('snapshots.list', {});
    expect(list.map((s) => s.name)).toEqual(expect.arrayContaining(['Before refining', 'After refining']));
    const diff = await both('snapshots.diff', { from: first.guid });
    expect(diff).toBeTruthy();
    await both('snapshots.diff', { from: first.guid, to: list.find((s) => s.name === 'After refining')!.guid });
  });

  it('the reflexive journal: phases, links, entries by phase and link', async () => {
    await both('memos.list', { kind: 'journal' });
    await undoable('project.setPhase', { phase: 4 });
    const theme = await codeNamed('Someone has to go first');
    const entry = await undoable('memos.create', { kind: 'journal', content: '{"root":{}}', text: 'Reviewing themes.', links: [theme.guid] });
    expect(entry.phase).toBe(4);
    await undoable('memos.update', { memo: entry.guid, phase: 3, links: [] });
    for (const phase of [1, 2, 3, 4]) await both('memos.list', { kind: 'journal', phase });
    await both('memos.list', { kind: 'journal', link: theme.guid });
    await both('memos.list', { link: theme.guid });
    await both('memos.list', { kind: 'code' });
    await both('memos.list', { kind: 'theme' });
    const docs = await both('documents.list', {});
    await both('memos.list', { document: docs[0]!.guid });
  });

  it('code tree edits: move, split, delete, resize; history and story', async () => {
    const code = await codeNamed('Hallway check-ins');
    const target = await codeNamed('Emotional toll and burnout');
    await undoable('codes.move', { code: code.guid, parent: target.guid, position: 0 });
    await undoable('codes.move', { code: code.guid, parent: null });
    const segments = await both('codings.list', { code: code.guid });
    expect(segments.length).toBeGreaterThan(1);
    const split = await undoable('codes.split', { code: code.guid, codings: [segments[0]!.guid], name: 'Corridor talk' });
    expect(split.moved).toBe(1);
    const resized = await undoable('codings.resize', { coding: segments[1]!.guid, start: segments[1]!.start, end: segments[1]!.end - 1 });
    expect(resized.end).toBe(segments[1]!.end - 1);
    const gone = await undoable('codes.delete', { code: (await codeNamed('Debriefs after critical events')).guid });
    expect(gone.codes).toBeGreaterThan(1);
    await both('codes.story', { code: code.guid });
    await both('codes.story', { code: split.code.guid });
    await both('history.list', {});
    await both('history.list', { limit: 3 });
    await both('history.state', {});
  });

  it('analysis: retrieval, matrix, co-occurrence, words, voice, talk time, similar', async () => {
    const codes = await both('codes.list', {});
    const leaf = codes.filter((c) => c.kind === 'code' && c.codings > 0);
    const [a, b] = [leaf[0]!, leaf[1]!];
    await both('analysis.query', { codes: a.name });
    await both('analysis.query', { codes: `"${a.name}" OR "${b.name}"` });
    await both('analysis.query', { codes: `"${a.name}" NEAR/3 "${b.name}"`, context: 40 });
    await both('analysis.checkQuery', { codes: `"${a.name}" AND NOT "${b.name}"` });
    for (const columns of [{ kind: 'documents' }, { kind: 'speakers' }, { kind: 'roles' }, { kind: 'attribute', attribute: 'site' }] as const) {
      for (const measure of ['codings', 'participants', 'words'] as const) {
        const m = await both('analysis.matrix', { rows: 'all', columns, measure });
        const column = m.columns[0]!.key;
        await both('analysis.matrixCell', { rows: 'all', columns, measure, row: a.guid, column });
      }
    }
    for (const mode of ['overlap', 'turn', 'window'] as const) {
      const c = await both('analysis.cooccurrence', { mode, rows: 'all' });
      const pair = c.pairs[0];
      if (pair) await both('analysis.cooccurrenceCell', { mode, rows: 'all', a: pair.a, b: pair.b });
    }
    await both('analysis.voice', {});
    await both('analysis.talkTime', {});
    await both('analysis.words', {});
    await both('analysis.words', { scope: { kind: 'code', code: a.guid } });
    await both('analysis.words', { scope: { kind: 'role', role: 'moderator' } });
    await both('analysis.words', { scope: { kind: 'attribute', attribute: 'site', value: 'Site A' } });
    await both('analysis.distinctive', { scope: { kind: 'attribute', attribute: 'site', value: 'Site A' }, direction: 'both' });
    await both('analysis.similar', { code: a.guid });
    await both('codes.stats', {});
  });

  it('exports that return their content', async () => {
    await both('export.codebook', { format: 'codebook-md' });
    await both('export.themes', { format: 'themes-md' });
    await both('export.themes', { format: 'themes-md', attribution: '{participant}, {attribute:site}' });
    await both('export.analysis', { format: 'csv', analysis: { kind: 'matrix', params: { columns: { kind: 'documents' } } } });
    await both('export.analysis', { format: 'csv', analysis: { kind: 'voice', params: {} } });
    await both('export.analysis', { format: 'csv', analysis: { kind: 'cooccurrence', params: { mode: 'turn' } } });
  });

  it("a co-coder's project merged from bytes, and agreement between the coders", async () => {
    const source = { kind: 'bytes' as const, name: 'dana.chorus', base64: danaBytes };
    const plan = await both('team.previewMerge', { source });
    expect(plan.coders.find((c) => c.guid === DANA.guid)).toMatchObject({ name: 'Dana' });
    const merged = await undoable('team.merge', { source, resolutions: {} });
    expect(merged.changed).toBe(true);
    const coders = await both('team.coders', {});
    expect(coders.map((c) => c.guid)).toContain(DANA.guid);
    await both('team.codingCounts', {});
    const pair = [coders.find((c) => c.guid !== DANA.guid)!.guid, DANA.guid];
    for (const unit of ['character', 'segment', 'turn'] as const) await both('team.agreement', { coders: pair, unit });
    const code = (await both('codes.list', {})).find((c) => c.kind === 'code' && c.codings > 0)!;
    await both('team.disagreements', { coders: pair, code: code.guid });
    await both('export.agreement', { coders: pair, format: 'csv' });
    const again = await both('team.merge', { source, resolutions: {} });
    expect(again.changed).toBe(false);
  });
  it('the rest of the contract: REFI-QDA out and a codebook in, tables, Word, auto-coding, speakers, renames', async () => {
    /** Binary exports carry times of their own making: compared by kind and size, within a few bytes. */
    const binary = async <N extends 'export.themes' | 'export.segments' | 'export.searchHits'>(name: N, input: OpInput<N>) => {
      const [a, b] = [await call(sqlite, name, input), await call(postgres, name, input)];
      expect(b.encoding).toBe(a.encoding);
      expect(b.fileName).toBe(a.fileName);
      expect(Math.abs(b.content!.length - a.content!.length)).toBeLessThan(64);
    };
    // REFI-QDA: the same project XML from both engines (its export time aside).
    const qde = async (s: Session) => {
      const out = await call(s, 'export.refi', { format: 'qdpx' });
      const zip = await JSZip.loadAsync(Buffer.from(out.content!, 'base64'));
      return (await zip.file('project.qde')!.async('string')).replace(/(creationDateTime|modifiedDateTime)="[^"]*"/g, '$1=""');
    };
    expect(await qde(postgres)).toBe(await qde(sqlite));
    // A codebook (.qdc) from the project itself, with one more code, merged back in.
    const qdc = await call(sqlite, 'export.refi', { format: 'qdc' });
    const extra = qdc.content!.replace('</Codes>', '<Code guid="0b8f3d1e-9a4c-4f53-8f0e-2f1a3c5d7e99" name="Humour" isCodable="true"/></Codes>');
    const source = { kind: 'bytes' as const, name: 'codebook.qdc', base64: Buffer.from(extra).toString('base64') };
    await both('exchange.previewCodebook', { source });
    await undoable('exchange.mergeCodebook', { source });
    expect((await both('codes.list', {})).map((c) => c.name)).toContain('Humour');

    await binary('export.themes', { format: 'themes-docx' });
    const anyCode = (await both('codes.list', {})).find((c) => c.kind === 'code' && c.codings > 0)!;
    await both('export.segments', { codes: `"${anyCode.name}"`, format: 'csv' });
    await binary('export.segments', { codes: `"${anyCode.name}"`, format: 'xlsx' });
    await both('export.searchHits', { text: 'support', format: 'csv' });
    await binary('export.searchHits', { text: 'support', format: 'xlsx' });

    const humour = await codeNamed('Humour');
    await undoable('analysis.codeHits', { search: { text: 'laugh*' }, code: { guid: humour.guid }, extent: 'sentence' });
    await undoable('analysis.codeSpeaker', { who: { role: 'moderator' }, code: { name: 'Moderator questions' } });

    const doc = (await both('documents.list', {}))[0]!;
    await undoable('documents.update', { document: doc.guid, name: 'Focus group one' });
    const detail = await both('documents.get', { document: doc.guid });
    await undoable('speakers.update', { speaker: detail.speakers[0]!.guid, label: 'Facilitator', participant: 'new' });
  });
  it('privacy: proposals, the list of names, redactions and pseudonymised exports', async () => {
    const proposals = await both('privacy.propose', {});
    expect(proposals.length).toBeGreaterThan(3);
    const added = await undoable('privacy.addPseudonyms', {
      entries: proposals.slice(0, 4).map((p) => ({ realName: p.realName, pseudonym: p.pseudonym, category: p.category })),
    });
    await both('privacy.pseudonyms', {});
    await undoable('privacy.updatePseudonym', { pseudonym: added[0]!.guid, category: 'place' });
    await undoable('privacy.removePseudonym', { pseudonym: added[1]!.guid });
    const doc = (await both('documents.list', {}))[0]!;
    await undoable('privacy.redact', { document: doc.guid, start: 200, end: 260 });
    // Overlapping the first: the two become one.
    const redaction = await undoable('privacy.redact', { document: doc.guid, start: 250, end: 300 });
    await both('privacy.redactions', { document: doc.guid });
    await both('export.themes', { format: 'themes-md', pseudonymise: true });
    await both('export.codebook', { format: 'codebook-md', pseudonymise: true });
    const anyCode = (await both('codes.list', {})).find((c) => c.kind === 'code' && c.codings > 0)!;
    await both('export.segments', { codes: `"${anyCode.name}"`, format: 'csv', pseudonymise: true });
    await undoable('privacy.unredact', { redaction: redaction.guid });
  });

  it("a co-coder's rename of a code we renamed too: the conflict, settled with theirs", async () => {
    // Dana's copy of the demo, in which she renamed a code.
    const copy = path.join(dir, 'dana-renamed.chorus');
    fs.copyFileSync(demoFile, copy);
    const dana = new Session(envWith('b000', DANA));
    await call(dana, 'project.open', { path: copy });
    const target = (await call(dana, 'codes.list', {})).find((c) => c.name === 'Cynicism')!;
    await call(dana, 'codes.update', { code: target.guid, name: 'Dark humour' });
    dana.close();
    const source = { kind: 'bytes' as const, name: 'dana-renamed.chorus', base64: fs.readFileSync(copy).toString('base64') };

    await undoable('codes.update', { code: target.guid, name: 'Cynicism about the job' });
    const plan = await both('team.previewMerge', { source });
    const conflict = plan.conflicts.find((c) => c.code.guid === target.guid);
    expect(conflict?.fields).toContain('name');
    await undoable('team.merge', { source, resolutions: { [conflict!.id]: { take: 'theirs' } } });
    expect((await both('codes.list', {})).find((c) => c.guid === target.guid)?.name).toBe('Dark humour');
  });
});
