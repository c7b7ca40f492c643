/**
 * Encrypted projects (SQLCipher 4 format through SQLite3 Multiple Ciphers): what an outsider with
 * the file but not the passphrase can learn (nothing readable), what a wrong passphrase does to the
 * file (nothing), and that the whole of Chorus works on an encrypted project as on a plain one.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/errors.js';
import type { Session } from '../../electron/core/session.js';
import { createEnv, TeamServer } from '../../electron/core/index.js';
import { copyProjectFromPostgres, copyProjectToPostgres, openPostgresProject } from '../../electron/core/projects/postgres.js';
import { openSqlite, sqliteConnection } from '../../electron/core/store/sqlite.js';
import { migration0010 } from '../../electron/core/store/migrations/0010-initial.js';
import { APPLICATION_ID, openProjectFile, openProjectFileReadOnly } from '../../electron/core/store/project-file.js';
import { createDatabase, startPostgres, type PostgresServer } from '../postgres.js';
import { call, callFails, createHarness, dbOf, dumpAll, importTranscript, PILOT_TRANSCRIPT, sha256, testEnv, type Harness } from './helpers.js';

const SECRET = 'correct horse battery staple';
/** A word found nowhere but in the transcript, to look for in the file's raw bytes. */
const MARKER = 'Quokkaberg';
const TRANSCRIPT = `${PILOT_TRANSCRIPT}\n[00:01:30] P1: We call the night rota ${MARKER}, because nobody survives it.\n`;
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const CO_CODER = { guid: '22222222-2222-4222-8222-222222222222', name: 'Co Coder' };

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.cleanup());

