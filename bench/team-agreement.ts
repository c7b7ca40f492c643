/**
 * Agreement between two coders on a large study: `npx tsx bench/team-agreement.ts [--size small|large]
 * [--seed N] [--runs N] [--json FILE] [--keep] [--dir DIR]` (also run by `npm run bench:team`).
 *
 * The transcripts and codebook of the synthetic study (bench/generate.ts) go in through `dispatch`
 * as in bench/run.ts. The codings of two coders are then written with one SQL transaction: the
 * first coder's are the study's plan (100,000 at `large`), the second's a seeded variation of them
 * (most kept with their boundaries moved by a word or two, some recoded, some dropped, some added),
 * about as many. Applying 200,000 codings one command at a time would take many minutes and is
 * measured by bench/run.ts already; what is measured here is `team.agreement` at each unit (median
 * of `--runs`), `team.disagreements` for the busiest code, and `export.agreement` as a workbook.
 * Prints a table and the machine's load; asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3-multiple-ciphers';
import type { OpInput, OpName, OpOutput } from '../shared/api.js';
import { createEnv, dispatch, Session } from '../electron/core/index.js';
import { generateStudy, mulberry32, type PlannedCoding, type SizeName } from './generate.js';

const CODER_A = { guid: '00000000-0000-4000-8000-0000000000a1', name: 'Coder A' };
const CODER_B = { guid: '00000000-0000-4000-8000-0000000000b2', name: 'Coder B' };

interface Options {
  size: SizeName;
  seed: number;
  runs: number;
  json: string | null;
  /** Keep the working folder (the project file) for profiling. */
  keep: boolean;
  /** Where to make the working folder (default: the OS temp dir). */
  dir: string;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { size: 'large', seed: 1, runs: 3, json: null, keep: false, dir: os.tmpdir() };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => argv[++i] ?? fail(`${flag} needs a value.`);
    if (flag === '--size') {
      const v = value();
      if (v !== 'small' && v !== 'large') fail('--size is small or large.');
      o.size = v;
    } else if (flag === '--seed') o.seed = Number.parseInt(value(), 10);
    else if (flag === '--runs') o.runs = Math.max(1, Number.parseInt(value(), 10));
    else if (flag === '--json') o.json = path.resolve(value());
    else if (flag === '--keep') o.keep = true;
    else if (flag === '--dir') o.dir = path.resolve(value());
    else fail(`Unknown option "${flag}".`);
  }
  return o;
}

function fail(message: string): never {
  process.stderr.write(`bench:team: ${message}\n`);
  process.exit(2);
}

function progress(message: string): void {
  process.stderr.write(`[bench:team ${(performance.now() / 1000).toFixed(1).padStart(6)}s] ${message}\n`);
}

