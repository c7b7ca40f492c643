/**
 * The contract for working with co-coders: merging a co-coder's project and codebook, agreement
 * between coders, and the consensus view. Joined into the one table in `api.ts`.
 */
import { z } from 'zod';
import { query } from './api-kit.js';

export const teamApi = {
  /** The coders of the open project (users with at least one coding, memo or log entry) and which one is "me". */
  'team.coders': query<import('./types.js').CoderInfo[]>()(z.object({})),
  /**
   * Codings per code and per document, split by coder: the counts of the coder layers in the
   * coding workspace (only my codings in blind mode, one co-coder's, or everyone's).
   */
  'team.codingCounts': query<import('./types.js').CoderCodingCounts>()(z.object({})),
} as const;
