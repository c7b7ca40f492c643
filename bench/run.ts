/**
 * The Chorus benchmark: `npm run bench -- [--size small|large] [--json FILE]`.
 *
 * Generates a synthetic study (bench/generate.ts) in a temporary folder, then drives a real
 * project file in that folder through the core's `dispatch`, exactly as a front door does, and
 * measures import, codebook, coding, listing, theme prevalence and the theme summary export,
 * opening, undo and redo. Prints a table and, with
 * --json, writes the results for comparison (bench/compare.ts). Nothing is asserted: timings go
 * into the table, never into pass or fail. See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session as InspectorSession } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3-multiple-ciphers';
import type { OpInput, OpName, OpOutput } from '../shared/api.js';
import { createEnv, dispatch, Session } from '../electron/core/index.js';
import { generateStudy, SIZES, VOCABULARY_SIZE, type SizeName, type Study } from './generate.js';

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  size: SizeName;
  json: string | null;
  seed: number;
  /** Time only this many codings one by one; apply the rest through the same call untimed. */
  sample: number | null;
  keep: boolean;
  /** Folder for one CPU profile per phase (timings under a profiler are not comparable). */
  profile: string | null;
  /** After the core phases, measure the transcript view in Chromium too (bench/view.ts). */
  view: boolean;
}

const USAGE = `Usage: npm run bench -- [--size small|large] [--json FILE] [--seed N] [--sample N] [--keep] [--view]

  --size small|large  the synthetic study (default small)
  --json FILE         also write the results as JSON to FILE (e.g. bench/results/large.json)
  --seed N            seed of the generator (default 1); keep it fixed to compare runs
  --sample N          time only N codings.apply calls one by one (spread evenly over the run);
                      the others go through the same dispatch call without a timer
  --keep              keep the temporary folder (transcripts and project file) afterwards
  --profile DIR       write a V8 CPU profile of each phase to DIR (import.cpuprofile, ...);
                      summarise one with: npx tsx bench/profile-summary.ts DIR/import.cpuprofile.
                      Timings taken under the profiler are not comparable with plain runs.
  --view              after the core phases, measure the transcript view in Chromium
                      (bench/view.ts: a 30,000-word transcript with 3,000 codings)`;

function parseArgs(argv: string[]): Options {
  const o: Options = { size: 'small', json: null, seed: 1, sample: null, keep: false, profile: null, view: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) fail(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case '--size': {
        const v = value();
        if (v !== 'small' && v !== 'large') fail(`--size is small or large, not "${v}".`);
        o.size = v;
        break;
      }
      case '--json':
        o.json = path.resolve(value());
        break;
      case '--seed':
        o.seed = Number.parseInt(value(), 10);
        if (!Number.isSafeInteger(o.seed)) fail('--seed needs an integer.');
        break;
      case '--sample':
        o.sample = Number.parseInt(value(), 10);
        if (!(o.sample > 0)) fail('--sample needs a positive integer.');
        break;
      case '--keep':
        o.keep = true;
        break;
      case '--profile':
        o.profile = path.resolve(value());
        break;
      case '--view':
        o.view = true;
        break;
      case '-h':
      case '--help':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        fail(`Unknown option "${a}".`);
    }
  }
  return o;
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Measuring and reporting

interface Measurement {
  name: string;
  value: number;
  unit: string;
}

/** MB here is a mebibyte, 2^20 bytes, for file sizes, memory and throughput alike. */
const MB = 1024 * 1024;

const results: Measurement[] = [];
const notes: string[] = [];

function record(name: string, value: number, unit: string): void {
  results.push({ name, value: Number(value.toPrecision(6)), unit });
}

function progress(message: string): void {
  const rss = (process.memoryUsage.rss() / MB).toFixed(0);
  const peak = (process.resourceUsage().maxRSS / 1024).toFixed(0);
  process.stderr.write(
    `[bench ${(performance.now() / 1000).toFixed(1).padStart(6)}s rss ${rss.padStart(4)} MB peak ${peak.padStart(4)} MB] ${message}\n`,
  );
}

