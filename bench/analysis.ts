/**
 * `npm run bench:analysis`: the analysis benchmarks, one after the other. The comparing benchmark
 * takes every argument; the finding one only those it shares (`--size`, `--seed`): options such as
 * `--project FILE` belong to the comparing benchmark alone.
 *
 *   bench/analysis-find.ts     retrieval and full-text search (search.query_ms, analysis.query_ms),
 *                              in its own process so its memory and caches do not colour the next
 *   bench/analysis-compare.ts  comparing, on the synthetic study of bench/generate.ts
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { benchCompare } from './analysis-compare.js';

const args = process.argv.slice(2);

/** The arguments both benchmarks understand, with their values. */
function sharedArgs(all: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < all.length; i++) {
    const a = all[i]!;
    if (/^--(size|seed)=/.test(a)) out.push(a);
    else if ((a === '--size' || a === '--seed') && all[i + 1] !== undefined) out.push(a, all[++i]!);
  }
  return out;
}

const find = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'analysis-find.ts'), ...sharedArgs(args)], { stdio: 'inherit' });

benchCompare(args).then(
  () => process.exit(find.status === 0 ? 0 : 1),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
