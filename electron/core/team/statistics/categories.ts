/**
 * The shared first step of every statistic: validate the units, give every distinct rating a
 * category index, and keep per unit only what the formulas need (each coder's category index and
 * the count of ratings per category). Weights are carried along, never expanded.
 */
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import type { Rating } from '../../../../shared/agreement.js';
import type { ReliabilityUnit } from './index.js';

/** Missing ratings in `PreparedUnit.values`. */
export const MISSING = -1;

export interface PreparedUnit {
  weight: number;
  /** Category index per coder (coder order), `MISSING` where the coder gave no rating. */
  values: number[];
  /** Distinct categories of this unit and how many coders chose each (parallel arrays). */
  categories: number[];
  counts: number[];
  /** Number of ratings present (sum of `counts`). */
  rated: number;
}

export interface Prepared {
  /** Number of coders: the longest ratings array (shorter arrays miss the remaining coders). */
  coders: number;
  /** Every category, by index: the caller's `categories` first (in their order), then new ones as met. */
  categories: Rating[];
  units: PreparedUnit[];
  /** Sum of all weights, including units left out later. */
  totalWeight: number;
}

export function prepare(units: readonly ReliabilityUnit[], given: readonly Rating[] = []): Prepared {
  // Numbers and strings are different categories (1 is not "1"): one map each, which also spares
  // building a key string per rating. null, undefined and NaN are missing.
  const numbers = new Map<number, number>();
  const strings = new Map<string, number>();
  const categories: Rating[] = [];
  const add = (r: Rating): number => {
    if (r === null || r === undefined || Number.isNaN(r)) return MISSING;
    const index: Map<Rating, number> = typeof r === 'number' ? numbers : strings;
    let i = index.get(r);
    if (i === undefined) {
      i = categories.length;
      index.set(r, i);
      categories.push(r);
    }
    return i;
  };
  for (const c of given) add(c);

  let coders = 0;
  for (const u of units) coders = Math.max(coders, u.ratings.length);

  const prepared: PreparedUnit[] = [];
  let totalWeight = 0;
  units.forEach((u, n) => {
    const weight = u.weight ?? 1;
    if (!Number.isFinite(weight) || weight < 0) {
      throw new ChorusError(ErrorCode.INVALID_INPUT, `Unit ${n + 1} has weight ${String(weight)}; a weight must be a finite number of at least 0.`);
    }
    if (weight === 0) return;
    totalWeight += weight;
    const values: number[] = new Array<number>(coders).fill(MISSING);
    const cats: number[] = [];
    const counts: number[] = [];
    let rated = 0;
    for (let coder = 0; coder < u.ratings.length; coder++) {
      const c = add(u.ratings[coder]!);
      values[coder] = c;
      if (c === MISSING) continue;
      rated++;
      const at = cats.indexOf(c); // a unit has at most `coders` distinct values: a scan beats a Map
      if (at >= 0) counts[at]!++;
      else {
        cats.push(c);
        counts.push(1);
      }
    }
    prepared.push({ weight, values, categories: cats, counts, rated });
  });
  return { coders, categories, units: prepared, totalWeight };
}

/** A chance-corrected coefficient (Po - Pe) / (1 - Pe), undefined when chance agreement is 1. */
export function chanceCorrected(po: number, pe: number): number | null {
  return 1 - pe < 1e-12 ? null : (po - pe) / (1 - pe);
}
