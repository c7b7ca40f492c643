/**
 * Finding, measured: `npm run bench:analysis` (or `npx tsx bench/analysis-find.ts`).
 *
 *   npx tsx bench/analysis-find.ts [--size small|large] [--seed N] [--runs N] [--json FILE] [--keep]
 *
 * Builds the synthetic study of bench/generate.ts (large by default: 200 two-and-a-half-hour
 * groups, 500 codes, 100,000 codings) in a temporary folder, imports it through `dispatch` as
 * bench/run.ts does, then times full-text searches (`analysis.search`, target ≤ 50 ms) and boolean
 * retrievals (`analysis.query`, target ≤ 100 ms) as the Find view asks for them: a page of 200
 * hits in document order (and a deeper page, the 10th), and the first 2,000 segments, with
 * counts. Searches sorted by the words before or after the keyword read every hit, and are timed
 * apart (`search.sorted_ms`, no target). Each query runs once untimed, then `--runs` times; the
 * table gives p50 and max over all runs of all queries, and each query's median.
 *
 * Set-up only: the planned codings are written to the file in one transaction rather than by
 * 100,000 `codings.apply` commands, whose speed bench/run.ts measures; the rows are the same.
 * Nothing is asserted: this prints numbers.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { OpInput, OpName, OpOutput } from '../shared/api.js';
import { createEnv, dispatch, Session } from '../electron/core/index.js';
import { generateStudy, type SizeName } from './generate.js';
import { sqliteConnection } from '../electron/core/store/sqlite.js';

interface Options {
  size: SizeName;
  seed: number;
  runs: number;
  json: string | null;
  keep: boolean;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { size: 'large', seed: 1, runs: 5, json: null, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value.`);
      return v;
    };
    if (a === '--size') {
      const v = value();
      if (v !== 'small' && v !== 'large') throw new Error(`--size is small or large, not "${v}".`);
      o.size = v;
    } else if (a === '--seed') o.seed = Number.parseInt(value(), 10);
    else if (a === '--runs') o.runs = Math.max(1, Number.parseInt(value(), 10));
    else if (a === '--json') o.json = path.resolve(value());
    else if (a === '--keep') o.keep = true;
    else throw new Error(`Unknown option ${a}. Usage: npx tsx bench/analysis-find.ts [--size small|large] [--seed N] [--runs N] [--json FILE] [--keep]`);
  }
  return o;
}

const progress = (m: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${m}\n`);

async function call<N extends OpName>(session: Session, name: N, input: OpInput<N>): Promise<OpOutput<N>> {
  const r = await dispatch(session, name, input);
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code}: ${r.error.message}`);
  return r.value as OpOutput<N>;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const median = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const loadAtStart = os.loadavg().map((l) => Number(l.toFixed(2)));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-bench-find-'));
  const transcripts = path.join(tmp, 'transcripts');
  fs.mkdirSync(transcripts);
  const session = new Session(createEnv({ user: { guid: '00000000-0000-4000-8000-00000000be4c', name: 'Benchmark' } }));
  try {
    progress(`size ${o.size}, seed ${o.seed}, working in ${tmp}`);
    const study = generateStudy(transcripts, o.size, o.seed);
    progress(`generated ${study.documents.length} transcripts, ${study.totalWords.toLocaleString('en-US')} words`);
    await call(session, 'project.create', { path: path.join(tmp, 'bench.chorus'), title: 'Finding benchmark' });
    const files = study.documents.map((d) => d.file);
    const docGuids: string[] = [];
    for (let i = 0; i < files.length; i += 20) {
      const report = await call(session, 'documents.import', {
        sources: files.slice(i, i + 20).map((p) => ({ kind: 'path' as const, path: p })),
      });
      for (const f of report.files) {
        if (!f.ok || !f.document) throw new Error(`Import of ${f.source} failed: ${f.error?.message}`);
        docGuids.push(f.document.guid);
      }
      progress(`imported ${docGuids.length}/${files.length}`);
    }
    const codeGuids: string[] = [];
    for (const c of study.codes) {
      codeGuids.push((await call(session, 'codes.create', { name: c.name, parent: c.parent === null ? null : codeGuids[c.parent]! })).guid);
    }
    for (const [i, c] of study.codes.entries()) if (c.theme) await call(session, 'codes.promote', { code: codeGuids[i]! });

    // Set-up: the planned codings in one transaction (see the top of this file).
    const db = sqliteConnection(session.project!.db);
    const idOf = (table: string, guid: string) => (db.prepare(`SELECT id FROM ${table} WHERE guid = ?`).get(guid) as { id: number }).id;
    const docIds = docGuids.map((g) => idOf('documents', g));
    const codeIds = codeGuids.map((g) => idOf('codes', g));
    const insert = db.prepare(`INSERT INTO codings (guid, document_id, code_id, start, end, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    const at = new Date().toISOString();
    db.transaction(() => {
      for (const c of study.codings) insert.run(randomUUID(), docIds[c.doc]!, codeIds[c.code]!, c.start, c.end, session.env.user.guid, at);
    })();
    progress(`coded ${study.codings.length.toLocaleString('en-US')} passages`);

    // The codes to query: the themes, and codes from the busiest down.
    const codes = await call(session, 'codes.list', {});
    const themes = codes.filter((c) => c.kind === 'theme').map((c) => c.name);
    const busy = codes.filter((c) => c.kind === 'code').sort((a, b) => b.codings - a.codings).map((c) => c.name);
    // A small study has fewer themes than the queries name: they wrap round.
    const theme = (i: number) => `"${themes[i % themes.length]!}"`;
    const code = (i: number) => `"${busy[i % busy.length]!}"`;
    const queries: OpInput<'analysis.query'>[] = [
      { codes: code(0) },
      { codes: theme(0) },
      { codes: `${code(0)} AND ${code(1)}` },
      { codes: `${theme(0)} AND ${theme(1)}` },
      { codes: `${code(2)} OR ${code(3)} OR ${code(4)}` },
      { codes: `${theme(2)} NOT ${theme(3)}` },
      { codes: `${code(0)} NEAR/3 ${code(5)}` },
      { codes: `(${code(1)} OR ${code(2)}) AND ${theme(4)}`, filters: { roles: ['participant'] } },
    ];
    const searches: OpInput<'analysis.search'>[] = [
      { text: 'support' },
      { text: 'exhausted' },
      { text: '"night shift"' },
      { text: 'mentor*' },
      { text: 'tired OR exhausted' },
      { text: 'debrief NOT handover' },
      { text: 'café' },
      { text: 'supervisor', filters: { roles: ['moderator'] } },
      { text: 'support', offset: 1_800 },
    ];
    const sortedSearches: OpInput<'analysis.search'>[] = [
      { text: 'support', sort: 'left' },
      { text: 'exhausted', sort: 'right' },
      { text: 'mentor*', sort: 'keyword' },
    ];

    const measure = async <N extends 'analysis.query' | 'analysis.search'>(name: N, inputs: OpInput<N>[], count: (r: OpOutput<N>) => number) => {
      const all: number[] = [];
      const rows: { input: string; median: number; results: number }[] = [];
      for (const input of inputs) {
        const first = await call(session, name, input);
        const times: number[] = [];
        for (let r = 0; r < o.runs; r++) {
          const t0 = performance.now();
          await call(session, name, input);
          times.push(performance.now() - t0);
        }
        all.push(...times);
        rows.push({ input: JSON.stringify(input), median: median(times), results: count(first) });
      }
      const sorted = [...all].sort((a, b) => a - b);
      return { p50: quantile(sorted, 0.5), max: sorted[sorted.length - 1]!, rows };
    };
    const search = await measure('analysis.search', searches, (r) => r.total);
    // A sorted search is kept for its next pages (search.ts): round robin, so that every timed call
    // sorts afresh; then its next page, after its first.
    const sorted = await (async () => {
      const all: number[] = [];
      const times = sortedSearches.map(() => [] as number[]);
      const counts = await Promise.all(sortedSearches.map(async (input) => (await call(session, 'analysis.search', input)).total));
      for (let r = 0; r < o.runs; r++) {
        for (const [i, input] of sortedSearches.entries()) {
          const t0 = performance.now();
          await call(session, 'analysis.search', input);
          times[i]!.push(performance.now() - t0);
        }
      }
      for (const t of times) all.push(...t);
      const sortedAll = [...all].sort((a, b) => a - b);
      const rows = sortedSearches.map((input, i) => ({ input: JSON.stringify(input), median: median(times[i]!), results: counts[i]! }));
      const next: number[] = [];
      for (let r = 0; r < o.runs; r++) {
        await call(session, 'analysis.search', sortedSearches[0]!);
        const t0 = performance.now();
        await call(session, 'analysis.search', { ...sortedSearches[0]!, offset: 200 });
        next.push(performance.now() - t0);
      }
      rows.push({ input: `${JSON.stringify({ ...sortedSearches[0]!, offset: 200 })} (its next page)`, median: median(next), results: counts[0]! });
      return { p50: quantile(sortedAll, 0.5), max: sortedAll[sortedAll.length - 1]!, rows };
    })();
    const query = await measure('analysis.query', queries, (r) => r.total);
    const loadAtEnd = os.loadavg().map((l) => Number(l.toFixed(2)));

    const fmt = (n: number) => n.toFixed(1).padStart(8);
    const out: string[] = [];
    out.push(`Finding on the ${o.size} study: ${study.documents.length} groups, ${study.totalWords.toLocaleString('en-US')} words, ${study.codes.length} codes, ${study.codings.length.toLocaleString('en-US')} codings; ${o.runs} runs per query`);
    out.push(`metric                    p50 ms   max ms   target`);
    out.push(`search.query_ms         ${fmt(search.p50)} ${fmt(search.max)}   ≤ 50`);
    out.push(`search.sorted_ms        ${fmt(sorted.p50)} ${fmt(sorted.max)}   (reads every hit)`);
    out.push(`analysis.query_ms       ${fmt(query.p50)} ${fmt(query.max)}   ≤ 100`);
    out.push('');
    for (const [label, m] of [
      ['analysis.search (a page in document order; hits: at least, when not all read)', search],
      ['analysis.search, sorted by context', sorted],
      ['analysis.query (segments: all, before the 2,000 shown)', query],
    ] as const) {
      out.push(`${label}: median ms, results`);
      for (const r of m.rows) out.push(`  ${fmt(r.median)}  ${String(r.results).padStart(7)}  ${r.input}`);
    }
    out.push('');
    out.push(`load average (1, 5, 15 min): at start ${loadAtStart.join(', ')}; at end ${loadAtEnd.join(', ')}; ${os.cpus().length} CPUs`);
    process.stdout.write(`${out.join('\n')}\n`);
    if (o.json) {
      fs.mkdirSync(path.dirname(o.json), { recursive: true });
      fs.writeFileSync(
        o.json,
        JSON.stringify(
          {
            size: o.size,
            seed: o.seed,
            runs: o.runs,
            at: new Date().toISOString(),
            load: { start: loadAtStart, end: loadAtEnd, cpus: os.cpus().length },
            metrics: {
              'search.query_ms': search.p50,
              'search.query_max_ms': search.max,
              'search.sorted_ms': sorted.p50,
              'search.sorted_max_ms': sorted.max,
              'analysis.query_ms': query.p50,
              'analysis.query_max_ms': query.max,
            },
            queries: { search: search.rows, sorted: sorted.rows, query: query.rows },
          },
          null,
          2,
        ),
      );
    }
  } finally {
    session.close();
    if (!o.keep) fs.rmSync(tmp, { recursive: true, force: true });
    else progress(`kept ${tmp}`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
