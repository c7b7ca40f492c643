/**
 * Inter-coder reliability statistics (issue 7, "agreement"): percentage agreement, Cohen's kappa,
 * Scott's pi, Fleiss' kappa, Brennan-Prediger, Gwet's AC1 and Krippendorff's alpha, on units that
 * may carry a weight (a run of 5,000 characters coded alike is one unit of weight 5000) and may
 * miss ratings. Pure TypeScript, no database: project-level agreement builds its units and calls
 * `computeStatistic` / `computeAll`.
 */
import type { Level, Rating, StatisticName, StatisticResult } from '../../../../shared/agreement.js';
import { STATISTICS } from '../../../../shared/agreement.js';

export type { Level, Rating, StatisticName, StatisticResult, ReliabilityReport } from '../../../../shared/agreement.js';
export { LEVELS, STATISTICS } from '../../../../shared/agreement.js';

/**
 * One unit of analysis: each coder's value in coder order; `weight` = how many identical units it
 * stands for (default 1). Results equal those of expanding the weights, which is never done.
 */
export interface ReliabilityUnit {
  ratings: readonly Rating[];
  weight?: number;
}

export interface StatisticOptions {
  /** Measurement level (Krippendorff's alpha only); default nominal. */
  level?: Level;
  /**
   * The full category set, when some categories may not occur in the data (binary coded / not
   * coded: q = 2 even if nobody ever coded). Used by Brennan-Prediger (chance = 1/q) and Gwet's
   * AC1 (chance = sum pi_k(1 - pi_k)/(q - 1)).
   */
  categories?: readonly Rating[];
}

export function computeStatistic(
  name: StatisticName,
  units: readonly ReliabilityUnit[],
  options: StatisticOptions = {},
): StatisticResult {
  void units;
  void options;
  throw new Error(`not implemented yet: ${name}`);
}

/** Every statistic of `STATISTICS`, in that order. */
export function computeAll(units: readonly ReliabilityUnit[], options: StatisticOptions = {}): StatisticResult[] {
  return STATISTICS.map((name) => computeStatistic(name, units, options));
}
export { reliabilityTable, type ReliabilityTable } from './table.js';
export { reliabilityReport } from './report.js';
