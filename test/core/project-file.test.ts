import fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/errors.js';
import { dispatch } from '../../electron/core/dispatch.js';
import { CAPTURED_TABLES, INSERTED_IN_BULK_ONLY } from '../../electron/core/store/change-capture.js';
import { LATEST_VERSION, MIGRATIONS } from '../../electron/core/store/migrations/index.js';
import { migration0010 } from '../../electron/core/store/migrations/0010-initial.js';
import { APPLICATION_ID, migrate, openProjectFile } from '../../electron/core/store/project-file.js';
import {
  PILOT_TRANSCRIPT,
  call,
  callFails,
  createHarness,
  dbOf,
  importTranscript,
  sha256,
  writeFile,
  type Harness,
} from './helpers.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.cleanup());

/** Opening `file` must fail with `code` and leave it exactly as it was, with no -wal or -shm beside it. */
async function expectRefusedUntouched(file: string, code: ErrorCode): Promise<void> {
  const before = fs.existsSync(file) ? sha256(file) : null;
  await callFails(h.session, 'project.open', { path: file }, code);
  expect(fs.existsSync(file) ? sha256(file) : null).toBe(before);
  expect(fs.existsSync(`${file}-wal`)).toBe(false);
  expect(fs.existsSync(`${file}-shm`)).toBe(false);
  expect((await call(h.session, 'project.current', {})).path).toBeNull();
}

/** A closed Chorus project with a transcript and a code in it. */
async function makeProject(name: string): Promise<string> {
  const file = h.file(name);
  const s = h.newSession();
  await call(s, 'project.create', { path: file, title: 'Round trip' });
  await importTranscript(h, 'pilot.txt', PILOT_TRANSCRIPT, s);
  await call(s, 'codes.create', { name: 'Night shifts' });
  s.close();
  return file;
}

