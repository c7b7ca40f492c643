/**
 * `npm run bench:team`: the co-coder benchmarks. Agreement between two coders on a large study
 * (bench/team-agreement.ts; its options pass through, e.g. `npm run bench:team -- --size small`).
 */
import './team-agreement.js';
