/**
 * How long the reliability statistics take (`electron/core/team/statistics`): every statistic at
 * every level on a few shapes of data. `npx tsx bench/reliability-statistics.ts`. Prints numbers;
 * nothing passes or fails.
 */
import { computeAll, LEVELS, type ReliabilityUnit } from '../electron/core/team/statistics/index.js';

/** mulberry32, as in generate.ts: the same data on every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function units(count: number, coders: number, q: number, missing: number, seed: number): ReliabilityUnit[] {
  const r = rng(seed);
  return Array.from({ length: count }, () => {
    const truth = 1 + Math.floor(r() * q);
    return {
      ratings: Array.from({ length: coders }, () => (r() < missing ? null : r() < 0.8 ? truth : 1 + Math.floor(r() * q))),
    };
  });
}

const cases: [string, ReliabilityUnit[]][] = [
  [
    '2 coders, 1,000,000 characters as 4 weighted units',
    [
      { ratings: [1, 1], weight: 120_000 },
      { ratings: [0, 0], weight: 860_000 },
      { ratings: [1, 0], weight: 12_000 },
      { ratings: [0, 1], weight: 8_000 },
    ],
  ],
  ['2 coders, 100,000 units, 5 categories', units(100_000, 2, 5, 0, 1)],
  ['4 coders, 100,000 units, 5 categories, 10% missing', units(100_000, 4, 5, 0.1, 2)],
  ['10 coders, 20,000 units, 12 categories, 20% missing', units(20_000, 10, 12, 0.2, 3)],
];

for (const [name, data] of cases) {
  computeAll(data); // warm up
  const runs = 5;
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < runs; i++) for (const level of LEVELS) computeAll(data, { level });
  const wall = (performance.now() - start) / runs;
  const used = process.cpuUsage(cpu);
  // CPU time is the steadier figure on a shared machine; wall time is what a researcher waits.
  const cpuMs = (used.user + used.system) / 1000 / runs;
  console.log(`${name.padEnd(56)} all statistics x 4 levels: ${wall.toFixed(1)} ms wall, ${cpuMs.toFixed(1)} ms CPU`);
}
