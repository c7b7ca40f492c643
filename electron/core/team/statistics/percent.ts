/**
 * Percentage agreement. Two coders: the share of units both rated on which they chose the same
 * category. More coders: the share of agreeing coder pairs per unit, averaged over units rated by
 * at least two coders, i.e. Fleiss' (1971) observed agreement P-bar, with Gwet's (2014, eq. 2.8)
 * treatment of missing ratings. Both are the same formula (`multiRater().pa`): with two ratings a
 * unit's pair agrees (1) or not (0).
 */
import type { StatisticResult } from '../../../../shared/agreement.js';
import type { Prepared } from './categories.js';
import { multiRater } from './multi-rater.js';

export function percentAgreement(data: Prepared): StatisticResult {
  const { pa, paired } = multiRater(data);
  const result: StatisticResult = {
    statistic: 'percent',
    value: pa,
    observed: pa,
    expected: null,
    units: paired,
    excluded: data.totalWeight - paired,
    coders: data.coders,
  };
  if (pa === null) result.note = 'No unit was rated by at least two coders.';
  else if (data.coders > 2) result.note = 'Mean agreement over coder pairs per unit (Fleiss’ observed agreement).';
  return result;
}
