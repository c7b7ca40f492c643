/**
 * Inter-coder reliability statistics (issue 7, "agreement"): percentage agreement, Cohen's kappa,
 * Scott's pi, Fleiss' kappa, Brennan-Prediger, Gwet's AC1 and Krippendorff's alpha, on units that
 * may carry a weight (a run of 5,000 characters coded alike is one unit of weight 5000) and may
 * miss ratings. Pure TypeScript, no database: project-level agreement builds its units and calls
 * `computeStatistic` / `computeAll`.
 */
import type { Level, Rating, StatisticName, StatisticResult } from '../../../../shared/agreement.js';
import { STATISTICS } from '../../../../shared/agreement.js';
import { prepare, type Prepared } from './categories.js';
import { brennanPrediger, cohenKappa, fleissKappa, gwetAc1, scottPi } from './kappa-family.js';
import { krippendorffAlpha } from './krippendorff.js';
import { percentAgreement } from './percent.js';

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

function compute(name: StatisticName, data: Prepared, options: StatisticOptions): StatisticResult {
  switch (name) {
    case 'percent':
      return percentAgreement(data);
    case 'cohen':
      return cohenKappa(data);
    case 'scott':
      return scottPi(data);
    case 'fleiss':
      return fleissKappa(data);
    case 'brennan-prediger':
      return brennanPrediger(data);
    case 'gwet-ac1':
      return gwetAc1(data);
    case 'krippendorff':
      return krippendorffAlpha(data, options.level ?? 'nominal', options.categories);
  }
}

/**
 * One statistic for these units. Cost O(units x coders^2) (Cohen's pairs; the others are
 * O(units x coders)) plus O(categories^2) for ratio alpha; weights are never expanded.
 * Bad weights (negative, not finite) throw ChorusError INVALID_INPUT.
 */
export function computeStatistic(
  name: StatisticName,
  units: readonly ReliabilityUnit[],
  options: StatisticOptions = {},
): StatisticResult {
  return compute(name, prepare(units, options.categories), options);
}

/** Several statistics (default: every one of `STATISTICS`, in that order), preparing the units once. */
export function computeAll(
  units: readonly ReliabilityUnit[],
  options: StatisticOptions = {},
  names: readonly StatisticName[] = STATISTICS,
): StatisticResult[] {
  const data = prepare(units, options.categories);
  return names.map((name) => compute(name, data, options));
}
export { reliabilityTable, type ReliabilityTable } from './table.js';
export { reliabilityReport } from './report.js';