async function call<N extends OpName>(session: Session, name: N, input: OpInput<N>): Promise<OpOutput<N>> {
  const r = await dispatch(session, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code}: ${r.error.message}`);
  return r.value as OpOutput<N>;
}

async function timed<T>(body: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await body();
  return { ms: performance.now() - t0, value };
}

/**
 * The second coder: each planned coding is kept (70 %, boundaries moved to a nearby word boundary
 * on either side), kept exactly (10 %), given another code (8 %), or dropped (12 %); and about one new
 * coding per seven is added, another passage of the same document under the same code.
 */
function secondCoder(plan: readonly PlannedCoding[], texts: readonly string[], codes: number, seed: number): PlannedCoding[] {
  const rng = mulberry32(seed ^ 0x5eed);
  const out: PlannedCoding[] = [];
  const nudge = (text: string, at: number, direction: number) => {
    let pos = at + direction * Math.floor(rng() * 25);
    pos = Math.max(0, Math.min(text.length, pos));
    while (pos > 0 && pos < text.length && text[pos - 1] !== ' ') pos += direction >= 0 ? 1 : -1;
    return pos;
  };
  for (const [i, c] of plan.entries()) {
    const text = texts[c.doc]!;
    const r = rng();
    if (r < 0.7) {
      const start = nudge(text, c.start, rng() < 0.5 ? -1 : 1);
      const end = nudge(text, c.end, rng() < 0.5 ? -1 : 1);
      if (end > start) out.push({ ...c, start, end });
    } else if (r < 0.8) out.push(c);
    else if (r < 0.88) out.push({ ...c, code: Math.floor(rng() * codes) });
    if (rng() < 0.14) {
      const other = plan[Math.min(plan.length - 1, Math.max(0, i + Math.floor(rng() * 81) - 40))]!;
      if (other.doc === c.doc) out.push({ ...other, code: c.code });
    }
  }
  return out;
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const loadBefore = os.loadavg().map((l) => l.toFixed(2));
  const tmp = fs.mkdtempSync(path.join(o.dir, 'chorus-bench-team-'));
  const projectPath = path.join(tmp, 'team.chorus');
  const session = new Session(createEnv({ user: CODER_A }));
  const results: { name: string; value: number; unit: string }[] = [];
  const record = (name: string, value: number, unit: string) => results.push({ name, value: Number(value.toPrecision(6)), unit });
  try {
    const transcripts = path.join(tmp, 'transcripts');
    fs.mkdirSync(transcripts);
    const study = generateStudy(transcripts, o.size, o.seed);
    progress(`study: ${study.documents.length} transcripts, ${study.codes.length} codes, ${study.codings.length} planned codings`);

    await call(session, 'project.create', { path: projectPath, title: `Agreement benchmark (${o.size})` });
    const docGuids: string[] = [];
    for (let i = 0; i < study.documents.length; i += 20) {
      const chunk = study.documents.slice(i, i + 20);
      const report = await call(session, 'documents.import', { sources: chunk.map((d) => ({ kind: 'path' as const, path: d.file })) });
      for (const f of report.files) docGuids.push(f.document!.guid);
      progress(`imported ${docGuids.length}/${study.documents.length}`);
    }
    const codeGuids: string[] = [];
    for (const c of study.codes) {
      codeGuids.push((await call(session, 'codes.create', { name: c.name, parent: c.parent === null ? null : codeGuids[c.parent]! })).guid);
    }
    const texts = study.documents.map((d) => fs.readFileSync(d.file, 'utf8'));
    const second = secondCoder(study.codings, texts, study.codes.length, o.seed);
    session.close();

    // Both coders' codings in one transaction, outside the command log (capture is off between commands).
    const db = new Database(projectPath);
    const now = new Date().toISOString();
    db.transaction(() => {
      const user = db.prepare(`INSERT OR IGNORE INTO users (guid, name, created_at) VALUES (?, ?, ?)`);
      user.run(CODER_A.guid, CODER_A.name, now);
      user.run(CODER_B.guid, CODER_B.name, now);
      const docId = db.prepare(`SELECT id FROM documents WHERE guid = ?`).pluck();
      const codeId = db.prepare(`SELECT id FROM codes WHERE guid = ?`).pluck();
      const docIds = docGuids.map((g) => docId.get(g) as number);
      const codeIds = codeGuids.map((g) => codeId.get(g) as number);
      const insert = db.prepare(
        `INSERT INTO codings (guid, document_id, code_id, start, end, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      let n = 0;
      const guid = () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;
      for (const c of study.codings) insert.run(guid(), docIds[c.doc], codeIds[c.code], c.start, c.end, CODER_A.guid, now);
      for (const c of second) insert.run(guid(), docIds[c.doc], codeIds[c.code], c.start, c.end, CODER_B.guid, now);
    })();
    db.close();
    progress(`codings: ${study.codings.length} by ${CODER_A.name}, ${second.length} by ${CODER_B.name}`);
    record('team.codings_a', study.codings.length, 'count');
    record('team.codings_b', second.length, 'count');

    const reader = new Session(createEnv({ user: CODER_A }));
    await call(reader, 'project.open', { path: projectPath });
    const coders = [CODER_A.guid, CODER_B.guid];
    for (const unit of ['character', 'turn', 'segment'] as const) {
      const times: number[] = [];
      const cpu: number[] = [];
      let report: OpOutput<'team.agreement'> | undefined;
      for (let r = 0; r < o.runs; r++) {
        const before = process.cpuUsage();
        const t = await timed(() => call(reader, 'team.agreement', { coders, unit }));
        const used = process.cpuUsage(before);
        times.push(t.ms);
        cpu.push((used.user + used.system) / 1000);
        report = t.value;
      }
      const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
      record(`team.agreement_${unit}_ms`, median(times), 'ms');
      // CPU time of this process: what the figure would be on an idle machine, roughly.
      record(`team.agreement_${unit}_cpu_ms`, median(cpu), 'ms');
      const pooled = report!.pooled;
      const figures = pooled.statistics.map((s) => `${s.statistic} ${s.value?.toFixed(3) ?? '–'}`).join(', ');
      progress(
        `${unit}: ${times.map((t) => t.toFixed(0)).join(' / ')} ms; ${pooled.counts.units} units, ` +
          `${report!.perCodeDocument.length} code×document rows; pooled ${figures}`,
      );
    }
    const busiest = (await call(reader, 'codes.list', {})).sort((a, b) => b.codings - a.codings)[0]!;
    const drill = await timed(() => call(reader, 'team.disagreements', { coders, unit: 'character', code: busiest.guid }));
    record('team.disagreements_busiest_code_ms', drill.ms, 'ms');
    progress(`disagreements of "${busiest.name}" (${busiest.codings} codings): ${drill.value.length} passages`);
    const xlsx = await timed(() =>
      call(reader, 'export.agreement', { coders, unit: 'character', format: 'xlsx', path: path.join(tmp, 'agreement.xlsx') }),
    );
    record('team.export_agreement_xlsx_ms', xlsx.ms, 'ms');
    reader.close();
  } finally {
    if (o.keep) progress(`kept ${projectPath}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
  const loadAfter = os.loadavg().map((l) => l.toFixed(2));
  const width = Math.max(...results.map((r) => r.name.length));
  process.stdout.write(`\nAgreement benchmark (${o.size}, seed ${o.seed}, median of ${o.runs} runs)\n`);
  for (const r of results) process.stdout.write(`  ${r.name.padEnd(width)}  ${String(r.value).padStart(10)} ${r.unit}\n`);
  process.stdout.write(`  load average before: ${loadBefore.join(' ')}, after: ${loadAfter.join(' ')} (${os.cpus().length} cores)\n`);
  if (o.json) fs.writeFileSync(o.json, JSON.stringify({ size: o.size, seed: o.seed, loadBefore, loadAfter, results }, null, 2));
}

void main().catch((e: unknown) => {
  process.stderr.write(`bench:team: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
