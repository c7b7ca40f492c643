/**
 * The kappa family: coefficients of the form (Po - Pe) / (1 - Pe) that differ in the agreement Pe
 * they expect by chance.
 *
 * - Cohen's kappa (Cohen 1960, "A coefficient of agreement for nominal scales", Educ. Psychol.
 *   Meas. 20:37-46): two coders, Pe = sum_k p_k. p_.k from each coder's own marginals. Units one of
 *   the two did not rate are left out (listwise). For more than two coders Chorus reports Light's
 *   kappa (Light 1971, Psychol. Bull. 76:365-377): the mean of Cohen's kappa over all coder pairs,
 *   each pair on the units both rated.
 * - Scott's pi (Scott 1955, "Reliability of content analysis", Public Opin. Q. 19:321-325): two
 *   coders, Pe = sum_k pi_k^2 with pi_k the pooled marginal of both coders; listwise like Cohen.
 *   Fleiss' kappa generalises pi to any number of coders, so for more than two coders `scott`
 *   reports Fleiss' kappa and says so.
 * - Fleiss' kappa (Fleiss 1971, "Measuring nominal scale agreement among many raters", Psychol.
 *   Bull. 76:378-382): Po = P-bar, Pe = sum_k pi_k^2.
 * - Brennan-Prediger (Brennan & Prediger 1981, Educ. Psychol. Meas. 41:687-699): Pe = 1/q for q
 *   categories.
 * - Gwet's AC1 (Gwet 2008, Br. J. Math. Stat. Psychol. 61:29-48; Gwet 2014, Handbook of
 *   Inter-Rater Reliability, 4th ed., ch. 4): Pe = sum_k pi_k (1 - pi_k) / (q - 1).
 *
 * Fleiss, Brennan-Prediger and AC1 follow Gwet's (2014) generalisation to missing ratings (see
 * `multi-rater.ts`): Po over units rated by at least two coders, pi_k over all rated units. With
 * two coders and no missing ratings Fleiss' kappa equals Scott's pi and AC1 equals Gwet's
 * two-rater AC1. q is the number of categories: those given in `categories` plus any other met in
 * the data (a binary coded / not-coded variable has q = 2 even if every unit was coded).
 */
import type { StatisticName, StatisticResult } from '../../../../shared/agreement.js';
import { chanceCorrected, MISSING, type Prepared } from './categories.js';
import { multiRater } from './multi-rater.js';

interface PairTable {
  /** Weight of units both coders rated. */
  n: number;
  agree: number;
  /** Marginals of coder a and coder b (weights by category index). */
  a: Float64Array;
  b: Float64Array;
}

function pairTable(data: Prepared, ca: number, cb: number): PairTable {
  const q = data.categories.length;
  const t: PairTable = { n: 0, agree: 0, a: new Float64Array(q), b: new Float64Array(q) };
  for (const u of data.units) {
    const x = u.values[ca]!;
    const y = u.values[cb]!;
    if (x === MISSING || y === MISSING) continue;
    t.n += u.weight;
    t.a[x]! += u.weight;
    t.b[y]! += u.weight;
    if (x === y) t.agree += u.weight;
  }
  return t;
}

/** Weight of units rated by at least two coders: what a statistic over coder pairs can use. */
function pairedWeight(data: Prepared): number {
  let w = 0;
  for (const u of data.units) if (u.rated >= 2) w += u.weight;
  return w;
}

const UNDEFINED_CHANCE = 'Undefined: chance agreement is 1 (every rating falls in one category).';
const NO_PAIRS = 'No unit was rated by at least two coders.';

function result(
  statistic: StatisticName,
  data: Prepared,
  po: number | null,
  pe: number | null,
  used: number,
  note?: string,
): StatisticResult {
  const value = po === null || pe === null ? null : chanceCorrected(po, pe);
  const out: StatisticResult = {
    statistic,
    value,
    observed: po,
    expected: pe,
    units: used,
    excluded: data.totalWeight - used,
    coders: data.coders,
  };
  const why = po === null ? NO_PAIRS : value === null ? UNDEFINED_CHANCE : undefined;
  const text = [why, note].filter(Boolean).join(' ');
  if (text) out.note = text;
  return out;
}

