/**
 * A project works the same stored in a SQLite file and in PostgreSQL: the same flows, through
 * `dispatch` and a `Session` like every front door, run on both engines (describe.each), each
 * command undone and redone with the state compared table by table. Both engines get the same
 * clock and the same guids, so at the end their tables, row for row, must be equal too. Then a
 * demo project goes to PostgreSQL and back and must come out with identical rows.
 *
 * Nothing is mocked: a SQLite file in a temporary folder, and a throwaway PostgreSQL cluster
 * (test/postgres.ts) started once for the file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OpInput, OpName, OpOutput } from '../../shared/api.js';
import { ErrorCode } from '../../shared/errors.js';
import type { CoreEnv } from '../../electron/core/env.js';
import type { Project } from '../../electron/core/project.js';
import { createProject } from '../../electron/core/projects/files.js';
import {
  copyProjectFromPostgres,
  copyProjectToPostgres,
  createPostgresProject,
  openPostgresProject,
} from '../../electron/core/projects/postgres.js';
import { Session } from '../../electron/core/session.js';
import { CAPTURED_TABLES } from '../../electron/core/store/change-capture.js';
import type { SqlDb } from '../../electron/core/store/engine.js';
import { LATEST_VERSION } from '../../electron/core/store/migrations/index.js';
import { openPostgres } from '../../electron/core/store/postgres/connection.js';
import { PROJECT_TABLES } from '../../electron/core/store/postgres/project-schema.js';
import { createDatabase, startPostgres, type PostgresServer } from '../postgres.js';
import { PILOT_TRANSCRIPT, call, callFails, testEnv } from './helpers.js';

let server: PostgresServer | undefined;
let url = '';
let schemas = 0;
const timings: Record<string, number> = {};

beforeAll(async () => {
  const started = Date.now();
  server = await startPostgres();
  url = createDatabase(server.url, 'chorus_projects');
  timings['cluster start'] = Date.now() - started;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  console.log('postgres-project timings (ms):', timings);
});

/** An environment whose guids and clock are the same in every test, whatever the engine. */
function sameEnv(): CoreEnv {
  let ids = 0;
  return testEnv({ newGuid: () => `00000000-0000-4000-8000-${(++ids).toString(16).padStart(12, '0')}` });
}

interface Engine {
  name: 'sqlite' | 'postgres';
  create(dir: string, env: CoreEnv): Project;
}

const engines: Engine[] = [
  { name: 'sqlite', create: (dir, env) => createProject(path.join(dir, 'study.chorus'), env, 'Study') },
  { name: 'postgres', create: (_dir, env) => createPostgresProject(url, `project_${++schemas}`, env, 'Study') },
];

type Dump = Record<string, unknown[]>;

