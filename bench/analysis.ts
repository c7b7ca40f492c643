/**
 * `npm run bench:analysis`: the analysis benchmarks. Comparing (bench/analysis-compare.ts) runs on
 * the synthetic study of bench/generate.ts; pass its options after `--`.
 */
import { benchCompare } from './analysis-compare.js';

benchCompare(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
