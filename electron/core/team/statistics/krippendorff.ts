/**
 * Krippendorff's alpha, computed through the coincidence matrix as in Krippendorff (2011),
 * "Computing Krippendorff's Alpha-Reliability", Annenberg School for Communication Departmental
 * Papers 43 (https://repository.upenn.edu/asc_papers/43):
 *
 *   o_ck = sum_u (number of c-k pairs of values in unit u) / (m_u - 1)     coincidences
 *   n_c  = sum_k o_ck,  n = sum_c n_c                                       pairable values
 *   alpha = 1 - Do / De,  Do = (1/n) sum_c sum_k o_ck delta^2_ck,
 *                         De = 1/(n(n-1)) sum_c sum_k n_c n_k delta^2_ck
 *
 * m_u is the number of values unit u received; units with fewer than two drop out (they have no
 * pairs). Difference functions delta^2 (ibid., section E):
 *   nominal  0 if c = k, else 1
 *   ordinal  (sum_{g=c..k} n_g - (n_c + n_k)/2)^2, from the marginals n_g of the coincidence matrix
 *   interval (c - k)^2
 *   ratio    ((c - k) / (c + k))^2
 *
 * Cost. The matrix itself is never built: a unit's share of sum o_ck delta^2 needs only its own
 * (at most `coders`) distinct values, and the expected sum over all value pairs has closed forms.
 * For nominal it is n^2 - sum n_c^2; for interval 2n sum n_c (c - mean)^2; the ordinal difference
 * is the interval difference of the values' mid-ranks M_g = (sum_{h<=g} n_h) - n_g/2 (because
 * sum_{g=c..k} n_g - (n_c+n_k)/2 = M_k - M_c), so it shares that closed form. Only ratio sums over
 * all pairs of distinct values (V^2, with V usually a handful of codes).
 */
import type { Level, Rating, StatisticResult } from '../../../../shared/agreement.js';
import type { Prepared } from './categories.js';

interface Scale {
  /** The position of each category on the scale used by delta (index = category index). */
  x: Float64Array;
  delta2: (a: number, b: number) => number;
}

function failure(data: Prepared, level: Level, note: string, used = 0): StatisticResult {
  return { statistic: 'krippendorff', value: null, observed: null, expected: null, units: used, excluded: data.totalWeight - used, coders: data.coders, level, note };
}

/** Numeric values of the categories, or null when some category is not a number. */
function numeric(categories: readonly Rating[]): Float64Array | null {
  const x = new Float64Array(categories.length);
  for (let i = 0; i < categories.length; i++) {
    const c = categories[i];
    if (typeof c !== 'number' || !Number.isFinite(c)) return null;
    x[i] = c;
  }
  return x;
}

/**
 * Sum over all ordered pairs of values (c, k) of f_c f_k delta^2_ck, for frequencies f over the
 * categories listed in `cats`.
 */
function pairSum(level: Level, scale: Scale, cats: readonly number[], f: readonly number[]): number {
  let total = 0;
  for (const w of f) total += w;
  if (level === 'nominal') {
    let sq = 0;
    for (const w of f) sq += w * w;
    return total * total - sq;
  }
  if (level === 'interval' || level === 'ordinal') {
    // sum_c sum_k f_c f_k (x_c - x_k)^2 = 2 N sum_c f_c (x_c - mean)^2; centring keeps it exact
    // for large weights where the textbook N sum f x^2 - (sum f x)^2 would cancel.
    let mean = 0;
    for (let i = 0; i < cats.length; i++) mean += f[i]! * scale.x[cats[i]!]!;
    mean /= total;
    let ss = 0;
    for (let i = 0; i < cats.length; i++) ss += f[i]! * (scale.x[cats[i]!]! - mean) ** 2;
    return 2 * total * ss;
  }
  let sum = 0;
  for (let i = 0; i < cats.length; i++) {
    for (let j = i + 1; j < cats.length; j++) sum += 2 * f[i]! * f[j]! * scale.delta2(cats[i]!, cats[j]!);
  }
  return sum;
}

export function krippendorffAlpha(data: Prepared, level: Level, order?: readonly Rating[]): StatisticResult {
  // Pairable values per category (n_c) and in all (n): every value of a unit with m_u >= 2 counts.
  const q = data.categories.length;
  const nc = new Float64Array(q);
  let used = 0;
  for (const u of data.units) {
    if (u.rated < 2) continue;
    used += u.weight;
    for (let j = 0; j < u.categories.length; j++) nc[u.categories[j]!]! += u.weight * u.counts[j]!;
  }
  if (used === 0) return failure(data, level, 'No unit was rated by at least two coders.');

  let scale: Scale;
  if (level === 'nominal') {
    scale = { x: new Float64Array(q), delta2: (a, b) => (a === b ? 0 : 1) };
  } else {
    const x = numeric(data.categories);
    let rank: number[] | null = null; // category indices from lowest to highest
    if (level === 'ordinal' && order && order.length > 0) {
      // The caller's categories come first in `data.categories`, in the caller's order.
      if (q > order.length) return failure(data, level, 'Some ratings are not among the given categories, so their order is unknown.', used);
      rank = [...Array(q).keys()];
    } else if (x) {
      rank = [...Array(q).keys()].sort((a, b) => x[a]! - x[b]!);
    }
    if (level === 'ordinal') {
      if (!rank) return failure(data, level, 'Ordinal alpha needs ordered values: numbers, or the categories in order.', used);
      // Mid-ranks from the coincidence marginals: M_g = (sum of n_h up to g) - n_g / 2.
      const mid = new Float64Array(q);
      let cum = 0;
      for (const g of rank) {
        cum += nc[g]!;
        mid[g] = cum - nc[g]! / 2;
      }
      scale = { x: mid, delta2: (a, b) => (mid[a]! - mid[b]!) ** 2 };
    } else {
      if (!x) return failure(data, level, `${level === 'interval' ? 'Interval' : 'Ratio'} alpha needs numeric values.`, used);
      if (level === 'ratio' && x.some((v) => v < 0)) return failure(data, level, 'Ratio alpha needs values of at least 0.', used);
      scale =
        level === 'interval'
          ? { x, delta2: (a, b) => (x[a]! - x[b]!) ** 2 }
          : { x, delta2: (a, b) => (x[a]! + x[b]! === 0 ? 0 : ((x[a]! - x[b]!) / (x[a]! + x[b]!)) ** 2) };
    }
  }

  let observedSum = 0;
  for (const u of data.units) {
    if (u.rated < 2 || u.categories.length < 2) continue;
    observedSum += (u.weight * pairSum(level, scale, u.categories, u.counts)) / (u.rated - 1);
  }
  const cats: number[] = [];
  const freq: number[] = [];
  for (let c = 0; c < q; c++) {
    if (nc[c]! > 0) {
      cats.push(c);
      freq.push(nc[c]!);
    }
  }
  const n = freq.reduce((s, w) => s + w, 0);
  const expectedSum = pairSum(level, scale, cats, freq);
  const Do = observedSum / n;
  const De = expectedSum / (n * (n - 1));
  const out: StatisticResult = { statistic: 'krippendorff', value: null, observed: Do, expected: De, units: used, excluded: data.totalWeight - used, coders: data.coders, level };
  if (!(De > 0)) out.note = 'Undefined: the pairable values do not vary, so no disagreement is expected.';
  else out.value = 1 - Do / De;
  return out;
}
