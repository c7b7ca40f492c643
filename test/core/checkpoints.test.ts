/**
 * Idle checkpoints (electron/core/store/checkpoints.ts): a write's pages reach the project file a
 * moment after the operation, not inside the commit of whichever operation crosses SQLite's
 * threshold, and nothing is lost either way. A checkpoint is seen as a change of the file's bytes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, createHarness, dbOf, importTranscript, PILOT_TRANSCRIPT, sha256, type Harness } from './helpers.js';

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('idle checkpoints', () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(() => h.cleanup());

  it('moves the log into the file after the operations, and leaves SQLite only a backstop', async () => {
    const file = h.file('study.chorus');
    await call(h.session, 'project.create', { path: file, title: 'Study' });
    // SQLite's own checkpoint only past about 40 MB of log (10,240 pages of 4 KB).
    expect(dbOf(h.session).pragma('wal_autocheckpoint', { simple: true })).toBe(10_240);
    const before = sha256(file);
    // Its pages go to the log on commit, and stay there until the checkpoint.
    const long = Array.from({ length: 40 }, (_, i) => PILOT_TRANSCRIPT.replaceAll('P1', `P${i + 10}`)).join('\n');
    await importTranscript(h, 'long.txt', long);
    expect(sha256(file)).toBe(before);
    await settle(600);
    expect(sha256(file)).not.toBe(before);
  });

  it('waits while an operation has a transaction open, then runs, and keeps every commit', async () => {
    const file = h.file('study.chorus');
    await call(h.session, 'project.create', { path: file, title: 'Study' });
    const before = sha256(file);
    const doc = await importTranscript(h, 'pilot.txt', PILOT_TRANSCRIPT);
    const db = dbOf(h.session);
    db.exec('BEGIN IMMEDIATE');
    await settle(400);
    expect(sha256(file)).toBe(before);
    db.exec('ROLLBACK');
    await settle(600);
    expect(sha256(file)).not.toBe(before);
    h.session.close();
    const reopened = h.newSession();
    await call(reopened, 'project.open', { path: file });
    expect((await call(reopened, 'documents.list', {})).map((d) => d.guid)).toEqual([doc]);
  });
});