describe('project.create and project.open', () => {
  it('creates a project, and opening it again gives back the same project', async () => {
    const file = h.file('study.chorus');
    const created = await call(h.session, 'project.create', { path: file, title: '  Peer support  ' });
    expect(created.title).toBe('Peer support');
    expect(created.path).toBe(file);
    expect(created.schemaVersion).toBe(LATEST_VERSION);
    expect(created.counts.documents).toBe(0);
    const doc = await importTranscript(h, 'pilot.txt', PILOT_TRANSCRIPT);
    const code = await call(h.session, 'codes.create', { name: 'Night shifts', color: '#123456' });
    await call(h.session, 'codings.apply', { document: doc, start: 0, end: 5, code: { guid: code.guid } });
    const info = await call(h.session, 'project.info', {});
    const codes = await call(h.session, 'codes.list', {});
    const docs = await call(h.session, 'documents.list', {});
    const history = await call(h.session, 'history.list', {});
    h.session.close();
    expect(fs.existsSync(file)).toBe(true);

    const s2 = h.newSession();
    const opened = await call(s2, 'project.open', { path: file });
    expect(opened).toEqual(info);
    expect(await call(s2, 'codes.list', {})).toEqual(codes);
    expect(await call(s2, 'documents.list', {})).toEqual(docs);
    expect(await call(s2, 'history.list', {})).toEqual(history);
    expect((await call(s2, 'project.current', {})).path).toBe(file);
  });

  it('takes the title from the file name when none is given', async () => {
    const info = await call(h.session, 'project.create', { path: h.file('Pilot study.chorus') });
    expect(info.title).toBe('Pilot study');
  });

  it('opens the connection in WAL mode with foreign keys and synchronous=FULL', async () => {
    const file = await makeProject('pragmas.chorus');
    await call(h.session, 'project.open', { path: file });
    const db = dbOf(h.session);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
  });

  it('sets the same pragmas on a newly created project', async () => {
    await call(h.session, 'project.create', { path: h.file('new.chorus') });
    const db = dbOf(h.session);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('refuses to create a project over an existing file, and leaves that file alone', async () => {
    const file = await makeProject('taken.chorus');
    const hash = sha256(file);
    await callFails(h.session, 'project.create', { path: file }, ErrorCode.CONFLICT);
    expect(sha256(file)).toBe(hash);
    const text = writeFile(h.dir, 'notes.txt', 'my notes');
    await callFails(h.session, 'project.create', { path: text }, ErrorCode.CONFLICT);
    expect(fs.readFileSync(text, 'utf8')).toBe('my notes');
    expect((await call(h.session, 'project.current', {})).path).toBeNull();
  });

  it('refuses to create a project in a folder that does not exist', async () => {
    const file = h.file('no/such/folder/x.chorus');
    await callFails(h.session, 'project.create', { path: file }, ErrorCode.NOT_FOUND);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('opens a project that another session (another window) has open', async () => {
    const file = h.file('shared.chorus');
    const a = h.newSession();
    await call(a, 'project.create', { path: file, title: 'Shared' });
    await call(a, 'codes.create', { name: 'From window A' });
    const b = h.newSession();
    const info = await call(b, 'project.open', { path: file });
    expect(info.title).toBe('Shared');
    expect((await call(b, 'codes.list', {})).map((c) => c.name)).toEqual(['From window A']);
  });

  it('opens a project left with its newest pages in the -wal, as after a crash, with nothing lost', async () => {
    const file = h.file('live.chorus');
    const a = h.newSession();
    await call(a, 'project.create', { path: file, title: 'Crashed' });
    const doc = await importTranscript(h, 'pilot.txt', PILOT_TRANSCRIPT, a);
    await call(a, 'codings.apply', { document: doc, start: 0, end: 5, code: { name: 'Header' } });
    const info = await call(a, 'project.info', {});
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    // The files as a crash leaves them: the database and its write-ahead log, not checkpointed.
    const copy = h.file('crashed.chorus');
    fs.copyFileSync(file, copy);
    fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    const b = h.newSession();
    const reopened = await call(b, 'project.open', { path: copy });
    expect({ ...reopened, path: file }).toEqual(info);
    expect((await call(b, 'history.state', {})).undoSummary).toBe('Created and applied code "Header" in pilot');
  });

  it('keeps the open project when opening another file fails', async () => {
    const file = await makeProject('good.chorus');
    await call(h.session, 'project.open', { path: file });
    await callFails(h.session, 'project.open', { path: h.file('missing.chorus') }, ErrorCode.NOT_FOUND);
    expect((await call(h.session, 'project.current', {})).path).toBe(file);
    expect((await call(h.session, 'codes.list', {})).map((c) => c.name)).toEqual(['Night shifts']);
  });
});

describe('project.open refuses what is not a Chorus project of this version, untouched', () => {
  it('a text file: NOT_A_PROJECT', async () => {
    const file = writeFile(h.dir, 'transcript.chorus', 'Moderator: this is a transcript, not a project.\n'.repeat(10));
    await expectRefusedUntouched(file, ErrorCode.NOT_A_PROJECT);
  });

  it('a short text file (under 100 bytes): NOT_A_PROJECT', async () => {
    await expectRefusedUntouched(writeFile(h.dir, 'short.chorus', 'hello'), ErrorCode.NOT_A_PROJECT);
  });

  it('an empty file: NOT_A_PROJECT', async () => {
    await expectRefusedUntouched(writeFile(h.dir, 'empty.chorus', ''), ErrorCode.NOT_A_PROJECT);
  });

  it('a folder: NOT_A_PROJECT', async () => {
    const dir = h.file('folder.chorus');
    fs.mkdirSync(dir);
    await callFails(h.session, 'project.open', { path: dir }, ErrorCode.NOT_A_PROJECT);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a SQLite database of another application: NOT_A_PROJECT', async () => {
    const file = h.file('other-app.sqlite');
    const other = new Database(file);
    other.exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x');`);
    other.pragma('user_version = 3');
    other.close();
    await expectRefusedUntouched(file, ErrorCode.NOT_A_PROJECT);
  });

  it('a SQLite database of another application in WAL mode: NOT_A_PROJECT', async () => {
    const file = h.file('other-wal.sqlite');
    const other = new Database(file);
    other.pragma('journal_mode = WAL');
    other.exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x');`);
    other.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    await expectRefusedUntouched(file, ErrorCode.NOT_A_PROJECT);
  });

  it('a Chorus file written by a newer version: NEWER_VERSION', async () => {
    const file = await makeProject('future.chorus');
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 10}`);
    raw.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    await expectRefusedUntouched(file, ErrorCode.NEWER_VERSION);
  });

  it('a missing file: NOT_FOUND', async () => {
    const file = h.file('missing.chorus');
    await expectRefusedUntouched(file, ErrorCode.NOT_FOUND);
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('project.open on a damaged Chorus file', () => {
  /** Fails with one of `codes` and a message that names the file. */
  async function expectOpenFails(file: string, codes: ErrorCode[]): Promise<void> {
    const r = await dispatch(h.session, 'project.open', { path: file });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(codes, r.error.message).toContain(r.error.code);
    expect(r.error.message).toContain('damaged.chorus');
  }

  /** Descriptors this process holds open on `file`, where the OS lets us look (Linux). */
  function openHandles(file: string): string[] {
    if (!fs.existsSync('/proc/self/fd')) return [];
    return fs
      .readdirSync('/proc/self/fd')
      .map((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return '';
        }
      })
      .filter((target) => target.startsWith(file));
  }

  /**
   * After a refusal nothing holds the file: no project is open, no connection keeps it (or a
   * -wal/-shm beside it) open, and a new project can take its place.
   */
  async function expectReleased(file: string, hash: string): Promise<void> {
    expect((await call(h.session, 'project.current', {})).path).toBeNull();
    expect(openHandles(file)).toEqual([]);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(fs.existsSync(`${file}-shm`)).toBe(false);
    expect(sha256(file)).toBe(hash);
    fs.rmSync(file);
    await call(h.session, 'project.create', { path: file });
    expect((await call(h.session, 'project.info', {})).counts.documents).toBe(0);
  }

  it('a truncated file gets CORRUPT_FILE or NOT_A_PROJECT', async () => {
    const file = await makeProject('damaged.chorus');
    expect(fs.statSync(file).size).toBeGreaterThan(8 * 4096);
    fs.truncateSync(file, 3 * 4096);
    const hash = sha256(file);
    await expectOpenFails(file, [ErrorCode.CORRUPT_FILE, ErrorCode.NOT_A_PROJECT]);
    await expectReleased(file, hash);
  });

  it('a file with garbage over its pages gets CORRUPT_FILE', async () => {
    const file = await makeProject('damaged.chorus');
    const bytes = fs.readFileSync(file);
    // Keep the 100-byte header (a Chorus project of this version) and scribble over the rest.
    for (let i = 100; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    fs.writeFileSync(file, bytes);
    const hash = sha256(file);
    await expectOpenFails(file, [ErrorCode.CORRUPT_FILE]);
    await expectReleased(file, hash);
  });
});

describe('migrate', () => {
  it('applies every migration to a fresh database and sets user_version to the latest', () => {
    const db = new Database(h.file('fresh.sqlite'));
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(0);
      migrate(db);
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(LATEST_VERSION).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
      const tables = (
        db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]
      ).map((t) => t.name);
      for (const t of [...CAPTURED_TABLES, 'history', 'history_changes', 'capture_state', 'turns_fts']) {
        expect(tables).toContain(t);
      }
      // Running it again is a no-op.
      migrate(db);
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    } finally {
      db.close();
    }
  });

  it('upgrades a version-10 project: backs it up first, keeps its rows, adds the theme and journal tables', () => {
    const file = h.file('old.chorus');
    const old = new Database(file);
    old.pragma(`application_id = ${APPLICATION_ID}`);
    old.exec(migration0010.sql);
    old.prepare(`INSERT INTO project (id, guid, title, created_at) VALUES (1, 'p-guid', 'Peer support', '2026-01-01T00:00:00Z')`).run();
    old.pragma('user_version = 10');
    old.close();

    const opened = openProjectFile(file);
    try {
      expect(opened.migratedFrom).toBe(10);
      expect(opened.backupPath).toMatch(/old\.backup-v10\.chorus$/);
      expect(opened.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(opened.db.prepare('SELECT title, phase FROM project').get()).toEqual({ title: 'Peer support', phase: 1 });
      for (const t of ['code_links', 'memo_links', 'snapshots']) {
        expect(opened.db.prepare(`SELECT count(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
      }
    } finally {
      opened.db.close();
    }
    const backup = new Database(opened.backupPath!, { readonly: true });
    try {
      expect(backup.pragma('user_version', { simple: true })).toBe(10);
      expect(backup.prepare('SELECT title FROM project').get()).toEqual({ title: 'Peer support' });
    } finally {
      backup.close();
    }
  });

  it('takes the per-row insert trigger off the turns of a version-70 project (0080); undo still removes imported turns', async () => {
    const file = h.file('v70.chorus');
    const old = new Database(file);
    old.pragma(`application_id = ${APPLICATION_ID}`);
    for (const m of MIGRATIONS.filter((m) => m.version <= 70)) old.exec(m.sql);
    // As a version-70 file has it: an insert trigger on every captured table, turns too.
    old.exec(`CREATE TRIGGER capture_turns_insert AFTER INSERT ON "turns" WHEN (SELECT seq FROM capture_state WHERE id = 1) IS NOT NULL BEGIN
      INSERT INTO history_changes (seq, tbl, op, row_id, before, after) SELECT seq, 'turns', 'I', NEW.id, NULL, NULL FROM capture_state WHERE id = 1;
    END;`);
    old.exec(`INSERT INTO project (id, guid, title, created_at) VALUES (1, 'p', 'Peer support', '2026-01-01')`);
    old.pragma('user_version = 70');
    old.close();

    const opened = openProjectFile(file);
    const trigger = (name: string) => opened.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?`).get(name);
    try {
      expect(opened.migratedFrom).toBe(70);
      expect(trigger('capture_turns_insert')).toBeUndefined();
      expect(trigger('capture_turns_update')).toBeDefined();
      expect(trigger('capture_turns_delete')).toBeDefined();
    } finally {
      opened.db.close();
    }

    await call(h.session, 'project.open', { path: file });
    const source = h.file('group.txt');
    fs.writeFileSync(source, 'Ana: Peers supported me.\nBo: Night shifts were hard.\nAna: They were.\nBo: Every week.\n');
    const imported = await call(h.session, 'documents.import', { sources: [{ kind: 'path', path: source }] });
    expect(imported.files[0]!.turns).toBe(4);
    const turns = () => (h.session.project!.db.prepare('SELECT count(*) FROM turns').pluck().get() as number);
    expect(turns()).toBe(4);
    await call(h.session, 'history.undo', {});
    expect(turns()).toBe(0);
    await call(h.session, 'history.redo', {});
    expect(turns()).toBe(4);
  });

  it('gives a version-30 project the covering indexes of retrieval (0040), with its codings intact', () => {
    const file = h.file('v30.chorus');
    const old = new Database(file);
    old.pragma(`application_id = ${APPLICATION_ID}`);
    for (const m of MIGRATIONS.filter((m) => m.version <= 30)) old.exec(m.sql);
    old.exec(`
      INSERT INTO users (guid, name, created_at) VALUES ('u', 'Ana', '2026-01-01');
      INSERT INTO documents (id, guid, name, text, text_hash, text_length, word_count, source_format, created_by, created_at)
        VALUES (1, 'd', 'Group 1', 'Hello there', 'h', 11, 2, 'txt', 'u', '2026-01-01');
      INSERT INTO codes (id, guid, name, color, created_by, created_at) VALUES (1, 'c', 'Greeting', '#888888', 'u', '2026-01-01');
      INSERT INTO codings (guid, document_id, code_id, start, end, created_by, created_at) VALUES ('g', 1, 1, 0, 5, 'u', '2026-01-01');
    `);
    old.pragma('user_version = 30');
    old.close();

    const opened = openProjectFile(file);
    const indexes = (db: Database.Database) =>
      (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[]).sort();
    try {
      expect(opened.migratedFrom).toBe(30);
      expect(opened.backupPath).toMatch(/v30\.backup-v30\.chorus$/);
      const now = indexes(opened.db);
      expect(now).toEqual(expect.arrayContaining(['codings_code_span', 'turns_document_bounds']));
      expect(now).not.toContain('codings_code');
      expect(now).not.toContain('turns_document_start');
      // Retrieval's reads are answered by the indexes alone.
      const plan = (sql: string) => (opened.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
      expect(plan(`SELECT id, document_id, code_id, start, end FROM codings WHERE code_id IN (1, 2)`)).toContain('COVERING INDEX codings_code_span');
      expect(plan(`SELECT id, seq, start, end, speaker_id FROM turns WHERE document_id = 1 ORDER BY start`)).toContain(
        'COVERING INDEX turns_document_bounds',
      );
      expect(opened.db.prepare('SELECT guid, start, end FROM codings').all()).toEqual([{ guid: 'g', start: 0, end: 5 }]);
    } finally {
      opened.db.close();
    }
    const backup = new Database(opened.backupPath!, { readonly: true });
    try {
      expect(indexes(backup)).toContain('codings_code');
      expect(indexes(backup)).not.toContain('codings_code_span');
    } finally {
      backup.close();
    }
  });

  it('rebuilds a version-50 project\'s search index without per-turn sizes (0060): the same hits, highlights and deletes', () => {
    const file = h.file('v50.chorus');
    const old = new Database(file);
    old.pragma(`application_id = ${APPLICATION_ID}`);
    for (const m of MIGRATIONS.filter((m) => m.version <= 50)) old.exec(m.sql);
    old.exec(`
      INSERT INTO users (guid, name, created_at) VALUES ('u', 'Ana', '2026-01-01');
      INSERT INTO documents (id, guid, name, text, text_hash, text_length, word_count, source_format, created_by, created_at)
        VALUES (1, 'd', 'Group 1', 'A: Peers supported me. B: Night shifts.', 'h', 39, 6, 'txt', 'u', '2026-01-01');
      INSERT INTO turns (id, guid, document_id, seq, start, end, text, created_by, created_at) VALUES
        (1, 't1', 1, 0, 3, 22, 'Peers supported me.', 'u', '2026-01-01'),
        (2, 't2', 1, 1, 26, 39, 'Night shifts.', 'u', '2026-01-01');
      INSERT INTO turns_fts (rowid, text) SELECT id, text FROM turns;
    `);
    expect(old.prepare(`SELECT count(*) FROM turns_fts_docsize`).pluck().get()).toBe(2);
    old.pragma('user_version = 50');
    old.close();

    const opened = openProjectFile(file);
    const db = opened.db;
    const match = (q: string) => db.prepare(`SELECT rowid FROM turns_fts WHERE turns_fts MATCH ? ORDER BY rowid`).pluck().all(q);
    try {
      expect(opened.migratedFrom).toBe(50);
      expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'turns_fts_docsize'`).get()).toBeUndefined();
      expect(match('support')).toEqual([1]);
      expect(match('shift OR peer')).toEqual([1, 2]);
      expect(db.prepare(`SELECT highlight(turns_fts, 0, '[', ']') FROM turns_fts WHERE turns_fts MATCH 'support'`).pluck().get()).toBe(
        'Peers [supported] me.',
      );
      db.prepare('DELETE FROM turns WHERE id = 1').run();
      expect(match('support')).toEqual([]);
      db.prepare(`INSERT INTO turns_fts(turns_fts, rank) VALUES ('integrity-check', 1)`).run();
    } finally {
      db.close();
    }
  });

  it('numbers migrations in increasing order', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('installs insert, update and delete capture triggers on every captured table, no insert trigger on those inserted in bulk only', () => {
    const db = new Database(':memory:');
    try {
      migrate(db);
      const triggers = db
        .prepare(`SELECT name, tbl_name AS tbl FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'capture_%'`)
        .all() as { name: string; tbl: string }[];
      for (const t of CAPTURED_TABLES) {
        for (const op of ['insert', 'update', 'delete']) {
          if (op === 'insert' && INSERTED_IN_BULK_ONLY.has(t)) expect(triggers).not.toContainEqual({ name: `capture_${t}_${op}`, tbl: t });
          else expect(triggers).toContainEqual({ name: `capture_${t}_${op}`, tbl: t });
        }
      }
      expect([...INSERTED_IN_BULK_ONLY]).toEqual(['turns']);
      expect(triggers).toHaveLength(CAPTURED_TABLES.length * 3 - INSERTED_IN_BULK_ONLY.size);
    } finally {
      db.close();
    }
  });

  it('captures every column of every captured table', () => {
    const db = new Database(':memory:');
    try {
      migrate(db);
      for (const t of CAPTURED_TABLES) {
        const cols = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(t) as { name: string }[]).map(
          (c) => c.name,
        );
        const sql = (
          db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`).get(`capture_${t}_update`) as {
            sql: string;
          }
        ).sql;
        for (const c of cols) {
          expect(sql).toContain(`OLD."${c}"`);
          expect(sql).toContain(`NEW."${c}"`);
        }
      }
    } finally {
      db.close();
    }
  });
});
