/**
 * The contract for finding and comparing: retrieval of coded segments, text search, word
 * frequencies, matrices, co-occurrence, voice, auto-coding. Joined into the one table in `api.ts`.
 */
export const analysisApi = {} as const;
