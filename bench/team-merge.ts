/**
 * Merging a co-coder's project, at the size of the large study:
 * `npx tsx bench/team-merge.ts [--size small|large] [--codings N] [--fresh] [--json FILE]`.
 *
 * Builds the synthetic study (bench/generate.ts) through `dispatch` as bench/run.ts does —
 * transcripts imported, the codebook created — copies the project file, and has two coders code
 * their copy (~100,000 codings each on the large study, through `codings.apply`), one of them also
 * renaming and adding codes. Building takes a quarter of an hour on the large study, so the two
 * files are kept in a cache folder (os.tmpdir()/chorus-bench-team-cache) and later runs start from
 * copies of them (`--fresh` builds anew). Then times `team.merge` alone (no preview before it),
 * undo and redo of it, and, on fresh copies, `team.previewMerge` followed by `team.merge` (as the
 * merge dialog does). Nothing is asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { OpInput, OpName, OpOutput } from '../shared/api.js';
import { createEnv, dispatch, Session } from '../electron/core/index.js';
import { LATEST_VERSION } from '../electron/core/store/migrations/index.js';
import { generateStudy, SIZES, type SizeName } from './generate.js';

async function call<N extends OpName>(session: Session, name: N, input: OpInput<N>): Promise<OpOutput<N>> {
  const r = await dispatch(session, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code}: ${r.error.message}`);
  return r.value as OpOutput<N>;
}

/** Wall time, and the process's CPU time (user + system), which a loaded machine inflates less. */
async function timed<T>(body: () => Promise<T>): Promise<{ ms: number; cpu: number; value: T }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = await body();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpu: (c.user + c.system) / 1000, value };
}

const progress = (m: string) => process.stderr.write(`  ${m}\n`);

const ALEX = { guid: '00000000-0000-4000-8000-0000000000aa', name: 'Alex' };
const DANA = { guid: '00000000-0000-4000-8000-0000000000bb', name: 'Dana' };

