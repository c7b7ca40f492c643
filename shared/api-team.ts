/**
 * The contract for working with co-coders: merging a co-coder's project and codebook, agreement
 * between coders, and the consensus view. Joined into the one table in `api.ts`.
 */
import { z } from 'zod';
import { LEVELS, STATISTICS, type Level, type ReliabilityReport, type StatisticName } from './agreement.js';
import { query } from './api-kit.js';
import { agreementApi } from './api-team-agreement.js';

const statisticName = z.enum(STATISTICS as [StatisticName, ...StatisticName[]]);
const levelEnum = z.enum(LEVELS as [Level, ...Level[]]);

export const teamApi = {
  /** The coders of the open project (users with at least one coding, memo or log entry) and which one is "me". */
  'team.coders': query<import('./types.js').CoderInfo[]>()(z.object({})),

  /**
   * Reliability statistics for a researcher's own coding table (CSV text: first row = coder names,
   * one row per unit, one column per coder, empty cells = missing; an optional first column named
   * "unit" or "id" labels the rows). Needs no open project. `statistics` defaults to all.
   */
  'team.reliability': query<ReliabilityReport>()(
    z.object({
      table: z.string(),
      statistics: z.array(statisticName).optional(),
      level: levelEnum.default('nominal'),
    }),
  ),

  ...agreementApi,
} as const;
