/**
 * `npm run bench:analysis`: the analysis benchmarks, one after the other, each in its own process
 * (so one's memory and caches do not colour the next). Arguments are passed to each.
 *
 *   bench/analysis-find.ts   retrieval and full-text search (search.query_ms, analysis.query_ms)
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const BENCHES = ['analysis-find.ts'];

let failed = false;
for (const file of BENCHES) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, file), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
