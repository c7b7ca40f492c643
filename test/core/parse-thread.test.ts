import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseThreadState } from '../../electron/core/documents/parse-thread.js';
import { SOURCE_PARSE_WORKER, timeOrderedGuid } from '../../electron/core/env.js';
import { call, createHarness, dbOf, dumpCaptured, expectConsistent, writeFile, type Harness } from './helpers.js';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'transcripts');
/** Every transcript fixture but the Word ones, which are kept as document.xml, not as .docx. */
const transcripts = fs
  .readdirSync(FIXTURES)
  .filter((f) => !/\.(json|ts|xml)$/u.test(f) && f !== 'README.md')
  .sort()
  .map((f) => path.join(FIXTURES, f));

let harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses) h.cleanup();
  harnesses = [];
});

/** Imports the fixtures (and a bad file among them) into a new project, with or without the parser thread. */
async function importWith(parseWorker: Harness['env']['parseWorker']): Promise<{ h: Harness; report: unknown }> {
  // The same guids in every project, so that their rows compare equal.
  let ids = 0;
  const h = createHarness({ parseWorker, newGuid: () => `00000000-0000-4000-8000-${(++ids).toString(16).padStart(12, '0')}` });
  harnesses.push(h);
  await call(h.session, 'project.create', { path: h.file('study.chorus') });
  const binary = writeFile(h.dir, 'binary.txt', new Uint8Array([0x00, 0x01, 0x02, 0x03, 0x00, 0x00]));
  const sources = [...transcripts.slice(0, 3), binary, ...transcripts.slice(3)].map((p) => ({ kind: 'path' as const, path: p }));
  const report = await call(h.session, 'documents.import', { sources });
  return { h, report: JSON.parse(JSON.stringify(report).replaceAll(h.dir, '<dir>')) };
}

describe('parsing imports on the parser thread', () => {
  it('gives exactly the rows and report of parsing on the main thread, bad files included', async () => {
    expect(transcripts.length).toBeGreaterThan(8);
    const before = await parseThreadState(SOURCE_PARSE_WORKER);
    expect(before.up).toBe(true);
    const threaded = await importWith(SOURCE_PARSE_WORKER);
    // All but the first file (parsed while the worker gets the next ones) went to the thread.
    expect((await parseThreadState(SOURCE_PARSE_WORKER)).done - before.done).toBe(transcripts.length);
    const inline = await importWith(null);
    expect(threaded.report).toEqual(inline.report);
    expect(dumpCaptured(dbOf(threaded.h.session))).toEqual(dumpCaptured(dbOf(inline.h.session)));
    expectConsistent(dbOf(threaded.h.session));
  });

  it('imports on the main thread when the parser thread cannot start', async () => {
    const missing = { file: path.join(__dirname, 'no-such-parse-worker.ts'), typescript: true };
    expect(await parseThreadState(missing)).toEqual({ up: false, done: 0 });
    const broken = await importWith(missing);
    const inline = await importWith(null);
    expect(broken.report).toEqual(inline.report);
    expect(dumpCaptured(dbOf(broken.h.session))).toEqual(dumpCaptured(dbOf(inline.h.session)));
  });
});

describe('new guids', () => {
  it('are UUIDv7: the time first, in order, then random bits with the RFC variant', () => {
    const before = Date.now();
    const guids = Array.from({ length: 2000 }, () => timeOrderedGuid());
    const after = Date.now();
    for (const g of guids) {
      expect(g).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u);
      const ms = parseInt(g.slice(0, 8) + g.slice(9, 13), 16);
      expect(ms).toBeGreaterThanOrEqual(before);
      expect(ms).toBeLessThanOrEqual(after);
    }
    const times = guids.map((g) => g.slice(0, 13));
    expect(times).toEqual([...times].sort());
    expect(new Set(guids).size).toBe(guids.length);
  });
});
