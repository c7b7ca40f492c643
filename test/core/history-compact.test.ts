import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lexicalFromText } from '../../shared/lexical-text.js';
import { logPayload } from '../../electron/core/history/command-log.js';
import { call, createHarness, dbOf, dumpCaptured, expectConsistent, type Dump, type Harness } from './helpers.js';

/**
 * The command log keeps changes, not copies: no second copy of a transcript, no image of a row
 * that is still in its table, only the columns an update changed. Undo and redo stay exact, in
 * one session and across a reopen, for entries of this form and of the older one.
 */

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/projects');
const TEXT =
  'Moderator: Thank you all for coming. What helps after a hard shift?\n\nP1: Honestly, the debrief in the break room, with the ones who were there.\n\nP2: Texting a friend from residency.\n';

let h: Harness;
afterEach(() => h?.cleanup());

const plain = (d: Dump): unknown => JSON.parse(JSON.stringify(d));

function logBytes(h: Harness): { changes: string; payloads: string } {
  const db = dbOf(h.session);
  const changes = db.prepare(`SELECT group_concat(coalesce(before, '') || coalesce(after, ''), '') AS t FROM history_changes`).get() as {
    t: string | null;
  };
  const payloads = db.prepare(`SELECT group_concat(payload, '') AS t FROM history`).get() as { t: string };
  return { changes: changes.t ?? '', payloads: payloads.t };
}

async function importTranscript(h: Harness): Promise<string> {
  const r = await call(h.session, 'documents.import', {
    sources: [{ kind: 'bytes', name: 'fg1.txt', base64: Buffer.from(TEXT).toString('base64') }],
  });
  return r.files[0]!.document!.guid;
}

