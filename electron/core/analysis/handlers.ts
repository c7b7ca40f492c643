import type { analysisApi } from '../../../shared/api-analysis.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Handlers } from '../handlers.js';

const pending = (): never => {
  throw new ChorusError(ErrorCode.INTERNAL, 'This comparison is not available yet.');
};

/** Finding and comparing (`shared/api-analysis.ts`). */
export const analysisHandlers: Handlers<typeof analysisApi> = {
  // Comparing: frequencies, matrices, co-occurrence, voice
  'analysis.words': pending,
  'analysis.distinctive': pending,
  'analysis.matrix': pending,
  'analysis.matrixCell': pending,
  'analysis.cooccurrence': pending,
  'analysis.cooccurrenceCell': pending,
  'analysis.voice': pending,
  'analysis.talkTime': pending,
  'analysis.similar': pending,
  'export.analysis': pending,
};