/** The Debian sqlite3 command-line tool (installed by .ci/run), as an outsider would use it. */
function sqlite3(file: string, sql: string) {
  const r = spawnSync('sqlite3', [file, sql], { encoding: 'utf8' });
  if (r.error) throw new Error(`The sqlite3 command-line tool is needed for this test: ${r.error.message}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function rawBytes(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

/** Whether `text` can be found in the file (and its -wal), in the encodings SQLite stores text in. */
function findable(file: string, text: string): boolean {
  const bytes = rawBytes(file);
  return bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le'));
}

/** An encrypted project with a transcript and a coding in it, closed (or left open in `session`). */
async function makeEncrypted(name: string, session: Session = h.newSession()): Promise<{ file: string; doc: string }> {
  const file = h.file(name);
  const info = await call(session, 'project.create', { path: file, title: 'Night shifts', passphrase: SECRET });
  expect(info.encrypted).toBe(true);
  const doc = await importTranscript(h, `${name}.txt`, TRANSCRIPT, session);
  await call(session, 'codings.apply', { document: doc, start: 0, end: 17, code: { name: 'Rota' } });
  return { file, doc };
}

/** An encrypted project file at schema version 10 (the first), as an early Chorus wrote it. */
function olderEncryptedFile(name: string): string {
  const file = h.file(name);
  const db = openSqlite(file, { passphrase: SECRET });
  db.exec(migration0010.sql);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma('user_version = 10');
  db.prepare(`INSERT INTO project (id, guid, title, created_at) VALUES (1, ?, 'Old and secret', '2025-01-01T00:00:00.000Z')`).run(
    '33333333-3333-4333-8333-333333333333',
  );
  db.close();
  return file;
}

/** Opening must fail with `code`, leaving the file's bytes as they were and no -wal or -shm beside it. */
async function expectRefusedUntouched(file: string, input: { passphrase?: string }, code: ErrorCode): Promise<string> {
  const before = sha256(file);
  const s = h.newSession();
  const error = await callFails(s, 'project.open', { path: file, ...input }, code);
  expect(sha256(file)).toBe(before);
  expect(fs.existsSync(`${file}-wal`)).toBe(false);
  expect(fs.existsSync(`${file}-shm`)).toBe(false);
  expect((await call(s, 'project.current', {})).path).toBeNull();
  return error.message;
}

describe('an encrypted project, seen from outside', () => {
  it('cannot be read by the sqlite3 command-line tool, and opens in Chorus with its passphrase', async () => {
    const s = h.newSession();
    const { file, doc } = await makeEncrypted('study.chorus', s);
    // While open, the write-ahead log holds the newest pages: encrypted as well.
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    expect(findable(file, MARKER)).toBe(false);
    s.close();

    expect(fs.readFileSync(file).subarray(0, 16).equals(SQLITE_MAGIC)).toBe(false);
    expect(findable(file, MARKER)).toBe(false);
    expect(findable(file, 'Moderator')).toBe(false);
    expect(findable(file, 'Rota')).toBe(false);
    const outsider = sqlite3(file, 'select count(*) from documents');
    expect(outsider.code).not.toBe(0);
    expect(outsider.stderr).toMatch(/file is not a database/);

    const again = h.newSession();
    const info = await call(again, 'project.open', { path: file, passphrase: SECRET });
    expect(info).toMatchObject({ encrypted: true, title: 'Night shifts', counts: { documents: 1, codings: 1 } });
    expect((await call(again, 'documents.get', { document: doc })).text).toContain(MARKER);
  });

  it('a plain project stays plain, readable by any SQLite tool, and ignores a passphrase given to open it', async () => {
    const file = h.file('plain.chorus');
    const s = h.newSession();
    expect((await call(s, 'project.create', { path: file })).encrypted).toBe(false);
    await importTranscript(h, 'pilot.txt', TRANSCRIPT, s);
    s.close();
    expect(fs.readFileSync(file).subarray(0, 16).equals(SQLITE_MAGIC)).toBe(true);
    expect(sqlite3(file, 'select count(*) from documents')).toMatchObject({ code: 0, stdout: '1\n' });
    const info = await call(h.newSession(), 'project.open', { path: file, passphrase: 'for another project' });
    expect(info.encrypted).toBe(false);
  });

  it('without its passphrase asks for one, with a wrong one says so, and either way leaves the file untouched', async () => {
    const s = h.newSession();
    const { file } = await makeEncrypted('locked.chorus', s);
    s.close();
    const missing = await expectRefusedUntouched(file, {}, ErrorCode.PASSPHRASE_REQUIRED);
    expect(missing).toMatch(/locked\.chorus is protected with a passphrase/);
    const wrong = await expectRefusedUntouched(file, { passphrase: 'Correct horse battery staple' }, ErrorCode.WRONG_PASSPHRASE);
    expect(wrong).toMatch(/does not open locked\.chorus/);
    expect(wrong).not.toContain('Correct horse');
    await callFails(h.newSession(), 'project.open', { path: file, passphrase: '' }, ErrorCode.INVALID_INPUT);
    expect((await call(h.newSession(), 'project.open', { path: file, passphrase: SECRET })).encrypted).toBe(true);
  });

  // The -shm is SQLite's shared-memory index of the -wal, which every reader updates (its read
  // marks) and any reader may rebuild: it holds no content, so only the file and its log are compared.
  it('refuses a wrong passphrase untouched while another window has the project open', async () => {
    const s = h.newSession();
    const { file } = await makeEncrypted('busy.chorus', s);
    const files = [file, `${file}-wal`];
    const before = files.map(sha256);
    await callFails(h.newSession(), 'project.open', { path: file, passphrase: 'not it at all' }, ErrorCode.WRONG_PASSPHRASE);
    expect(files.map(sha256)).toEqual(before);
    expect((await call(s, 'project.info', {})).counts.codings).toBe(1);
  });

  it('refuses a wrong passphrase untouched after a crash left the newest pages in the -wal, and the right one recovers them', async () => {
    const s = h.newSession();
    const { file } = await makeEncrypted('crashed.chorus', s);
    await call(s, 'codes.create', { name: 'Only in the log' });
    // The files as a crash leaves them: the database and its write-ahead log, not checkpointed.
    const copy = h.file('copy.chorus');
    fs.copyFileSync(file, copy);
    fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    s.close();
    const files = [copy, `${copy}-wal`];
    const before = files.map(sha256);
    await callFails(h.newSession(), 'project.open', { path: copy, passphrase: 'not it at all' }, ErrorCode.WRONG_PASSPHRASE);
    expect(files.map(sha256)).toEqual(before);
    const again = h.newSession();
    await call(again, 'project.open', { path: copy, passphrase: SECRET });
    expect((await call(again, 'codes.list', {})).map((c) => c.name)).toContain('Only in the log');
  });

  it('a new passphrase needs 8 characters; nothing is created with a shorter one', async () => {
    const file = h.file('short.chorus');
    await callFails(h.session, 'project.create', { path: file, passphrase: 'abc' }, ErrorCode.INVALID_INPUT);
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('setting, changing and removing the passphrase', () => {
  it('keeps every row through protect, change and remove, on the open connection and after reopening', async () => {
    const file = h.file('evolving.chorus');
    const s = h.newSession();
    await call(s, 'project.create', { path: file, title: 'Evolving' });
    const doc = await importTranscript(h, 'pilot.txt', TRANSCRIPT, s);
    await call(s, 'codings.apply', { document: doc, start: 0, end: 17, code: { name: 'Rota' } });
    const journal = 'First thoughts on the rota.';
    const content = JSON.stringify({ root: { children: [{ children: [{ text: journal, type: 'text', version: 1 }], type: 'paragraph', version: 1 }], type: 'root', version: 1 } });
    await call(s, 'memos.create', { kind: 'journal', content, text: journal });
    const before = dumpAll(dbOf(s));

    expect(await call(s, 'project.setPassphrase', { passphrase: SECRET })).toEqual({ encrypted: true });
    expect((await call(s, 'project.info', {})).encrypted).toBe(true);
    expect(dumpAll(dbOf(s))).toEqual(before);
    // Back in WAL, the way every project works.
    expect(dbOf(s).pragma('journal_mode', { simple: true })).toBe('wal');
    // Work goes on after the rekey, and is encrypted too.
    await call(s, 'codes.create', { name: 'After protecting' });
    await call(s, 'history.undo', {});
    s.close();
    expect(fs.readFileSync(file).subarray(0, 16).equals(SQLITE_MAGIC)).toBe(false);
    expect(findable(file, MARKER)).toBe(false);
    expect(sqlite3(file, 'select count(*) from documents').stderr).toMatch(/file is not a database/);
    await expectRefusedUntouched(file, {}, ErrorCode.PASSPHRASE_REQUIRED);

    const t = h.newSession();
    await call(t, 'project.open', { path: file, passphrase: SECRET });
    const protectedDump = dumpAll(dbOf(t));
    expect({ ...protectedDump, history: [], history_changes: [] }).toEqual({ ...before, history: [], history_changes: [] });
    // Changing needs the current passphrase, and a wrong one changes nothing.
    await callFails(t, 'project.setPassphrase', { passphrase: 'a brand new one' }, ErrorCode.PASSPHRASE_REQUIRED);
    await callFails(t, 'project.setPassphrase', { current: 'guess', passphrase: 'a brand new one' }, ErrorCode.WRONG_PASSPHRASE);
    expect(await call(t, 'project.setPassphrase', { current: SECRET, passphrase: 'a brand new one' })).toEqual({ encrypted: true });
    expect(dumpAll(dbOf(t))).toEqual(protectedDump);
    t.close();
    await expectRefusedUntouched(file, { passphrase: SECRET }, ErrorCode.WRONG_PASSPHRASE);

    const u = h.newSession();
    await call(u, 'project.open', { path: file, passphrase: 'a brand new one' });
    expect(dumpAll(dbOf(u))).toEqual(protectedDump);
    await callFails(u, 'project.setPassphrase', { current: SECRET, passphrase: null }, ErrorCode.WRONG_PASSPHRASE);
    expect(await call(u, 'project.setPassphrase', { current: 'a brand new one', passphrase: null })).toEqual({ encrypted: false });
    expect(dumpAll(dbOf(u))).toEqual(protectedDump);
    u.close();
    expect(fs.readFileSync(file).subarray(0, 16).equals(SQLITE_MAGIC)).toBe(true);
    expect(sqlite3(file, 'select count(*) from documents')).toMatchObject({ code: 0, stdout: '1\n' });
    const plain = h.newSession();
    expect((await call(plain, 'project.open', { path: file })).encrypted).toBe(false);
    expect(dumpAll(dbOf(plain))).toEqual(protectedDump);
  });

  it('refuses to re-encrypt while another window has the project open, and changes nothing', async () => {
    const file = h.file('two-windows.chorus');
    const a = h.newSession();
    await call(a, 'project.create', { path: file });
    await importTranscript(h, 'pilot.txt', TRANSCRIPT, a);
    const b = h.newSession();
    await call(b, 'project.open', { path: file });
    const before = dumpAll(dbOf(a));
    await callFails(a, 'project.setPassphrase', { passphrase: SECRET }, ErrorCode.CONFLICT);
    expect((await call(a, 'project.info', {})).encrypted).toBe(false);
    expect(dumpAll(dbOf(b))).toEqual(before);
    expect(dbOf(a).pragma('journal_mode', { simple: true })).toBe('wal');
    b.close();
    a.close();
    expect(sqlite3(file, 'select count(*) from documents')).toMatchObject({ code: 0, stdout: '1\n' });
  });

  it('never puts a passphrase into the command log', async () => {
    const s = h.newSession();
    const { file } = await makeEncrypted('audited.chorus', s);
    await call(s, 'project.setPassphrase', { current: SECRET, passphrase: 'second secret' });
    const copy = h.file('copy.chorus');
    const other = h.newSession(testEnv({ user: CO_CODER }));
    await call(other, 'project.create', { path: copy, passphrase: 'the copy has its own' });
    await importTranscript(h, 'other.txt', 'Moderator: Hello.\n\nP1: Hi.\n', other);
    other.close();
    await call(s, 'team.merge', { source: copy, passphrase: 'the copy has its own', resolutions: {} });
    const payloads = (dbOf(s).prepare('SELECT payload FROM history').pluck().all() as string[]).join('\n');
    expect(payloads).toContain('copy.chorus');
    for (const secret of [SECRET, 'second secret', 'the copy has its own']) expect(payloads).not.toContain(secret);
    expect(JSON.stringify(await call(s, 'history.list', {}))).not.toContain('the copy has its own');
    expect(JSON.stringify(await call(s, 'project.info', {}))).not.toContain('second secret');
    s.close();
    expect(findable(file, 'second secret')).toBe(false);
  });
});

describe('everything works on an encrypted project', () => {
  it('imports, codes, undoes and redoes, searches, builds themes, takes snapshots and exports', async () => {
    const s = h.newSession();
    const { file, doc } = await makeEncrypted('work.chorus', s);
    const codings = await call(s, 'codings.list', { document: doc });
    expect(codings).toHaveLength(1);
    const night = await call(s, 'codes.create', { name: 'Night work' });
    const text = (await call(s, 'documents.get', { document: doc })).text;
    const at = text.indexOf(MARKER);
    await call(s, 'codings.apply', { document: doc, start: at, end: at + MARKER.length, code: { guid: night.guid } });
    await call(s, 'history.undo', {});
    expect(await call(s, 'codings.list', { document: doc })).toHaveLength(1);
    await call(s, 'history.redo', {});
    expect(await call(s, 'codings.list', { document: doc })).toHaveLength(2);

    // Full-text search (FTS5) runs on the encrypted index.
    const found = await call(s, 'analysis.search', { text: MARKER });
    expect(found.total).toBe(1);
    const rota = (await call(s, 'codes.list', {})).find((c) => c.name === 'Rota')!;
    const theme = await call(s, 'themes.wrap', { codes: [rota.guid, night.guid], name: 'Surviving nights' });
    expect(theme.kind).toBe('theme');
    await call(s, 'snapshots.create', { name: 'Before review' });
    expect(await call(s, 'snapshots.list', {})).toHaveLength(1);

    const themes = await call(s, 'export.themes', { format: 'themes-md' });
    expect(themes.content).toContain('Surviving nights');
    const qdpx = await call(s, 'export.refi', { format: 'qdpx' });
    const zip = await JSZip.loadAsync(Buffer.from(qdpx.content!, 'base64'));
    expect(await zip.file('project.qde')!.async('string')).toContain('Surviving nights');
    const written = await call(s, 'export.refi', { format: 'qdpx', path: h.file('out.qdpx') });
    expect(fs.existsSync(written.path!)).toBe(true);
    s.close();

    expect(findable(file, MARKER)).toBe(false);
    expect(findable(file, 'Surviving nights')).toBe(false);
    const again = h.newSession();
    await call(again, 'project.open', { path: file, passphrase: SECRET });
    expect((await call(again, 'analysis.search', { text: MARKER })).total).toBe(1);
    expect((await call(again, 'history.list', {})).some((e) => e.summary.includes('"Surviving nights"'))).toBe(true);
  });

  it('merges a co-coder’s encrypted copy: with the project’s own passphrase, or with its own when it differs', async () => {
    const s = h.newSession();
    const { file } = await makeEncrypted('ours.chorus', s);
    s.close();
    // The co-coder works on a copy of the file, protected with the same passphrase.
    const theirs = h.file('theirs.chorus');
    fs.copyFileSync(file, theirs);
    const co = h.newSession(testEnv({ user: CO_CODER }));
    const docs = (await call(co, 'project.open', { path: theirs, passphrase: SECRET })).documents;
    await call(co, 'codings.apply', { document: docs[0]!.guid, start: 18, end: 40, code: { name: 'Co-coder’s code' } });
    co.close();
    expect(findable(theirs, 'Co-coder’s code')).toBe(false);

    const ours = h.newSession();
    await call(ours, 'project.open', { path: file, passphrase: SECRET });
    const plan = await call(ours, 'team.previewMerge', { source: theirs });
    expect(plan.codes.added.map((c) => c.path)).toEqual(['Co-coder’s code']);
    const merged = await call(ours, 'team.merge', { source: theirs, resolutions: {} });
    expect(merged.summary).toMatch(/Co Coder/);
    expect((await call(ours, 'codes.list', {})).map((c) => c.name)).toContain('Co-coder’s code');

    // A copy under another passphrase asks for its own, and a wrong one is refused.
    const other = h.file('other.chorus');
    const cs = h.newSession(testEnv({ user: CO_CODER }));
    await call(cs, 'project.open', { path: theirs, passphrase: SECRET });
    await call(cs, 'project.setPassphrase', { current: SECRET, passphrase: 'co-coder only' });
    cs.close();
    fs.renameSync(theirs, other);
    const untouched = sha256(other);
    const asked = await callFails(ours, 'team.previewMerge', { source: other }, ErrorCode.PASSPHRASE_REQUIRED);
    expect(asked.message).toMatch(/other\.chorus is protected with a passphrase other than this project's/);
    await callFails(ours, 'team.previewMerge', { source: other, passphrase: 'nope, not it' }, ErrorCode.WRONG_PASSPHRASE);
    const again = await call(ours, 'team.previewMerge', { source: other, passphrase: 'co-coder only' });
    expect(again.codes.added).toEqual([]);
    // Sent as bytes (browser mode uploads the file), the same.
    const bytes = { kind: 'bytes' as const, name: 'other.chorus', base64: fs.readFileSync(other).toString('base64') };
    await callFails(ours, 'team.previewMerge', { source: bytes }, ErrorCode.PASSPHRASE_REQUIRED);
    expect((await call(ours, 'team.previewMerge', { source: bytes, passphrase: 'co-coder only' })).codes.added).toEqual([]);
    expect(sha256(other)).toBe(untouched);
  });

  it('puts an encrypted project on the team server with its passphrase, where it is kept unencrypted, and gives it back', async () => {
    const s = h.newSession();
    const { file } = await makeEncrypted('hosted.chorus', s);
    const before = dumpAll(dbOf(s));
    s.close();
    const untouched = sha256(file);
    const team = TeamServer.openInFolder(h.file('server'), createEnv({ user: { guid: '00000000-0000-4000-8000-000000000000', name: 'Server' } }));
    try {
      await team.createAccount({ login: 'ana', name: 'Ana', password: 'a long enough password' });
      expect(() => team.importProject(file, 'ana')).toThrow(/protected with a passphrase/);
      expect(() => team.importProject(file, 'ana', 'wrong one')).toThrow(/does not open/);
      expect(team.listProjects()).toEqual([]);
      const hosted = team.importProject(file, 'ana', SECRET);
      expect(sha256(file)).toBe(untouched);
      const stored = fs.readdirSync(h.file('server/projects')).filter((f) => f.endsWith('.chorus'));
      expect(stored).toHaveLength(1);
      expect(fs.readFileSync(path.join(h.file('server/projects'), stored[0]!)).subarray(0, 16).equals(SQLITE_MAGIC)).toBe(true);
      const out = h.file('back.chorus');
      await team.exportProject(hosted.guid, out);
      const back = openProjectFile(out);
      try {
        expect(dumpAll(back.db)).toEqual(before);
      } finally {
        back.db.close();
      }
    } finally {
      team.close();
    }
  });

  it('backs up an older encrypted file encrypted before migrating it', async () => {
    const file = olderEncryptedFile('old.chorus');
    await expectRefusedUntouched(file, {}, ErrorCode.PASSPHRASE_REQUIRED);
    const opened = openProjectFile(file, { passphrase: SECRET });
    try {
      expect(opened.migratedFrom).toBe(10);
      expect(sqliteConnection(opened.db).pragma('user_version', { simple: true })).toBeGreaterThan(10);
    } finally {
      opened.db.close();
    }
    const backup = opened.backupPath!;
    expect(fs.readFileSync(backup).subarray(0, 16).equals(SQLITE_MAGIC)).toBe(false);
    expect(sqlite3(backup, 'select count(*) from project').stderr).toMatch(/file is not a database/);
    const read = openProjectFileReadOnly(backup, { passphrase: SECRET });
    try {
      expect(read.version).toBe(10);
      expect(read.db.prepare('SELECT title FROM project').pluck().get()).toBe('Old and secret');
    } finally {
      read.db.close();
    }
  });
});

describe('an encrypted project copied to PostgreSQL (the team server\'s database engine)', () => {
  let pg: PostgresServer | undefined;
  let url = '';
  beforeAll(async () => {
    pg = await startPostgres();
    url = createDatabase(pg.url, 'chorus_encrypted');
  }, 120_000);
  afterAll(async () => {
    await pg?.stop();
  });

  it('is read with its passphrase, works there, and comes back as a plain file with every row', async () => {
    const s = h.newSession();
    const { file } = await makeEncrypted('to-postgres.chorus', s);
    const before = dumpAll(dbOf(s));
    s.close();
    const untouched = sha256(file);
    expect(() => copyProjectToPostgres(file, url, 'secret_study', h.env)).toThrow(/protected with a passphrase/);
    expect(() => copyProjectToPostgres(file, url, 'secret_study', h.env, 'wrong one')).toThrow(/does not open/);
    copyProjectToPostgres(file, url, 'secret_study', h.env, SECRET);
    expect(sha256(file)).toBe(untouched);

    const server = h.newSession();
    server.setProject(openPostgresProject(url, 'secret_study', h.env));
    expect((await call(server, 'analysis.search', { text: MARKER })).total).toBe(1);
    server.close();

    const back = h.file('back.chorus');
    copyProjectFromPostgres(url, 'secret_study', back, h.env);
    expect(fs.readFileSync(back).subarray(0, 16).equals(SQLITE_MAGIC)).toBe(true);
    const reopened = openProjectFile(back);
    try {
      expect(dumpAll(reopened.db)).toEqual(before);
    } finally {
      reopened.db.close();
    }
  });

  it('migrates an older encrypted file through a temporary copy (encrypted like it), leaving the file as it was', () => {
    const file = olderEncryptedFile('old-to-postgres.chorus');
    const untouched = sha256(file);
    copyProjectToPostgres(file, url, 'old_secret', h.env, SECRET);
    expect(sha256(file)).toBe(untouched);
    const project = openPostgresProject(url, 'old_secret', h.env);
    try {
      expect(project.db.prepare('SELECT title FROM project').pluck().get()).toBe('Old and secret');
    } finally {
      project.close();
    }
  });
});
