/**
 * The contract for working with co-coders: merging a co-coder's project and codebook, agreement
 * between coders, and the consensus view. Joined into the one table in `api.ts`.
 */
import { z } from 'zod';
import { LEVELS, STATISTICS, type Level, type ReliabilityReport, type StatisticName } from './agreement.js';
import { command, query } from './api-kit.js';
import { agreementApi } from './api-team-agreement.js';
import { MergeInput, PreviewMergeInput, type MergePlan, type MergeResult } from './merge.js';

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
      /** Every category of the scale, lowest first: labelled categories need it for ordinal alpha. */
      order: z.array(z.string().min(1).max(200)).min(1).max(1000).optional(),
    }),
  ),

  ...agreementApi,
  /**
   * What merging a co-coder's project (another `.chorus` copy, or a `.qdpx`) would add, match and
   * change, and the codebook conflicts to settle first. Writes nothing; opens the other file read-only.
   */
  'team.previewMerge': query<MergePlan>()(PreviewMergeInput),
  /**
   * Merges a co-coder's project as one command (one undo step). Refuses with CONFLICT while a
   * conflict of the plan has no resolution. Merging the same file again adds nothing.
   */
  'team.merge': command<MergeResult>(['documents', 'codes', 'codings', 'participants', 'attributes', 'memos', 'themes', 'history', 'project'])(MergeInput),
  /**
   * Codings per code and per document, split by coder: the counts of the coder layers in the
   * coding workspace (only my codings in blind mode, one co-coder's, or everyone's).
   */
  'team.codingCounts': query<import('./types.js').CoderCodingCounts>()(z.object({})),
} as const;
