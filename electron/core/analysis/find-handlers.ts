import type { findApi } from '../../../shared/analysis-find.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { Handlers } from '../handlers.js';

const todo = (): never => {
  throw new ChorusError(ErrorCode.INTERNAL, 'Not implemented yet.');
};

/** Finding: retrieval, search, auto-coding and their exports (`shared/analysis-find.ts`). */
export const findHandlers: Handlers<typeof findApi> = {
  'analysis.query': todo,
  'analysis.checkQuery': todo,
  'analysis.search': todo,
  'analysis.codeHits': todo,
  'analysis.codeSpeaker': todo,
  'export.segments': todo,
  'export.searchHits': todo,
};
