/**
 * The contract for finding and comparing: retrieval of coded segments, text search, word
 * frequencies, matrices, co-occurrence, voice, auto-coding. Joined into the one table in `api.ts`.
 */
import { findApi } from './analysis-find.js';

export const analysisApi = {
  // Finding: retrieval, search, auto-coding and their exports (shared/analysis-find.ts).
  ...findApi,
} as const;