/** Builds the two coders' copies at `fileA` and `fileB`, everything through `dispatch`. */
async function build(tmp: string, size: SizeName, codings: number, fileA: string, fileB: string): Promise<void> {
  const transcripts = path.join(tmp, 'transcripts');
  fs.mkdirSync(transcripts);
  const a = new Session(createEnv({ user: ALEX }));
  const b = new Session(createEnv({ user: DANA }));
  try {
    const study = generateStudy(transcripts, { ...SIZES[size], codings }, 1);
    progress(`study: ${study.documents.length} transcripts, ${study.codes.length} codes, ${study.codings.length} codings per coder`);
    await call(a, 'project.create', { path: fileA, title: `Team merge bench (${size})` });
    const docGuids: string[] = [];
    for (let i = 0; i < study.documents.length; i += 20) {
      const chunk = study.documents.slice(i, i + 20).map((d) => ({ kind: 'path' as const, path: d.file }));
      const report = await call(a, 'documents.import', { sources: chunk });
      for (const f of report.files) docGuids.push(f.document!.guid);
    }
    const codeGuids: string[] = [];
    for (const c of study.codes) {
      codeGuids.push((await call(a, 'codes.create', { name: c.name, definition: c.definition, parent: c.parent === null ? null : codeGuids[c.parent]! })).guid);
    }
    a.project!.db.pragma('wal_checkpoint(TRUNCATE)');
    fs.copyFileSync(fileA, fileB);
    await call(b, 'project.open', { path: fileB });
    progress('imported and copied; coding both copies');
    // Alex codes as planned; Dana codes the same passages with the next code over, so no coding
    // is the same, and renames a few codes and adds one.
    const t0 = performance.now();
    for (const [i, c] of study.codings.entries()) {
      await call(a, 'codings.apply', { document: docGuids[c.doc]!, start: c.start, end: c.end, code: { guid: codeGuids[c.code]! } });
      await call(b, 'codings.apply', {
        document: docGuids[c.doc]!,
        start: c.start,
        end: c.end,
        code: { guid: codeGuids[(c.code + 1) % codeGuids.length]! },
      });
      if (i % 10_000 === 0) progress(`coded ${i}/${study.codings.length} in each copy (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
    for (let i = 0; i < 10 && i * 7 < codeGuids.length; i++) await call(b, 'codes.update', { code: codeGuids[i * 7]!, name: `${study.codes[i * 7]!.name} (Dana)` });
    await call(b, 'codings.apply', { document: docGuids[0]!, start: 0, end: 10, code: { name: 'Added by Dana' } });
    a.project!.db.pragma('wal_checkpoint(TRUNCATE)');
    b.project!.db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    a.close();
    b.close();
    fs.rmSync(transcripts, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const size = (args[args.indexOf('--size') + 1] === 'small' && args.includes('--size') ? 'small' : 'large') as SizeName;
  const codings = args.includes('--codings') ? Number(args[args.indexOf('--codings') + 1]) : SIZES[size].codings;
  const json = args.includes('--json') ? args[args.indexOf('--json') + 1]! : null;
  const cache = path.join(os.tmpdir(), 'chorus-bench-team-cache', `${size}-${codings}-v${LATEST_VERSION}`);
  const cachedA = path.join(cache, 'a.chorus');
  const cachedB = path.join(cache, 'b.chorus');
  if (args.includes('--fresh') || !fs.existsSync(cachedB)) {
    fs.rmSync(cache, { recursive: true, force: true });
    fs.mkdirSync(cache, { recursive: true });
    const t0 = performance.now();
    await build(cache, size, codings, cachedA, cachedB);
    progress(`built in ${((performance.now() - t0) / 1000).toFixed(0)} s, kept in ${cache}`);
  } else progress(`starting from the copies kept in ${cache}`);

  const loadAtStart = os.loadavg().map((l) => Number(l.toFixed(2)));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-bench-team-'));
  const fileB = path.join(tmp, 'b.chorus');
  fs.copyFileSync(cachedB, fileB);
  const metrics: Record<string, number> = {};
  const sessions: Session[] = [];
  /** A fresh copy of Alex's project, opened. */
  const openA = async (name: string) => {
    const file = path.join(tmp, name);
    fs.copyFileSync(cachedA, file);
    const s = new Session(createEnv({ user: ALEX }));
    sessions.push(s);
    await call(s, 'project.open', { path: file });
    return s;
  };
  try {
    const a = await openA('a1.chorus');
    const merged = await timed(() => call(a, 'team.merge', { source: fileB, resolutions: {} }));
    metrics['team.merge_ms'] = merged.ms;
    metrics['team.merge_cpu_ms'] = merged.cpu;
    metrics['team.merge_codings'] = merged.value.plan.counts.codingsAdded;
    progress(`merge: ${merged.ms.toFixed(0)} ms — ${merged.value.summary}`);
    const undo = await timed(() => call(a, 'history.undo', {}));
    metrics['team.merge_undo_ms'] = undo.ms;
    metrics['team.merge_undo_cpu_ms'] = undo.cpu;
    const redo = await timed(() => call(a, 'history.redo', {}));
    metrics['team.merge_redo_ms'] = redo.ms;
    metrics['team.merge_redo_cpu_ms'] = redo.cpu;

    const a2 = await openA('a2.chorus');
    const preview = await timed(() => call(a2, 'team.previewMerge', { source: fileB }));
    metrics['team.preview_ms'] = preview.ms;
    metrics['team.preview_cpu_ms'] = preview.cpu;
    progress(`preview: ${preview.ms.toFixed(0)} ms, ${preview.value.counts.codingsAdded} codings to add, ${preview.value.conflicts.length} conflicts`);
    const afterPreview = await timed(() => call(a2, 'team.merge', { source: fileB, resolutions: {} }));
    metrics['team.merge_after_preview_ms'] = afterPreview.ms;
    metrics['team.merge_after_preview_cpu_ms'] = afterPreview.cpu;
    const loadAtEnd = os.loadavg().map((l) => Number(l.toFixed(2)));
    console.log('metric                            value');
    for (const [k, v] of Object.entries(metrics)) console.log(`${k.padEnd(32)}  ${v.toFixed(0)}`);
    console.log(`load average: ${loadAtStart.join(' ')} at start, ${loadAtEnd.join(' ')} at end (${os.cpus().length} cores)`);
    if (json) fs.writeFileSync(json, JSON.stringify({ size, codings, metrics, loadAtStart, loadAtEnd }, null, 2));
  } finally {
    for (const s of sessions) s.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