/** Every row of every table the command log captures, in id order, on either engine. */
function dumpCaptured(db: SqlDb): Dump {
  return Object.fromEntries(CAPTURED_TABLES.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY id`).all()]));
}

/** What each flow left behind, by engine: the engines must agree. */
const finalState: Record<string, Partial<Record<Engine['name'], unknown>>> = {};

const text = PILOT_TRANSCRIPT;
const span = (needle: string) => ({ start: text.indexOf(needle), end: text.indexOf(needle) + needle.length });

describe.each(engines)('a project stored in $name', (engine) => {
  let dir: string;
  let session: Session;
  let started = 0;

  const db = () => session.project!.db;

  /** Runs a command, then undoes it (the state must be as before) and redoes it (as after). */
  async function undoable<N extends OpName>(name: N, input: OpInput<N>): Promise<OpOutput<N>> {
    const before = dumpCaptured(db());
    const value = await call(session, name, input);
    const after = dumpCaptured(db());
    expect(after).not.toEqual(before);
    const undone = await call(session, 'history.undo', {});
    expect(undone.canRedo).toBe(true);
    expect(dumpCaptured(db())).toEqual(before);
    const redone = await call(session, 'history.redo', {});
    expect(redone.redone).toBe(undone.undone);
    expect(dumpCaptured(db())).toEqual(after);
    return value;
  }

  async function importPilot(): Promise<string> {
    const report = await undoable('documents.import', {
      sources: [{ kind: 'bytes', name: 'pilot.txt', base64: Buffer.from(text).toString('base64') }],
    });
    expect(report.files[0]!.ok).toBe(true);
    return report.files[0]!.document!.guid;
  }

  beforeEach((context) => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-pgproject-'));
    session = new Session(sameEnv());
    session.setProject(engine.create(dir, session.env));
    started = Date.now();
    return () => {
      timings[`${engine.name}: ${context.task.name}`] = Date.now() - started;
    };
  });

  afterEach((context) => {
    if (session.project) {
      finalState[context.task.name] ??= {};
      finalState[context.task.name]![engine.name] = dumpCaptured(db());
    }
    session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports a transcript, lists it and gets it back', async () => {
    const guid = await importPilot();
    const list = await call(session, 'documents.list', {});
    expect(list.map((d) => d.name)).toEqual(['pilot']);
    expect(list[0]!.turns).toBeGreaterThan(3);
    const detail = await call(session, 'documents.get', { document: guid });
    expect(detail.text).toBe(text);
    expect(detail.speakers.map((s) => s.label)).toEqual(['Moderator', 'P1', 'P2']);
    expect(detail.turns[0]).toMatchObject({ index: 0 });
    expect(detail.turns.find((t) => t.timeStart === 12)).toBeTruthy();
    // A second import of the same name is told apart, not refused.
    expect((await call(session, 'history.state', {})).undoSummary).toBe('Imported pilot');
  });

  it('creates, renames and updates codes', async () => {
    const parent = await undoable('codes.create', { name: 'Support', definition: 'Who helps whom.' });
    const child = await undoable('codes.create', { name: 'Peers', parent: parent.guid, color: '#AABBCC' });
    expect(child.parentGuid).toBe(parent.guid);
    const renamed = await undoable('codes.update', { code: child.guid, name: 'Co-residents' });
    expect(renamed.name).toBe('Co-residents');
    const described = await undoable('codes.update', {
      code: child.guid,
      color: '#010203',
      inclusion: 'Residents helping residents.',
      map: { x: 1.5, y: -2 },
    });
    expect(described).toMatchObject({ color: '#010203', inclusion: 'Residents helping residents.', mapX: 1.5, mapY: -2 });
    // Sibling names are unique without case, on both engines.
    await callFails(session, 'codes.create', { name: 'co-RESIDENTS', parent: parent.guid }, ErrorCode.CONFLICT);
    const codes = await call(session, 'codes.list', {});
    expect(codes.map((c) => c.name)).toEqual(['Support', 'Co-residents']);
  });

  it('applies, lists and removes codings', async () => {
    const doc = await importPilot();
    const code = await undoable('codes.create', { name: 'Night shifts' });
    const applied = await undoable('codings.apply', { document: doc, ...span('I work nights mostly'), code: { guid: code.guid } });
    expect(applied.coding.codeGuid).toBe(code.guid);
    // By name: the code is created in the same step.
    const quick = await undoable('codings.apply', { document: doc, ...span('the group chat'), code: { name: 'Group chat' } });
    expect(quick.createdCode).toBe(true);
    const listed = await call(session, 'codings.list', { document: doc });
    expect(listed).toHaveLength(2);
    const ofCode = await call(session, 'codings.list', { code: code.guid });
    expect(ofCode).toHaveLength(1);
    expect(ofCode[0]!.start).toBe(span('I work nights mostly').start);
    await undoable('codings.remove', { coding: applied.coding.guid });
    expect(await call(session, 'codings.list', { document: doc })).toHaveLength(1);
    const codes = await call(session, 'codes.list', {});
    expect(codes.map((c) => [c.name, c.codings, c.documents])).toEqual([
      ['Night shifts', 0, 0],
      ['Group chat', 1, 1],
    ]);
  });

  it('merges codes: codings re-pointed in bulk, duplicates collapsed, memos kept', async () => {
    const doc = await importPilot();
    const into = await call(session, 'codes.create', { name: 'Support' });
    const merged = await call(session, 'codes.create', { name: 'Peer support' });
    const same = span('talking to my co-residents');
    await call(session, 'codings.apply', { document: doc, ...same, code: { guid: into.guid } });
    const twin = await call(session, 'codings.apply', { document: doc, ...same, code: { guid: merged.guid } });
    await call(session, 'codings.apply', { document: doc, ...span('the group chat'), code: { guid: merged.guid } });
    await call(session, 'memos.create', { kind: 'segment', target: twin.coding.guid, content: '{"root":{}}', text: 'On the twin.' });
    const result = await undoable('codes.merge', { codes: [merged.guid], into: into.guid });
    expect(result).toBeTruthy();
    const codes = await call(session, 'codes.list', {});
    expect(codes.map((c) => [c.name, c.codings])).toEqual([['Support', 2]]);
    // The memo on the collapsed twin now sits on the coding that was kept.
    const memos = await call(session, 'memos.list', { document: doc });
    expect(memos).toHaveLength(1);
    expect((await call(session, 'codings.list', { document: doc })).map((c) => c.guid)).toContain(memos[0]!.target);
  });

  it('writes, edits and deletes memos', async () => {
    const doc = await importPilot();
    const code = await call(session, 'codes.create', { name: 'Debriefing' });
    const memo = await undoable('memos.create', {
      kind: 'code',
      target: code.guid,
      title: 'First thoughts',
      content: '{"root":{}}',
      text: 'Debriefing happens informally.',
    });
    const journal = await undoable('memos.create', {
      kind: 'journal',
      content: '{"root":{}}',
      text: 'Noticed my own assumptions.',
      links: [code.guid, doc],
    });
    expect(journal.links).toEqual([code.guid, doc]);
    const edited = await undoable('memos.update', { memo: journal.guid, text: 'Noticed them again.', links: [doc] });
    expect(edited.links).toEqual([doc]);
    expect((await call(session, 'memos.list', { target: code.guid })).map((m) => m.title)).toEqual(['First thoughts']);
    expect((await call(session, 'memos.list', { link: doc })).map((m) => m.guid)).toEqual([journal.guid]);
    await undoable('memos.delete', { memo: memo.guid });
    expect(await call(session, 'memos.list', { target: code.guid })).toEqual([]);
  });

  it('searches what was said, stemmed, with the matched words located', async () => {
    const doc = await importPilot();
    const result = await call(session, 'analysis.search', { text: 'helping' });
    const detail = await call(session, 'documents.get', { document: doc });
    expect(result.hits.map((h) => h.keyword)).toEqual(['helps', 'helps']);
    for (const h of result.hits) expect(detail.text.slice(h.start, h.end)).toBe(h.keyword);
    expect(result.hits[0]!.start).toBe(text.indexOf('helps after'));
    expect(result.hits[1]!.start).toBe(text.indexOf('helps more'));
    // Sorted by context, every hit is read and highlighted in one go.
    const sorted = await call(session, 'analysis.search', { text: 'helping', sort: 'right' });
    expect(sorted.hits.map((h) => h.start).sort((a, b) => a - b)).toEqual(result.hits.map((h) => h.start));
    // A phrase, a prefix, and NOT.
    const phrase = await call(session, 'analysis.search', { text: '"hard shift"' });
    // FTS5 marks a phrase as one stretch; ts_headline marks its words one by one (a known difference).
    expect(phrase.hits.map((h) => h.keyword)).toEqual(engine.name === 'sqlite' ? ['hard shift'] : ['hard', 'shift']);
    expect(new Set(phrase.hits.map((h) => h.turn.index)).size).toBe(1);
    const prefix = await call(session, 'analysis.search', { text: 'resid*' });
    expect(prefix.hits.map((h) => h.keyword)).toEqual(['resident', 'residents']);
    const not = await call(session, 'analysis.search', { text: 'helps NOT official' });
    expect(not.hits.map((h) => h.start)).toEqual([text.indexOf('helps after')]);
    // Undoing the import takes its turns out of the search.
    await call(session, 'history.undo', {});
    expect((await call(session, 'analysis.search', { text: 'helping' })).hits).toEqual([]);
  });

  it('tells what the project holds (project.info)', async () => {
    await importPilot();
    await call(session, 'codes.create', { name: 'Support' });
    const info = await call(session, 'project.info', {});
    expect(info).toMatchObject({ title: 'Study', schemaVersion: LATEST_VERSION, phase: 1 });
    expect(info.counts).toMatchObject({ documents: 1, speakers: 3, participants: 0, codes: 1, codings: 0, memos: 0 });
    expect(info.documents[0]!.speakers.map((s) => s.label)).toEqual(['Moderator', 'P1', 'P2']);
  });
});

describe('both engines', () => {
  it('end every flow with the same rows in every table', () => {
    for (const [flow, states] of Object.entries(finalState)) {
      expect(states.postgres, flow).toEqual(states.sqlite);
    }
  });
});

/** Every table of a project file but the search index, in rowid order (as the team server's tests dump). */
function dumpFile(file: string): Dump {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name`)
      .pluck()
      .all() as string[];
    return {
      ...Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()])),
      sqlite_sequence: db.prepare(`SELECT * FROM sqlite_sequence ORDER BY name`).all(),
    };
  } finally {
    db.close();
  }
}

