/**
 * Two copies of the demo study opened by two coders: "Test Coder" keeps the original, Dana
 * codes a copy. Shared by the merge tests.
 */
import fs from 'node:fs';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Code } from '../../shared/types.js';
import type { Session } from '../../electron/core/session.js';
import { call, createHarness, dbOf, testEnv, type Harness } from './helpers.js';

export const DANA = { guid: '22222222-2222-4222-8222-222222222222', name: 'Dana' };

export interface Pair {
  h: Harness;
  a: Session;
  b: Session;
  fileA: string;
  fileB: string;
  docs: { guid: string; name: string }[];
  codes: Code[];
}

/** A copy of the open project file of `from`, at `to`, with everything written so far in it. */
export function copyProject(from: Session, to: string): void {
  const db = dbOf(from);
  db.pragma('wal_checkpoint(TRUNCATE)');
  fs.copyFileSync(from.project!.path, to);
}

/**
 * The demo, one shared step (so the copies have a common ancestor), copied; A stays with the test
 * coder, B is opened by Dana.
 */
export async function makePair(
  options: { analysis?: boolean; shared?: boolean; before?: (s: Session) => Promise<void> } = {},
): Promise<Pair> {
  const h = createHarness();
  const fileA = h.file('a.chorus');
  const fileB = h.file('b.chorus');
  await call(h.session, 'project.createDemo', { path: fileA, analysis: options.analysis ?? false });
  if (options.shared !== false) await call(h.session, 'codes.create', { name: 'Shared before the copy' });
  if (options.before) await options.before(h.session);
  copyProject(h.session, fileB);
  const b = h.newSession(testEnv({ user: DANA }));
  await call(b, 'project.open', { path: fileB });
  const docs = (await call(h.session, 'documents.list', {})).map((d) => ({ guid: d.guid, name: d.name }));
  const codes = await call(h.session, 'codes.list', {});
  return { h, a: h.session, b, fileA, fileB, docs, codes };
}

export function codeNamed(codes: Code[], name: string): Code {
  const c = codes.find((x) => x.name === name);
  if (!c) throw new Error(`No code ${name}`);
  return c;
}

/** Every coding as coder | document text hash | code name | start | end, sorted. */
export function spans(db: Database.Database, coder?: string): string[] {
  return (
    db
      .prepare(
        `SELECT c.created_by || '|' || d.text_hash || '|' || k.name || '|' || c.start || '|' || c.end AS s
         FROM codings c JOIN documents d ON d.id = c.document_id JOIN codes k ON k.id = c.code_id
         WHERE @coder IS NULL OR c.created_by = @coder`,
      )
      .pluck()
      .all({ coder: coder ?? null }) as string[]
  ).sort();
}
