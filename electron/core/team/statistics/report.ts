/** `team.reliability`: a researcher's coding table in, every requested statistic out. */
import type { Level, ReliabilityReport, StatisticName } from '../../../../shared/agreement.js';
import { STATISTICS } from '../../../../shared/agreement.js';
import { computeAll } from './index.js';
import { reliabilityTable } from './table.js';

export function reliabilityReport(
  csvText: string,
  statistics: readonly StatisticName[] = STATISTICS,
  level: Level = 'nominal',
): ReliabilityReport {
  const table = reliabilityTable(csvText);
  return {
    coders: table.coders,
    units: table.units.length,
    results: computeAll(table.units, { level }, statistics),
  };
}