/** Observed and chance agreement of Cohen's kappa for one coder pair; null if they share no unit. */
function cohenPair(data: Prepared, a: number, b: number): { po: number; pe: number; n: number } | null {
  const t = pairTable(data, a, b);
  if (t.n === 0) return null;
  let pe = 0;
  for (let k = 0; k < t.a.length; k++) pe += t.a[k]! * t.b[k]!;
  return { po: t.agree / t.n, pe: pe / (t.n * t.n), n: t.n };
}

/** Cohen's kappa for two coders; Light's kappa (mean pairwise Cohen) for more. */
export function cohenKappa(data: Prepared): StatisticResult {
  if (data.coders < 2) return result('cohen', data, null, null, 0);
  if (data.coders === 2) {
    const pair = cohenPair(data, 0, 1);
    return pair ? result('cohen', data, pair.po, pair.pe, pair.n) : result('cohen', data, null, null, 0);
  }
  const kappas: number[] = [];
  const pos: number[] = [];
  const pes: number[] = [];
  for (let a = 0; a < data.coders; a++) {
    for (let b = a + 1; b < data.coders; b++) {
      const pair = cohenPair(data, a, b);
      const kappa = pair && chanceCorrected(pair.po, pair.pe);
      if (!pair || kappa === null) continue;
      kappas.push(kappa);
      pos.push(pair.po);
      pes.push(pair.pe);
    }
  }
  const pairs = (data.coders * (data.coders - 1)) / 2;
  const used = pairedWeight(data);
  const light = `Light’s kappa: the mean of Cohen’s kappa over ${kappas.length} of ${pairs} coder pairs (each pair on the units both rated).`;
  if (kappas.length === 0) {
    return { ...result('cohen', data, null, null, used), note: `No coder pair has a defined Cohen’s kappa. ${light}` };
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  return {
    statistic: 'cohen',
    value: mean(kappas),
    observed: mean(pos),
    expected: mean(pes),
    units: used,
    excluded: data.totalWeight - used,
    coders: data.coders,
    note: light,
  };
}

/** Scott's pi for two coders; Fleiss' kappa (its generalisation) for more. */
export function scottPi(data: Prepared): StatisticResult {
  if (data.coders < 2) return result('scott', data, null, null, 0);
  if (data.coders > 2) {
    const fleiss = fleissKappa(data);
    const note = 'More than two coders: Fleiss’ kappa, the generalisation of Scott’s pi, is reported.';
    return { ...fleiss, statistic: 'scott', note: [fleiss.note, note].filter(Boolean).join(' ') };
  }
  const t = pairTable(data, 0, 1);
  if (t.n === 0) return result('scott', data, null, null, 0);
  let pe = 0;
  for (let k = 0; k < t.a.length; k++) {
    const pi = (t.a[k]! + t.b[k]!) / (2 * t.n);
    pe += pi * pi;
  }
  return result('scott', data, t.agree / t.n, pe, t.n);
}

export function fleissKappa(data: Prepared): StatisticResult {
  const m = multiRater(data);
  let pe = 0;
  for (const p of m.pi) pe += p * p;
  return result('fleiss', data, m.pa, pe, m.paired, missingNote(data, m.paired));
}

export function brennanPrediger(data: Prepared): StatisticResult {
  const m = multiRater(data);
  const q = data.categories.length;
  if (q < 2) return result('brennan-prediger', data, m.pa, 1, m.paired, 'Only one category: give the full set with `categories`.');
  return result('brennan-prediger', data, m.pa, 1 / q, m.paired, `q = ${q} categories.`);
}

export function gwetAc1(data: Prepared): StatisticResult {
  const m = multiRater(data);
  const q = data.categories.length;
  if (q < 2) return result('gwet-ac1', data, m.pa, 1, m.paired, 'Only one category: give the full set with `categories`.');
  let pe = 0;
  for (const p of m.pi) pe += p * (1 - p);
  return result('gwet-ac1', data, m.pa, pe / (q - 1), m.paired, missingNote(data, m.paired));
}

/** Says how units with fewer than two ratings were treated, when there were any. */
function missingNote(data: Prepared, paired: number): string | undefined {
  if (paired === data.totalWeight) return undefined;
  return 'Units rated by fewer than two coders count towards category prevalence only (Gwet 2014).';
}