function note(message: string): void {
  notes.push(message);
  progress(`NOTE: ${message}`);
}

/** Nearest-rank quantile of ascending values. */
function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

const median = (values: ArrayLike<number>) => quantile(sortedCopy(values), 0.5);

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  const abs = Math.abs(v);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function table(rows: Measurement[]): string {
  const w0 = Math.max(4, ...rows.map((r) => r.name.length));
  const values = rows.map((r) => formatValue(r.value));
  const w1 = Math.max(5, ...values.map((v) => v.length));
  const lines = [`${'name'.padEnd(w0)}  ${'value'.padStart(w1)}  unit`, `${'-'.repeat(w0)}  ${'-'.repeat(w1)}  ----`];
  rows.forEach((r, i) => lines.push(`${r.name.padEnd(w0)}  ${values[i]!.padStart(w1)}  ${r.unit}`));
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Calling the core as a front door does

async function call<N extends OpName>(session: Session, name: N, input: OpInput<N>): Promise<OpOutput<N>> {
  const r = await dispatch(session, name, input);
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code}: ${r.error.message}`);
  return r.value as OpOutput<N>;
}

async function timed<T>(body: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await body();
  return { ms: performance.now() - t0, value };
}

/** `count` indexes spread evenly over [0, n), always including the first and the last. */
function spread(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: count }, (_, i) => Math.round((i * (n - 1)) / (count - 1)));
}

/** One CPU profile per phase when --profile is given; otherwise does nothing. */
class PhaseProfiler {
  private session: InspectorSession | null = null;
  constructor(private readonly dir: string | null) {}

  async start(): Promise<void> {
    if (!this.dir) return;
    this.session = new InspectorSession();
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.setSamplingInterval', { interval: 500 });
    await this.session.post('Profiler.start');
  }

  async stop(phase: string): Promise<void> {
    if (!this.dir || !this.session) return;
    const { profile } = await this.session.post('Profiler.stop');
    this.session.disconnect();
    this.session = null;
    fs.mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `${phase}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    progress(`wrote ${file}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The floor: the same bytes into a plain table, nothing else

/**
 * Reads the transcripts and inserts their text into one plain table in one transaction, on a
 * connection set up like a project's (WAL, synchronous=FULL): no decoding checks, no parsing, no
 * turns, no full-text index, no change capture. What an import could at best approach.
 */
function measureFloor(dir: string, files: string[]): number {
  const file = path.join(dir, 'floor.sqlite');
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE documents (id INTEGER PRIMARY KEY, name TEXT NOT NULL, text TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO documents (name, text) VALUES (?, ?)');
    const t0 = performance.now();
    db.exec('BEGIN IMMEDIATE');
    for (const f of files) insert.run(path.basename(f), fs.readFileSync(f, 'utf8'));
    db.exec('COMMIT');
    return performance.now() - t0;
  } finally {
    db.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Merging two large codes

/** Codings on each side of the timed merge, whatever the size of the study. */
const MERGE_CODINGS = 10_000;

/**
 * Times `codes.merge` of two codes with MERGE_CODINGS codings each, one in ten of the second's
 * codings an exact duplicate of one of the first's (collapsed by the merge), then its undo. The
 * codings are written straight into the file on a second connection (applying 20,000 codings
 * through dispatch would time the coding phase again); the merge and the undo go through dispatch.
 */
async function measureMerge(
  session: Session,
  projectPath: string,
  docGuids: string[],
): Promise<{ mergeMs: number; undoMs: number; codings: number }> {
  const a = await call(session, 'codes.create', { name: 'Bench merge A' });
  const b = await call(session, 'codes.create', { name: 'Bench merge B' });
  const db = new Database(projectPath);
  try {
    const docs = db
      .prepare(`SELECT id, text_length AS length FROM documents WHERE guid IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(docGuids)) as { id: number; length: number }[];
    const codeId = db.prepare(`SELECT id FROM codes WHERE guid = ?`).pluck();
    const [aId, bId] = [codeId.get(a.guid) as number, codeId.get(b.guid) as number];
    const coder = session.env.user.guid;
    const insert = db.prepare(
      `INSERT INTO codings (guid, document_id, code_id, start, end, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const at = new Date().toISOString();
    db.transaction(() => {
      const spans: [number, number, number][] = [];
      for (let i = 0; i < MERGE_CODINGS; i++) {
        const doc = docs[Math.floor(random() * docs.length)]!;
        const start = Math.floor(random() * Math.max(1, doc.length - 400));
        const span: [number, number, number] = [doc.id, start, Math.min(doc.length, start + 20 + Math.floor(random() * 300))];
        spans.push(span);
        insert.run(randomUUID(), span[0], aId, span[1], span[2], coder, at);
      }
      for (let i = 0; i < MERGE_CODINGS; i++) {
        const doc = docs[Math.floor(random() * docs.length)]!;
        const start = Math.floor(random() * Math.max(1, doc.length - 400));
        const span = i % 10 === 0 ? spans[i]! : [doc.id, start, Math.min(doc.length, start + 20 + Math.floor(random() * 300))];
        insert.run(randomUUID(), span[0], bId, span[1], span[2], coder, at);
      }
    })();
  } finally {
    db.close();
  }
  const { ms: mergeMs } = await timed(() => call(session, 'codes.merge', { codes: [b.guid], into: a.guid }));
  const { ms: undoMs } = await timed(() => call(session, 'history.undo', {}));
  await call(session, 'history.redo', {});
  return { mergeMs, undoMs, codings: 2 * MERGE_CODINGS };
}

// ---------------------------------------------------------------------------------------------
// Machine

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: path.resolve(__dirname, '..'),
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  platform: string;
  arch: string;
  release: string;
  /** 1, 5 and 15 minute load averages at the end of the run: other work on the machine skews timings. */
  loadAverage: number[];
  sqlite: string;
  betterSqlite3: string | null;
  tmpdir: string;
  commit: string | null;
}

function machine(): Machine {
  const cpus = os.cpus();
  const probe = new Database(':memory:');
  const sqlite = (probe.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  probe.close();
  let betterSqlite3: string | null;
  try {
    betterSqlite3 = (JSON.parse(fs.readFileSync(require.resolve('better-sqlite3-multiple-ciphers/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    betterSqlite3 = null;
  }
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    release: os.release(),
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    sqlite,
    betterSqlite3,
    tmpdir: os.tmpdir(),
    commit: gitCommit(),
  };
}

// ---------------------------------------------------------------------------------------------
// The run

async function run(o: Options): Promise<void> {
  const startedAt = new Date().toISOString();
  const loadAtStart = os.loadavg().map((l) => Number(l.toFixed(2)));
  const profiler = new PhaseProfiler(o.profile);
  if (o.profile) note('run under the CPU profiler: timings are not comparable with plain runs');
  const spec = SIZES[o.size];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-bench-'));
  const transcripts = path.join(tmp, 'transcripts');
  fs.mkdirSync(transcripts);
  const projectPath = path.join(tmp, 'bench.chorus');
  const session = new Session(
    createEnv({ user: { guid: '00000000-0000-4000-8000-00000000be4c', name: 'Benchmark' } }),
  );
  progress(`size ${o.size}, seed ${o.seed}, working in ${tmp}`);

  try {
    // -- Generate -----------------------------------------------------------------------------
    const gen = performance.now();
    let lastReport = 0;
    const study: Study = generateStudy(transcripts, o.size, o.seed, (done, total) => {
      if (performance.now() - lastReport > 2000 || done === total) {
        lastReport = performance.now();
        progress(`generated ${done}/${total} transcripts`);
      }
    });
    const generateMs = performance.now() - gen;
    const studyMb = study.totalBytes / MB;
    progress(
      `study: ${study.documents.length} transcripts, ${study.totalWords.toLocaleString('en-US')} words, ` +
        `${studyMb.toFixed(1)} MB, ${study.codes.length} codes, ${study.codings.length.toLocaleString('en-US')} codings planned ` +
        `(generated in ${(generateMs / 1000).toFixed(1)} s)`,
    );
    const files = study.documents.map((d) => d.file);

    // -- Import floor -------------------------------------------------------------------------
    const floorMs = measureFloor(tmp, files);
    const floorMbPerS = studyMb / (floorMs / 1000);
    progress(`floor: ${floorMs.toFixed(0)} ms (${floorMbPerS.toFixed(1)} MB/s)`);

    // -- Project and import ---------------------------------------------------------------------
    await call(session, 'project.create', { path: projectPath, title: `Benchmark (${o.size}, seed ${o.seed})` });
    await profiler.start();
    const CHUNK = 20;
    const docGuids: string[] = [];
    let importMs = 0;
    let turnMismatches = 0;
    for (let i = 0; i < files.length; i += CHUNK) {
      const chunk = files.slice(i, i + CHUNK);
      const { ms, value: report } = await timed(() =>
        call(session, 'documents.import', { sources: chunk.map((p) => ({ kind: 'path' as const, path: p })) }),
      );
      importMs += ms;
      report.files.forEach((f, k) => {
        const planned = study.documents[i + k]!;
        if (!f.ok || !f.document) throw new Error(`Import of ${f.source} failed: ${f.error?.code}: ${f.error?.message}`);
        if (f.turns !== planned.turns || f.speakers?.length !== planned.speakers) turnMismatches++;
        docGuids.push(f.document.guid);
      });
      progress(`imported ${Math.min(i + CHUNK, files.length)}/${files.length} transcripts (${(importMs / 1000).toFixed(1)} s)`);
    }
    await profiler.stop('import');
    if (turnMismatches > 0) {
      note(`${turnMismatches} transcripts imported with other turn or speaker counts than the generator wrote`);
    }
    record('import.total_ms', importMs, 'ms');
    record('import.mb_per_s', studyMb / (importMs / 1000), 'MB/s');
    record('import.floor_mb_per_s', floorMbPerS, 'MB/s');
    record('import.floor_ratio', studyMb / (importMs / 1000) / floorMbPerS, 'ratio');
    record('import.per_document_ms', importMs / files.length, 'ms');

    // The stored text must be the text generated, or every planned offset is off.
    const first = await call(session, 'documents.get', { document: docGuids[0]! });
    if (first.text !== fs.readFileSync(files[0]!, 'utf8')) {
      throw new Error('The stored text of the first transcript differs from the file: planned offsets would be wrong.');
    }

    // -- Codebook -------------------------------------------------------------------------------
    const codeGuids: string[] = [];
    await profiler.start();
    const { ms: codesMs } = await timed(async () => {
      for (const c of study.codes) {
        const code = await call(session, 'codes.create', {
          name: c.name,
          definition: c.definition,
          parent: c.parent === null ? null : codeGuids[c.parent]!,
        });
        codeGuids.push(code.guid);
      }
    });
    await profiler.stop('codes');
    for (const [i, c] of study.codes.entries()) {
      if (!c.theme) continue;
      await call(session, 'codes.promote', { code: codeGuids[i]! });
      await call(session, 'codes.update', { code: codeGuids[i]!, centralConcept: c.theme.centralConcept });
    }
    record('codes.create_ms', codesMs, 'ms');
    record('codes.create_per_code_ms', codesMs / study.codes.length, 'ms');
    progress(`created ${codeGuids.length} codes in ${codesMs.toFixed(0)} ms`);

    // -- Coding, one command at a time ----------------------------------------------------------
    const n = study.codings.length;
    const sampleSize = Math.min(o.sample ?? n, n);
    const timedIndexes = new Set(spread(n, sampleSize));
    const durations = new Float64Array(sampleSize);
    let sampled = 0;
    let created = 0;
    await profiler.start();
    const codingStart = performance.now();
    let lastProgress = codingStart;
    for (let i = 0; i < n; i++) {
      const c = study.codings[i]!;
      const input = { document: docGuids[c.doc]!, start: c.start, end: c.end, code: { guid: codeGuids[c.code]! } };
      if (timedIndexes.has(i)) {
        const t0 = performance.now();
        const r = await call(session, 'codings.apply', input);
        durations[sampled] = performance.now() - t0;
        sampled++;
        if (r.createdCode) created++;
      } else {
        await call(session, 'codings.apply', input);
      }
      const now = performance.now();
      if (now - lastProgress > 10_000) {
        lastProgress = now;
        const rate = (i + 1) / ((now - codingStart) / 1000);
        const recent = durations.subarray(Math.max(0, sampled - 500), sampled);
        progress(
          `applied ${(i + 1).toLocaleString('en-US')}/${n.toLocaleString('en-US')} codings, ${rate.toFixed(0)}/s, ` +
            `p50 of the last ${recent.length} ${median(recent).toFixed(2)} ms, about ${((n - i - 1) / rate).toFixed(0)} s to go`,
        );
      }
    }
    const codingTotalMs = performance.now() - codingStart;
    await profiler.stop('coding');
    if (created > 0) note(`${created} codings created a code (none should)`);
    const sorted = sortedCopy(durations);
    const decile = Math.max(1, Math.floor(sampleSize / 10));
    record('coding.apply_p50_ms', quantile(sorted, 0.5), 'ms');
    record('coding.apply_p95_ms', quantile(sorted, 0.95), 'ms');
    record('coding.apply_p99_ms', quantile(sorted, 0.99), 'ms');
    record('coding.apply_max_ms', sorted[sorted.length - 1]!, 'ms');
    record('coding.apply_mean_ms', sorted.reduce((a, b) => a + b, 0) / sorted.length, 'ms');
    record('coding.apply_p50_first_decile_ms', median(durations.subarray(0, decile)), 'ms');
    record('coding.apply_p50_last_decile_ms', median(durations.subarray(sampleSize - decile)), 'ms');
    record('coding.apply_total_s', codingTotalMs / 1000, 's');
    record('coding.apply_timed', sampleSize, 'count');
    const codingMode =
      sampleSize === n
        ? `all ${n} codings.apply calls timed one by one`
        : `${sampleSize} of ${n} codings.apply calls timed one by one (spread evenly); the rest applied through the same call untimed`;
    progress(`coding done in ${(codingTotalMs / 1000).toFixed(1)} s: ${codingMode}`);

    // -- Listing --------------------------------------------------------------------------------
    // ~50 codes spread over the popularity ranking, from the busiest code to the rarest.
    await profiler.start();
    const info = await call(session, 'codes.list', {});
    const byUse = [...info].sort((a, b) => b.codings - a.codings);
    const listCodes = spread(byUse.length, 50).map((i) => byUse[i]!);
    const listTimes: number[] = [];
    let busiest = { ms: 0, segments: 0 };
    for (const code of listCodes) {
      const { ms, value } = await timed(() => call(session, 'codings.list', { code: code.guid }));
      listTimes.push(ms);
      if (code === byUse[0]) busiest = { ms, segments: value.length };
    }
    await profiler.stop('list-by-code');
    record('coding.list_by_code_ms', median(listTimes), 'ms');
    record('coding.list_by_code_p95_ms', quantile(sortedCopy(listTimes), 0.95), 'ms');
    record('coding.list_busiest_code_ms', busiest.ms, 'ms');
    record('coding.list_busiest_code_segments', busiest.segments, 'count');

    const docSample = spread(docGuids.length, 20).map((i) => docGuids[i]!);
    const listDocTimes: number[] = [];
    const getTimes: number[] = [];
    for (const guid of docSample) {
      listDocTimes.push((await timed(() => call(session, 'codings.list', { document: guid }))).ms);
      getTimes.push((await timed(() => call(session, 'documents.get', { document: guid }))).ms);
    }
    record('coding.list_by_document_ms', median(listDocTimes), 'ms');
    progress('listed codings by code and by document, read documents');
    record('documents.get_ms', median(getTimes), 'ms');

    const infoTimes: number[] = [];
    let counts: OpOutput<'project.info'>['counts'] | null = null;
    for (let i = 0; i < 10; i++) {
      const { ms, value } = await timed(() => call(session, 'project.info', {}));
      infoTimes.push(ms);
      counts = value.counts;
    }
    record('project.info_ms', median(infoTimes), 'ms');
    if (counts && counts.codings !== n) note(`the project holds ${counts.codings} codings; ${n} were planned`);

    // -- Themes: prevalence and the manuscript summary -------------------------------------------
    await profiler.start();
    const prevalenceTimes: number[] = [];
    for (let i = 0; i < 5; i++) prevalenceTimes.push((await timed(() => call(session, 'themes.prevalence', {}))).ms);
    const exportDir = path.join(tmp, 'exports');
    fs.mkdirSync(exportDir);
    const mdTimes: number[] = [];
    const docxTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const md = path.join(exportDir, `themes-${i}.md`);
      mdTimes.push((await timed(() => call(session, 'export.themes', { format: 'themes-md', path: md }))).ms);
      const docx = path.join(exportDir, `themes-${i}.docx`);
      docxTimes.push((await timed(() => call(session, 'export.themes', { format: 'themes-docx', path: docx }))).ms);
    }
    await profiler.stop('themes');
    record('themes.prevalence_ms', median(prevalenceTimes), 'ms');
    record('export.themes_md_ms', median(mdTimes), 'ms');
    record('export.themes_docx_ms', median(docxTimes), 'ms');
    progress('measured theme prevalence and the theme summary export');

    // -- Undo and redo of one coding --------------------------------------------------------------
    await profiler.start();
    const undoTimes: number[] = [];
    const redoTimes: number[] = [];
    for (let i = 0; i < 20; i++) undoTimes.push((await timed(() => call(session, 'history.undo', {}))).ms);
    for (let i = 0; i < 20; i++) redoTimes.push((await timed(() => call(session, 'history.redo', {}))).ms);
    await profiler.stop('history');
    record('history.undo_ms', median(undoTimes), 'ms');
    progress('undid and redid 20 codings');
    record('history.redo_ms', median(redoTimes), 'ms');

    // -- Closing and opening ------------------------------------------------------------------------
    const openTimes: number[] = [];
    const closeTimes: number[] = [];
    await profiler.start();
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      session.close();
      closeTimes.push(performance.now() - t0);
      openTimes.push((await timed(() => call(session, 'project.open', { path: projectPath }))).ms);
    }
    await profiler.stop('open');
    record('project.open_ms', median(openTimes), 'ms');
    record('project.close_ms', median(closeTimes), 'ms');
    session.close();
    progress('closed and opened the project 5 times');

    // -- Size ---------------------------------------------------------------------------------------
    const fileBytes = [projectPath, `${projectPath}-wal`].reduce(
      (sum, f) => sum + (fs.existsSync(f) ? fs.statSync(f).size : 0),
      0,
    );
    record('project.file_mb', fileBytes / MB, 'MB');
    record('project.file_per_text_ratio', fileBytes / study.totalBytes, 'ratio');
    const breakdown = tableSizes(projectPath);
    progress('measured the project file');
    record('process.rss_mb', (process.resourceUsage().maxRSS * 1024) / MB, 'MB');

    // -- REFI-QDA exchange ------------------------------------------------------------------------------
    // The whole study, with its codings, written as .qdpx and read back as a new project.
    await call(session, 'project.open', { path: projectPath });
    const qdpxPath = path.join(tmp, 'bench.qdpx');
    await profiler.start();
    const exported = await timed(() => call(session, 'export.refi', { format: 'qdpx', path: qdpxPath }));
    await profiler.stop('refi-export');
    record('refi.export_qdpx_ms', exported.ms, 'ms');
    record('refi.qdpx_mb', fs.statSync(qdpxPath).size / MB, 'MB');
    await profiler.start();
    const reimported = await timed(() =>
      call(session, 'project.importRefi', { source: qdpxPath, path: path.join(tmp, 'from-qdpx.chorus') }),
    );
    await profiler.stop('refi-import');
    record('refi.import_qdpx_ms', reimported.ms, 'ms');
    if (reimported.value.report.codings !== n) {
      note(`the .qdpx import gave ${reimported.value.report.codings} codings; the project held ${n}`);
    }
    progress('exported the study as .qdpx and imported it as a new project');

    // -- Codebook refinement ------------------------------------------------------------------------
    // Last, on the project reopened, so the added codings change none of the figures above.
    await call(session, 'project.open', { path: projectPath });
    const statsTimes: number[] = [];
    for (let i = 0; i < 5; i++) statsTimes.push((await timed(() => call(session, 'codes.stats', {}))).ms);
    record('codes.stats_ms', median(statsTimes), 'ms');
    const merge = await measureMerge(session, projectPath, docGuids);
    record('codes.merge_ms', merge.mergeMs, 'ms');
    record('codes.merge_codings', merge.codings, 'count');
    record('codes.merge_undo_ms', merge.undoMs, 'ms');
    session.close();
    progress(`codes.stats, and merged two codes of ${MERGE_CODINGS} codings each in ${merge.mergeMs.toFixed(0)} ms`);


    if (o.view) {
      // Loaded only when asked for: the default run stays free of Playwright.
      const { runViewBench } = await import('./view.js');
      const view = await runViewBench({ seed: o.seed, log: progress });
      results.push(...view.results);
      notes.push(...view.notes);
    }

    // -- Report -------------------------------------------------------------------------------------
    const m = { ...machine(), loadAverageAtStart: loadAtStart };
    const out = {
      machine: m,
      size: o.size,
      seed: o.seed,
      startedAt,
      study: {
        documents: study.documents.length,
        words: study.totalWords,
        mb: Number(studyMb.toFixed(3)),
        speakersPerDocument: [spec.speakersMin, spec.speakersMax],
        vocabulary: VOCABULARY_SIZE,
        codes: study.codes.length,
        codings: n,
        generateMs: Math.round(generateMs),
      },
      coding: codingMode,
      results,
      projectFileBreakdownMb: breakdown,
      notes,
    };
    process.stdout.write(
      `\nChorus benchmark — size ${o.size}, seed ${o.seed}\n` +
        `machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, node ${m.node}, ${m.platform}/${m.arch}, SQLite ${m.sqlite}, ` +
        `load average ${loadAtStart.join(' ')} at start, ${m.loadAverage.join(' ')} at end\n` +
        `study: ${study.documents.length} transcripts, ${study.totalWords.toLocaleString('en-US')} words, ${studyMb.toFixed(1)} MB, ` +
        `${study.codes.length} codes, ${n.toLocaleString('en-US')} codings\n` +
        `coding: ${codingMode}\n\n` +
        `${table(results)}\n` +
        (breakdown
          ? `\nproject file by table (MB): ${Object.entries(breakdown)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}\n`
          : '') +
        (notes.length ? `\nnotes:\n${notes.map((x) => `- ${x}`).join('\n')}\n` : ''),
    );
    if (o.json) {
      fs.mkdirSync(path.dirname(o.json), { recursive: true });
      fs.writeFileSync(o.json, `${JSON.stringify(out, null, 2)}\n`);
      progress(`wrote ${o.json}`);
    }
  } finally {
    session.close();
    if (o.keep) progress(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Bytes per table (its indexes included) of the closed project file, through SQLite's dbstat
 * table when the build has it: where the file's size goes.
 */
function tableSizes(file: string): Record<string, number> | null {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT coalesce(m.tbl_name, s.name) AS tbl, sum(s.pgsize) AS bytes
         FROM dbstat s LEFT JOIN sqlite_schema m ON m.name = s.name
         GROUP BY tbl ORDER BY bytes DESC`,
      )
      .all() as { tbl: string; bytes: number }[];
    const out: Record<string, number> = {};
    for (const r of rows) if (r.bytes >= 0.05 * MB) out[r.tbl] = Number((r.bytes / MB).toFixed(1));
    return out;
  } catch {
    return null;
  } finally {
    db.close();
  }
}

run(parseArgs(process.argv.slice(2))).catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
