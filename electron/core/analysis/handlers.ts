import type { analysisApi } from '../../../shared/api-analysis.js';
import type { Handlers } from '../handlers.js';
import { findHandlers } from './find-handlers.js';

/** Finding and comparing (`shared/api-analysis.ts`). */
export const analysisHandlers: Handlers<typeof analysisApi> = {
  // Finding: retrieval, search, auto-coding, exports (find-handlers.ts).
  ...findHandlers,
};
