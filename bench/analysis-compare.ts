/**
 * The comparing benchmark: `npm run bench:analysis -- [--size small|large] [--json FILE] [--seed N]`.
 *
 * Builds the synthetic study of bench/run.ts (bench/generate.ts; large by default: 200 groups,
 * 500 codes, 100,000 codings), then times each comparison through the core's `dispatch`, as a
 * front door calls it: the median of a few runs after one warm-up. The codings are written
 * straight into the project file in one transaction (this benchmark is about reading them;
 * bench/run.ts times coding). Nothing is asserted. Targets: analysis.matrix_ms (codes ×
 * documents) ≤ 200 ms, analysis.cooccurrence_ms ≤ 500 ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import type { OpInput, OpName, OpOutput } from '../shared/api.js';
import { createEnv, dispatch, Session } from '../electron/core/index.js';
import { generateStudy, type SizeName } from './generate.js';

interface Options {
  size: SizeName;
  json: string | null;
  seed: number;
  runs: number;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { size: 'large', json: null, seed: 1, runs: 3 };
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
    else fail(`Unknown option ${flag}. Usage: npm run bench:analysis -- [--size small|large] [--json FILE] [--seed N] [--runs N]`);
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
    log(`generating the ${o.size} study (seed ${o.seed})...`);
    const study = generateStudy(dir, o.size, o.seed);
    await call(session, 'project.create', { path: path.join(dir, 'bench.chorus'), title: 'Bench' });
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
    project.db.transaction(() => {
      for (const c of study.codings) insert.run(randomUUID(), docId.get(docs[c.doc]!)!, codeId.get(codes[c.code]!)!, c.start, c.end, stamp.by, stamp.at);
    })();
    log(`${docs.length} transcripts, ${codes.length} codes, ${study.codings.length} codings`);

    const time = async <N extends OpName>(metric: string, name: N, input: OpInput<N>, note?: string) => {
      await call(session, name, input);
      const runs: number[] = [];
      for (let i = 0; i < o.runs; i++) {
        const t0 = performance.now();
        await call(session, name, input);
        runs.push(performance.now() - t0);
      }
      runs.sort((a, b) => a - b);
      const value = runs[Math.floor(runs.length / 2)]!;
      results.push({ name: metric, value, unit: 'ms', ...(note ? { note } : {}) });
      log(`${metric}: ${value.toFixed(1)} ms`);
    };
    const topCode = codes[study.codes.findIndex((c) => c.parent !== null)]!;
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