describe('moving a project between a file and PostgreSQL', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-pgcopy-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('has the schema of a migrated project file: the same tables and columns, in order', () => {
    const file = path.join(dir, 'empty.chorus');
    createProject(file, sameEnv(), 'Empty').close();
    const sqlite = new Database(file, { readonly: true });
    const pg = openPostgres(url, { schema: 'schema_check' });
    try {
      createPostgresProject(url, 'schema_check', sameEnv(), 'Empty').close();
      for (const { name } of PROJECT_TABLES) {
        const expected = (sqlite.prepare(`SELECT name, "notnull" FROM pragma_table_info(?)`).all(name) as { name: string; notnull: number }[]).map(
          (c) => `${c.name}${c.notnull ? ' not null' : ''}`,
        );
        const actual = (
          pg
            .prepare(`SELECT attname AS name, attnotnull AS nn FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`)
            .all(name) as { name: string; nn: number }[]
        ).map((c) => `${c.name}${c.nn ? ' not null' : ''}`);
        // SQLite's INTEGER PRIMARY KEY may hold NULL (it becomes a new rowid); PostgreSQL's key cannot.
        expect(actual, name).toEqual(expected.map((c, i) => (i === 0 ? `${c.replace(/ not null$/, '')} not null` : c)));
      }
    } finally {
      sqlite.close();
      pg.close();
    }
  });

  it('takes a demo project to PostgreSQL and back with identical rows', async () => {
    const env = sameEnv();
    const demoFile = path.join(dir, 'demo.chorus');
    const desktop = new Session(env);
    let t = Date.now();
    await call(desktop, 'project.createDemo', { path: demoFile, analysis: true });
    desktop.close();
    timings['demo: create on sqlite'] = Date.now() - t;
    const before = dumpFile(demoFile);
    expect(before.codings!.length).toBeGreaterThan(10);

    t = Date.now();
    copyProjectToPostgres(demoFile, url, 'demo', env);
    timings['demo: copy to postgres'] = Date.now() - t;
    expect(() => copyProjectToPostgres(demoFile, url, 'demo', env)).toThrow(/holds a project already/);

    // There, it is a project like any other: searched, changed, the change undone.
    const server = new Session(env);
    server.setProject(openPostgresProject(url, 'demo', env));
    const info = await call(server, 'project.info', {});
    expect(info.counts.codings).toBe(before.codings!.length);
    expect((await call(server, 'analysis.search', { text: 'support' })).hits.length).toBeGreaterThan(0);
    const codes = await call(server, 'codes.list', {});
    await call(server, 'codes.update', { code: codes[0]!.guid, name: 'Renamed on the server' });
    await call(server, 'history.undo', {});
    await call(server, 'history.redo', {});
    await call(server, 'history.undo', {});
    server.close();

    t = Date.now();
    const back = path.join(dir, 'back.chorus');
    copyProjectFromPostgres(url, 'demo', back, env);
    timings['demo: copy back to sqlite'] = Date.now() - t;
    const after = dumpFile(back);
    // The rename and its undo are on the log now; everything else is as it was.
    expect(after.history!.length).toBe(before.history!.length + 1);
    const log = ['history', 'history_changes', 'history_subjects', 'sqlite_sequence'];
    const withoutLog = (d: Dump) => Object.fromEntries(Object.entries(d).filter(([t]) => !log.includes(t)));
    expect(withoutLog(after)).toEqual(withoutLog(before));
    for (const t of log.slice(0, 3)) expect(after[t]!.slice(0, before[t]!.length), t).toEqual(before[t]);
    expect(after.history!.at(-1)).toMatchObject({ operation: 'codes.update', state: 'undone', summary: expect.stringContaining('Renamed on the server') });
    expect(dumpFile(demoFile)).toEqual(before);
  });

  it('copies a project to PostgreSQL and back unchanged when nothing happened there', async () => {
    const env = sameEnv();
    const demoFile = path.join(dir, 'demo.chorus');
    const desktop = new Session(env);
    await call(desktop, 'project.createDemo', { path: demoFile, analysis: true });
    // A step undone, so the log holds an undone entry with its row images.
    const codes = await call(desktop, 'codes.list', {});
    await call(desktop, 'codes.update', { code: codes[1]!.guid, name: 'Undone rename' });
    await call(desktop, 'history.undo', {});
    desktop.close();
    const before = dumpFile(demoFile);
    copyProjectToPostgres(demoFile, url, 'demo_unchanged', env);
    const back = path.join(dir, 'back.chorus');
    copyProjectFromPostgres(url, 'demo_unchanged', back, env);
    expect(dumpFile(back)).toEqual(before);
    // The copy is a project file like any other: it opens, and its search index was rebuilt.
    const reopened = new Session(env);
    await call(reopened, 'project.open', { path: back });
    expect((await call(reopened, 'analysis.search', { text: 'support' })).hits.length).toBeGreaterThan(0);
    reopened.close();
  });

  it('brings a project of format 70 up to date as it opens: the turns lose their insert trigger, and imports still undo', async () => {
    const env = sameEnv();
    const schema = 'format_70';
    createPostgresProject(url, schema, env, 'Older').close();
    // As format 70 left it: an insert trigger on the turns too.
    const raw = openPostgres(url, { schema });
    raw.execNative(`CREATE TRIGGER capture_turns_insert AFTER INSERT ON "turns" FOR EACH ROW EXECUTE FUNCTION "${schema}".chorus_capture();`);
    raw.pragma('user_version = 70');
    raw.close();
    const triggers = (db: SqlDb) =>
      (db.prepare(`SELECT tgname AS name FROM pg_trigger WHERE tgrelid = to_regclass('turns') AND NOT tgisinternal ORDER BY tgname`).all() as { name: string }[]).map(
        (r) => r.name,
      );

    const project = openPostgresProject(url, schema, env);
    try {
      expect(project.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(triggers(project.db)).toEqual(['capture_turns_delete', 'capture_turns_update']);
    } finally {
      project.close();
    }

    const session = new Session(env);
    session.setProject(openPostgresProject(url, schema, env));
    const file = path.join(dir, 'group.txt');
    fs.writeFileSync(file, text);
    await call(session, 'documents.import', { sources: [{ kind: 'path', path: file }] });
    const turns = () => Number((session.project!.db.prepare('SELECT count(*) AS n FROM turns').get() as { n: number }).n);
    expect(turns()).toBeGreaterThan(0);
    await call(session, 'history.undo', {});
    expect(turns()).toBe(0);
    session.close();

    // A format the opening cannot bring up to date is still refused.
    const older = openPostgres(url, { schema });
    older.pragma('user_version = 60');
    older.close();
    expect(() => openPostgresProject(url, schema, env)).toThrow(/format 60/);
  });
});
