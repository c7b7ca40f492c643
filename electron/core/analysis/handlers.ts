import type { analysisApi } from '../../../shared/api-analysis.js';
import type { Handlers } from '../handlers.js';

/** Finding and comparing (`shared/api-analysis.ts`). */
export const analysisHandlers: Handlers<typeof analysisApi> = {};
