/**
 * The comparing benchmark: `npm run bench:analysis -- [--size small|large] [--json FILE] [--seed N]
 * [--runs N] [--keep FILE] [--project FILE] [--only NAME,...] [--profile DIR]`.
 *
 * Builds the synthetic study of bench/run.ts (bench/generate.ts; large by default: 200 groups,
 * 500 codes, 100,000 codings), then times each comparison through the core's `dispatch`, as a
 * front door calls it: the median of a few runs after one warm-up. The codings are written
 * straight into the project file in one transaction (this benchmark is about reading them;
 * bench/run.ts times coding). Nothing is asserted. Targets: analysis.matrix_ms (codes ×
 * documents) ≤ 200 ms, analysis.cooccurrence_ms ≤ 500 ms.
 *
 * Building the large study takes minutes: `--keep FILE` copies the built project to FILE, and
 * `--project FILE` times a copy of such a file instead of building one (the timed calls only read).
 * `--only` times the named metrics (`matrix_ms,words_ms` or the full names); `--profile DIR` writes
 * one V8 CPU profile per metric (`npx tsx bench/profile-summary.ts DIR/NAME.cpuprofile`), whose
 * timings are not comparable with plain runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { Session as InspectorSession } from 'node:inspector/promises';
import type { OpInput, OpName, OpOutput } from '../shared/api.js';
import { createEnv, dispatch, Session } from '../electron/core/index.js';
import { generateStudy, type SizeName } from './generate.js';
import { sqliteConnection } from '../electron/core/store/sqlite.js';

interface Options {
  size: SizeName;
  json: string | null;
  seed: number;
  runs: number;
  keep: string | null;
  project: string | null;
  only: string[] | null;
  profile: string | null;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { size: 'large', json: null, seed: 1, runs: 3, keep: null, project: null, only: null, profile: null };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => argv[++i] ?? fail(`${flag} needs a value.`);
    if (flag === '--size') {
      const v = value();
      if (v !== 'small' && v !== 'large') fail(`--size is small or large, not "${v}".`);
      o.size = v;
    } else if (flag === '--json') o.json = path.resolve(value());
    else if (flag === '--seed') o.seed = Number.parseInt(value(), 10);
    else if (flag === '--runs') o.runs = Math.max(1, Number.parseInt(value(), 10));
    else if (flag === '--keep') o.keep = path.resolve(value());
    else if (flag === '--project') o.project = path.resolve(value());
    else if (flag === '--only') o.only = value().split(',').map((n) => (n.startsWith('analysis.') ? n : `analysis.${n}`));
    else if (flag === '--profile') o.profile = path.resolve(value());
    else {
      fail(
        `Unknown option ${flag}. Usage: npm run bench:analysis -- [--size small|large] [--json FILE] [--seed N] [--runs N] ` +
          `[--keep FILE] [--project FILE] [--only NAME,...] [--profile DIR]`,
      );
    }
  }
  return o;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const log = (s: string) => process.stderr.write(`${s}\n`);

async function call<N extends OpName>(session: Session, name: N, input: OpInput<N>): Promise<OpOutput<N>> {
  const r = await dispatch(session, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code}: ${r.error.message}`);
  return r.value as OpOutput<N>;
}

export async function benchCompare(argv: string[]): Promise<void> {
  const o = parseOptions(argv);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-bench-compare-'));
  const session = new Session(createEnv({ user: { guid: randomUUID(), name: 'Bench' } }));
  const results: { name: string; value: number; unit: string; note?: string }[] = [];
  try {
    const file = path.join(dir, 'bench.chorus');
    if (o.project) {
      fs.copyFileSync(o.project, file);
      await call(session, 'project.open', { path: file });
    } else {
      await buildStudy(session, o, dir, file);
      if (o.keep) {
        session.project!.db.pragma('wal_checkpoint(TRUNCATE)');
        fs.copyFileSync(file, o.keep);
        log(`kept the project as ${o.keep}`);
      }
    }
    const db = session.project!.db;
    const docs = (db.prepare(`SELECT guid FROM documents ORDER BY id`).all() as { guid: string }[]).map((r) => r.guid);
    // The first code created below another (codes are created in the study's order).
    const topCode = (db.prepare(`SELECT guid FROM codes WHERE parent_id IS NOT NULL ORDER BY id LIMIT 1`).get() as { guid: string }).guid;

    const time = async <N extends OpName>(metric: string, name: N, input: OpInput<N>, note?: string) => {
      if (o.only && !o.only.includes(metric)) return;
      await call(session, name, input);
      const runs: number[] = [];
      for (let i = 0; i < o.runs; i++) {
        const t0 = performance.now();
        await call(session, name, input);
        runs.push(performance.now() - t0);
      }
      if (o.profile) await profiled(path.join(o.profile, `${metric}.cpuprofile`), () => call(session, name, input));
      runs.sort((a, b) => a - b);
      const value = runs[Math.floor(runs.length / 2)]!;
      results.push({ name: metric, value, unit: 'ms', ...(note ? { note } : {}) });
      log(`${metric}: ${value.toFixed(1)} ms`);
    };
    await time('analysis.matrix_ms', 'analysis.matrix', { rows: 'codes', columns: { kind: 'documents' }, measure: 'codings' }, 'codes × documents, codings (target ≤ 200 ms)');
    await time('analysis.matrix_themes_ms', 'analysis.matrix', { rows: 'themes', columns: { kind: 'documents' }, measure: 'codings' }, 'themes × documents, codings');
    await time('analysis.matrix_speakers_words_ms', 'analysis.matrix', { rows: 'codes', columns: { kind: 'speakers' }, measure: 'words' }, 'codes × speakers, words');
    await time('analysis.matrix_cell_ms', 'analysis.matrixCell', { rows: 'codes', columns: { kind: 'documents' }, row: topCode, column: docs[0]! });
    await time('analysis.cooccurrence_ms', 'analysis.cooccurrence', { mode: 'overlap' }, 'overlapping passages (target ≤ 500 ms)');
    await time('analysis.cooccurrence_turn_ms', 'analysis.cooccurrence', { mode: 'turn' });
    await time('analysis.cooccurrence_window_ms', 'analysis.cooccurrence', { mode: 'window', window: 2 });
    await time('analysis.words_ms', 'analysis.words', {}, 'the whole project, stemmed, without stop words');
    await time('analysis.words_document_ms', 'analysis.words', { scope: { kind: 'document', document: docs[0]! } });
    await time('analysis.distinctive_ms', 'analysis.distinctive', { scope: { kind: 'code', code: topCode } });
    await time('analysis.voice_ms', 'analysis.voice', {});
    await time('analysis.talk_time_ms', 'analysis.talkTime', {});
    await time('analysis.similar_ms', 'analysis.similar', { code: topCode }, 'turns like the segments of one code');
  } finally {
    session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  const width = Math.max(...results.map((r) => r.name.length));
  process.stdout.write(`\nComparing, ${o.size} study (load average ${load}, ${os.cpus().length} cores)\n`);
  for (const r of results) process.stdout.write(`  ${r.name.padEnd(width)}  ${r.value.toFixed(1).padStart(9)} ${r.unit}${r.note ? `  ${r.note}` : ''}\n`);
  if (o.json) fs.writeFileSync(o.json, JSON.stringify({ size: o.size, seed: o.seed, load: os.loadavg(), results }, null, 2));
}

/** Builds the synthetic study into a new project at `file`, the codings written straight in. */
async function buildStudy(session: Session, o: Options, dir: string, file: string): Promise<void> {
  log(`generating the ${o.size} study (seed ${o.seed})...`);
  const study = generateStudy(dir, o.size, o.seed);
  await call(session, 'project.create', { path: file, title: 'Bench' });
  const docs: string[] = [];
  const files = study.documents.map((d) => d.file);
  for (let i = 0; i < files.length; i += 20) {
    const report = await call(session, 'documents.import', { sources: files.slice(i, i + 20).map((p) => ({ kind: 'path' as const, path: p })) });
    for (const f of report.files) docs.push(f.document!.guid);
    log(`imported ${docs.length}/${files.length} transcripts`);
  }
  const codes: string[] = [];
  for (const c of study.codes) {
    codes.push((await call(session, 'codes.create', { name: c.name, parent: c.parent === null ? null : codes[c.parent]! })).guid);
  }
  for (const [i, c] of study.codes.entries()) if (c.theme) await call(session, 'codes.promote', { code: codes[i]! });
  const project = session.project!;
  const stamp = project.stamp();
  const docId = new Map((project.db.prepare(`SELECT guid, id FROM documents`).all() as { guid: string; id: number }[]).map((r) => [r.guid, r.id]));
  const codeId = new Map((project.db.prepare(`SELECT guid, id FROM codes`).all() as { guid: string; id: number }[]).map((r) => [r.guid, r.id]));
  const insert = project.db.prepare(
    `INSERT INTO codings (guid, document_id, code_id, start, end, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  sqliteConnection(project.db).transaction(() => {
    for (const c of study.codings) insert.run(randomUUID(), docId.get(docs[c.doc]!)!, codeId.get(codes[c.code]!)!, c.start, c.end, stamp.by, stamp.at);
  })();
  log(`${docs.length} transcripts, ${codes.length} codes, ${study.codings.length} codings`);
}

/** Runs `f` once under the V8 profiler and writes the profile to `file`. */
async function profiled(file: string, f: () => Promise<unknown>): Promise<void> {
  const inspector = new InspectorSession();
  inspector.connect();
  try {
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.setSamplingInterval', { interval: 500 });
    await inspector.post('Profiler.start');
    await f();
    const { profile } = await inspector.post('Profiler.stop');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(profile));
    log(`wrote ${file}`);
  } finally {
    inspector.disconnect();
  }
}
