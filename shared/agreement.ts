/**
 * Types of the inter-coder reliability statistics (issue 7, "agreement") that cross the contract:
 * which statistics exist, the measurement levels Krippendorff's alpha knows, and what a computed
 * statistic reports. The computations live in `electron/core/team/statistics/`.
 */

/** Measurement level of the ratings; only Krippendorff's alpha distinguishes them. */
export type Level = 'nominal' | 'ordinal' | 'interval' | 'ratio';
export const LEVELS: readonly Level[] = ['nominal', 'ordinal', 'interval', 'ratio'];

/** A coder's value for one unit; `null` = missing (the coder did not rate this unit). */
export type Rating = string | number | null;

export type StatisticName = 'percent' | 'cohen' | 'fleiss' | 'scott' | 'brennan-prediger' | 'gwet-ac1' | 'krippendorff';
/** Every statistic, in the order reports list them. */
export const STATISTICS: readonly StatisticName[] = [
  'percent',
  'cohen',
  'scott',
  'fleiss',
  'brennan-prediger',
  'gwet-ac1',
  'krippendorff',
];

export interface StatisticResult {
  statistic: StatisticName;
  /** The coefficient; `null` when it is undefined for these data (e.g. no variation), with a `note`. */
  value: number | null;
  /**
   * Agreement observed and expected by chance (proportions). For Krippendorff's alpha these are
   * the observed and expected disagreements Do and De (alpha = 1 - Do/De).
   */
  observed: number | null;
  expected: number | null;
  /** Units (sum of weights) the statistic was computed on. */
  units: number;
  /** Units (sum of weights) left out, e.g. for missing ratings. */
  excluded: number;
  /** Number of coders (columns). */
  coders: number;
  /** The measurement level used (Krippendorff's alpha only). */
  level?: Level;
  /** Why the value is null, or how the statistic was generalised (e.g. Light's kappa for >2 coders). */
  note?: string;
}

/** What `team.reliability` returns for a researcher's coding table. */
export interface ReliabilityReport {
  /** Coder names from the table's header row, in column order. */
  coders: string[];
  /** Number of units (rows) in the table. */
  units: number;
  results: StatisticResult[];
}
