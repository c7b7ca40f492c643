/** `team.reliability`: a researcher's coding table in, every requested statistic out. */
import type { Level, Rating, ReliabilityReport, StatisticName } from '../../../../shared/agreement.js';
import { STATISTICS } from '../../../../shared/agreement.js';
import { computeAll } from './index.js';
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import { reliabilityTable, tableRating, type ReliabilityTable } from './table.js';

/**
 * `order`: every category of the scale, lowest first. Labelled categories ("low", "mid", "high")
 * have no order of their own, so ordinal alpha needs it; it also names categories nobody used,
 * which Brennan-Prediger and Gwet's AC1 count.
 */
export function reliabilityReport(
  csvText: string,
  statistics: readonly StatisticName[] = STATISTICS,
  level: Level = 'nominal',
  order?: readonly string[],
): ReliabilityReport {
  const table = reliabilityTable(csvText);
  const categories = order === undefined ? undefined : orderedCategories(table, order);
  return {
    coders: table.coders,
    units: table.units.length,
    results: computeAll(table.units, { level, ...(categories ? { categories } : {}) }, statistics),
  };
}

/** The order's categories as the table's ratings are typed; every rating must be among them. */
function orderedCategories(table: ReliabilityTable, order: readonly string[]): Rating[] {
  const categories = order.map((c) => tableRating(table, c.trim())).filter((c) => c !== null);
  if (categories.length === 0) throw new ChorusError(ErrorCode.INVALID_INPUT, 'The order of categories is empty.');
  const known = new Set<Rating>();
  for (const c of categories) {
    if (known.has(c)) throw new ChorusError(ErrorCode.INVALID_INPUT, `"${c}" is listed twice in the order of categories.`);
    known.add(c);
  }
  const unlisted = new Set<Rating>();
  for (const u of table.units) for (const r of u.ratings) if (r !== null && !known.has(r)) unlisted.add(r);
  if (unlisted.size > 0) {
    const names = [...unlisted].slice(0, 5).map((r) => `"${r}"`).join(', ');
    throw new ChorusError(
      ErrorCode.INVALID_INPUT,
      `The coding table has ${unlisted.size === 1 ? 'a category' : 'categories'} not in the order given: ${names}. List every category, lowest first.`,
    );
  }
  return categories;
}