describe('the compact command log', () => {
  it('holds no copy of an imported transcript nor its uploaded bytes while the import is in effect', async () => {
    h = createHarness();
    await call(h.session, 'project.create', { path: h.file('p.chorus') });
    await importTranscript(h);
    const phrase = 'debrief in the break room';
    expect(logBytes(h).changes).not.toContain(phrase);
    expect(logBytes(h).payloads).not.toContain(Buffer.from(TEXT).toString('base64').slice(0, 40));
    expect(logBytes(h).payloads).toContain(`"base64":{"bytes":${Buffer.byteLength(TEXT)}}`);

    // Undone, the transcript lives in the log alone (redo needs it); redone, it leaves it again.
    await call(h.session, 'history.undo', {});
    expect(logBytes(h).changes).toContain(phrase);
    await call(h.session, 'history.redo', {});
    expect(logBytes(h).changes).not.toContain(phrase);
    expect((await call(h.session, 'documents.list', {}))[0]!.name).toBe('fg1');
    expectConsistent(dbOf(h.session));
  });

  it('records only the columns an update changed', async () => {
    h = createHarness();
    await call(h.session, 'project.create', { path: h.file('p.chorus') });
    const code = await call(h.session, 'codes.create', { name: 'Peer support', definition: 'A long definition that must not be copied.' });
    await call(h.session, 'codes.update', { code: code.guid, color: '#336699' });
    const rows = dbOf(h.session)
      .prepare(`SELECT before, after FROM history_changes WHERE op = 'U' AND tbl = 'codes'`)
      .all() as { before: string; after: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.before).not.toContain('long definition');
      expect(Object.keys(JSON.parse(r.after) as object)).toContain('color');
    }
  });

  it('undoes and redoes exactly, also after the project is closed and opened again', async () => {
    h = createHarness();
    const file = h.file('p.chorus');
    await call(h.session, 'project.create', { path: file });
    const states: unknown[] = [plain(dumpCaptured(dbOf(h.session)))];
    const step = async (f: () => Promise<unknown>) => {
      await f();
      states.push(plain(dumpCaptured(dbOf(h.session))));
    };
    let doc = '';
    await step(async () => (doc = await importTranscript(h)));
    let code = '';
    await step(async () => (code = (await call(h.session, 'codes.create', { name: 'Debrief' })).guid));
    let other = '';
    await step(async () => (other = (await call(h.session, 'codes.create', { name: 'Texting' })).guid));
    await step(() => call(h.session, 'codings.apply', { document: doc, start: 90, end: 140, code: { guid: code } }));
    await step(() => call(h.session, 'codings.apply', { document: doc, start: 150, end: 175, code: { guid: other } }));
    await step(() => call(h.session, 'codes.update', { code, definition: 'Talking a case through together.' }));
    await step(() => call(h.session, 'codes.merge', { codes: [other], into: code }));
    await step(() =>
      call(h.session, 'memos.create', { kind: 'journal', title: 'Day one', content: lexicalFromText('First read.'), text: 'First read.' }),
    );
    const last = states.length - 1;
    await call(h.session, 'history.undo', {});
    await call(h.session, 'history.undo', {});

    h.session.close();
    const reopened = h.newSession();
    await call(reopened, 'project.open', { path: file });
    const db = dbOf(reopened);
    expect(plain(dumpCaptured(db))).toEqual(states[last - 2]);
    await call(reopened, 'history.redo', {});
    await call(reopened, 'history.redo', {});
    expect(plain(dumpCaptured(db))).toEqual(states[last]);
    for (let k = last - 1; k >= 0; k--) {
      await call(reopened, 'history.undo', {});
      expect(plain(dumpCaptured(db)), `after undoing back to state ${k}`).toEqual(states[k]);
    }
    for (let k = 1; k <= last; k++) {
      await call(reopened, 'history.redo', {});
      expect(plain(dumpCaptured(db)), `after redoing to state ${k}`).toEqual(states[k]);
    }
    expectConsistent(db);
  });

  it('compacts a project written with whole row images, and still undoes and redoes each of its steps exactly', async () => {
    h = createHarness();
    // Made by Chorus at schema version 40: ten steps, the last two undone (see the README there).
    const file = h.file('old.chorus');
    fs.copyFileSync(path.join(FIXTURES, 'log-v40.chorus'), file);
    const states = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'log-v40.states.json'), 'utf8')) as unknown[];
    const before = new (await import('better-sqlite3-multiple-ciphers')).default(file, { readonly: true });
    expect(before.pragma('user_version', { simple: true })).toBe(40);
    const oldText = (before.prepare(`SELECT count(*) AS n FROM history_changes WHERE op = 'I' AND after IS NOT NULL`).get() as { n: number }).n;
    expect(oldText).toBeGreaterThan(10);
    before.close();

    await call(h.session, 'project.open', { path: file });
    const db = dbOf(h.session);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(50);
    const images = db
      .prepare(
        `SELECT h.state, c.op, c.after IS NOT NULL AS kept FROM history_changes c JOIN history h ON h.seq = c.seq WHERE c.op = 'I'`,
      )
      .all() as { state: string; kept: 0 | 1 }[];
    expect(images.filter((r) => r.state === 'done' && r.kept)).toEqual([]);
    expect(images.filter((r) => r.state === 'undone').every((r) => r.kept)).toBe(true);
    const updates = db.prepare(`SELECT before FROM history_changes WHERE op = 'U' AND tbl = 'codes'`).all() as { before: string }[];
    for (const u of updates) expect(Object.keys(JSON.parse(u.before) as object)).not.toContain('name');

    // The states were recorded at version 40: tables added since then are compared as empty.
    const tablesThen = Object.keys(states[0] as object);
    const asRecorded = () => {
      const d = plain(dumpCaptured(db)) as Record<string, unknown[]>;
      for (const t of Object.keys(d)) {
        if (tablesThen.includes(t)) continue;
        expect(d[t], t).toEqual([]);
        delete d[t];
      }
      return d;
    };
    expect(asRecorded()).toEqual(states[8]);
    await call(h.session, 'history.redo', {});
    expect(asRecorded()).toEqual(states[9]);
    await call(h.session, 'history.redo', {});
    expect(asRecorded()).toEqual(states[10]);
    for (let k = 9; k >= 0; k--) {
      await call(h.session, 'history.undo', {});
      expect(asRecorded(), `after undoing back to state ${k}`).toEqual(states[k]);
    }
    for (let k = 1; k <= 10; k++) {
      await call(h.session, 'history.redo', {});
      expect(asRecorded(), `after redoing to state ${k}`).toEqual(states[k]);
    }
    expectConsistent(db);
  });
});

describe('logPayload', () => {
  it('keeps the input but for uploaded bytes, which become their size', () => {
    const base64 = Buffer.from('hello world').toString('base64');
    expect(JSON.parse(logPayload({ sources: [{ kind: 'bytes', name: 'a.txt', base64 }] }))).toEqual({
      sources: [{ kind: 'bytes', name: 'a.txt', base64: { bytes: 11 } }],
    });
    expect(logPayload(undefined)).toBe('null');
  });
});
