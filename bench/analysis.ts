/**
 * `npm run bench:analysis`: the analysis benchmarks, one after the other. Arguments are passed to each.
 *
 *   bench/analysis-find.ts     retrieval and full-text search (search.query_ms, analysis.query_ms),
 *                              in its own process so its memory and caches do not colour the next
 *   bench/analysis-compare.ts  comparing, on the synthetic study of bench/generate.ts
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { benchCompare } from './analysis-compare.js';

const find = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'analysis-find.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });

benchCompare(process.argv.slice(2)).then(
  () => process.exit(find.status === 0 ? 0 : 1),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
