/**
 * Shared set-up for the core tests: a temporary folder per test, an environment with an injected
 * clock and id generator, and typed calls through `dispatch` (the one entry point every front door
 * uses). Nothing of the core is mocked; the project files are real SQLite files.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { expect } from 'vitest';
import type { OpInput, OpName, OpOutput } from '../../shared/api.js';
import type { ErrorCode, ErrorInfo } from '../../shared/errors.js';
import type { ChorusEvent, UserInfo } from '../../shared/types.js';
import { dispatch } from '../../electron/core/dispatch.js';
import { createEnv, type CoreEnv } from '../../electron/core/env.js';
import { Session } from '../../electron/core/session.js';
import { CAPTURED_TABLES } from '../../electron/core/store/change-capture.js';
import { sqliteConnection } from '../../electron/core/store/sqlite.js';

export const TEST_USER: UserInfo = { guid: '11111111-1111-4111-8111-111111111111', name: 'Test Coder' };

/** Envs made in this process: each gets its own guid range, so two never hand out the same id. */
let envCount = 0;

/**
 * A core environment with a clock that starts at 2026-01-01T00:00:00Z and advances one second per
 * reading, and guids counted up from ...-000000000001 (valid v4 UUIDs, as the contract demands).
 */
export function testEnv(overrides: Partial<CoreEnv> = {}): CoreEnv & { events: ChorusEvent[] } {
  const envNo = ++envCount;
  let tick = 0;
  let ids = 0;
  const events: ChorusEvent[] = [];
  const base = Date.UTC(2026, 0, 1);
  const env = createEnv({
    user: TEST_USER,
    now: () => new Date(base + 1000 * tick++).toISOString(),
    newGuid: () =>
      `00000000-${envNo.toString(16).padStart(4, '0')}-4000-8000-${(++ids).toString(16).padStart(12, '0')}`,
    emit: (e) => events.push(e),
    ...overrides,
  });
  return Object.assign(env, { events });
}

export interface Harness {
  dir: string;
  env: ReturnType<typeof testEnv>;
  session: Session;
  /** A path inside the temporary folder. */
  file(name: string): string;
  /** Another session (a restart of the app) on the same environment; closed by cleanup(). */
  newSession(env?: CoreEnv): Session;
  cleanup(): void;
}

export function createHarness(overrides: Partial<CoreEnv> = {}): Harness {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-test-'));
  const env = testEnv(overrides);
  const sessions: Session[] = [];
  const newSession = (e: CoreEnv = env) => {
    const s = new Session(e);
    sessions.push(s);
    return s;
  };
  const session = newSession();
  return {
    dir,
    env,
    session,
    file: (name) => path.join(dir, name),
    newSession,
    cleanup: () => {
      for (const s of sessions) s.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Calls an operation through dispatch and returns its value; fails the test on an error result. */
export async function call<N extends OpName>(session: Session, name: N, input: OpInput<N>): Promise<OpOutput<N>> {
  const r = await dispatch(session, name, input);
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code}: ${r.error.message}`);
  return r.value as OpOutput<N>;
}

/** Calls an operation that must fail, and returns its error (after checking its code). */
export async function callFails(
  session: Session,
  name: string,
  input: unknown,
  code: ErrorCode,
): Promise<ErrorInfo> {
  const r = await dispatch(session, name, input);
  expect(r.ok, `${name} should have failed with ${code}`).toBe(false);
  if (r.ok) throw new Error('unreachable');
  expect(r.error.code, r.error.message).toBe(code);
  expect(r.error.message.length).toBeGreaterThan(0);
  return r.error;
}

/** The open project's connection, for reading state the contract does not expose. */
export function dbOf(session: Session): Database.Database {
  const p = session.project;
  if (!p) throw new Error('No project is open in this session.');
  return sqliteConnection(p.db);
}

export type Dump = Record<string, unknown[]>;

/** Every row of every table the command log captures, in id order. */
export function dumpCaptured(db: Database.Database): Dump {
  const out: Dump = {};
  for (const t of CAPTURED_TABLES) out[t] = db.prepare(`SELECT * FROM "${t}" ORDER BY id`).all();
  return out;
}

/** The captured tables plus the command log itself: what a failed command must not change. */
export function dumpAll(db: Database.Database): Dump {
  return {
    ...dumpCaptured(db),
    history: db.prepare(`SELECT * FROM history ORDER BY seq`).all(),
    history_changes: db.prepare(`SELECT * FROM history_changes ORDER BY id`).all(),
  };
}

/** Structural checks that must hold after any undo or redo. */
export function expectConsistent(db: Database.Database): void {
  expect(db.pragma('foreign_key_check')).toEqual([]);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  // The full-text index must follow the turns it indexes (its triggers fire on undo and redo too).
  expect(() => db.exec(`INSERT INTO turns_fts(turns_fts) VALUES ('integrity-check')`)).not.toThrow();
}

export function writeFile(dir: string, name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

export function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** A small focus-group transcript: front matter, timestamps, a two-paragraph turn, an emoji. */
export const PILOT_TRANSCRIPT = [
  'Pilot focus group',
  'Recorded 5 January 2026',
  '',
  '[00:00:05] Moderator: Welcome, everyone. Let us start with introductions.',
  '',
  '[00:00:12] P1: I am a second-year resident. I work nights mostly.',
  '',
  '[00:00:20] P2: Third year here 🙂 and I have been on days.',
  '',
  '[00:00:31] Moderator: What helps after a hard shift?',
  '',
  '[00:00:40] P1: Honestly, talking to my co-residents.',
  '',
  'It helps more than the official programme.',
  '',
  '[00:01:02] P2: For me it is the group chat.',
  '',
].join('\n');

/** Imports one transcript through dispatch and returns its document guid. */
export async function importTranscript(h: Harness, name: string, text: string, session = h.session): Promise<string> {
  const file = writeFile(h.dir, name, text);
  const report = await call(session, 'documents.import', { sources: [{ kind: 'path', path: file }] });
  const f = report.files[0]!;
  if (!f.ok) throw new Error(`Import of ${name} failed: ${f.error?.code} ${f.error?.message}`);
  return f.document!.guid;
}
