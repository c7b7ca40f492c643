/**
 * The two ingredients every multi-rater agreement coefficient of the kappa family shares, in the
 * generalisation to missing ratings of Gwet (2014), Handbook of Inter-Rater Reliability, 4th ed.,
 * ch. 2 (eqs. 2.8-2.9) and as implemented in his R package irrCAC (`*.raw` functions):
 *
 *   Pa   = (1/n') sum over units i with r_i >= 2 of  sum_k r_ik (r_ik - 1) / (r_i (r_i - 1))
 *   pi_k = (1/n)  sum over units i with r_i >= 1 of  r_ik / r_i
 *
 * r_ik = coders who put unit i in category k, r_i = coders who rated unit i, n' = units rated by
 * at least two coders, n = units rated by at least one. Pa is the share of agreeing coder pairs per
 * unit, averaged over units (Fleiss 1971's observed agreement when nobody misses a unit); a unit
 * rated by one coder says nothing about agreement but still tells how often categories are used.
 * Weights multiply each unit's contribution, so weighted units equal expanded ones.
 */
import type { Prepared } from './categories.js';

export interface MultiRater {
  /** Mean pairwise agreement per unit over units with at least two ratings; null if there are none. */
  pa: number | null;
  /** Category prevalence pi_k (index = category index); sums to 1 when any unit is rated. */
  pi: Float64Array;
  /** Weight of units with at least two ratings (n') and with at least one (n). */
  paired: number;
  rated: number;
}

/** computeAll asks for the same prepared data up to five times (percent, Scott, Fleiss, BP, AC1). */
const computed = new WeakMap<Prepared, MultiRater>();

export function multiRater(data: Prepared): MultiRater {
  let m = computed.get(data);
  if (!m) {
    m = compute(data);
    computed.set(data, m);
  }
  return m;
}

function compute(data: Prepared): MultiRater {
  const pi = new Float64Array(data.categories.length);
  let agreement = 0;
  let paired = 0;
  let rated = 0;
  for (const u of data.units) {
    if (u.rated === 0) continue;
    rated += u.weight;
    let pairs = 0;
    for (let j = 0; j < u.categories.length; j++) {
      const r = u.counts[j]!;
      pi[u.categories[j]!]! += (u.weight * r) / u.rated;
      pairs += r * (r - 1);
    }
    if (u.rated >= 2) {
      paired += u.weight;
      agreement += (u.weight * pairs) / (u.rated * (u.rated - 1));
    }
  }
  if (rated > 0) for (let k = 0; k < pi.length; k++) pi[k]! /= rated;
  return { pa: paired > 0 ? agreement / paired : null, pi, paired, rated };
}
