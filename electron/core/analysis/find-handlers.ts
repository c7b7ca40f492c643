import type { findApi } from '../../../shared/analysis-find.js';
import type { Handlers } from '../handlers.js';
import { codeHitsCommand, codeSpeakerCommand } from './autocode.js';
import { exportSearchHits, exportSegments } from './find-export.js';
import { checkQuery, runQuery } from './retrieve.js';
import { search } from './search.js';

/** Finding: retrieval, search, auto-coding and their exports (`shared/analysis-find.ts`). */
export const findHandlers: Handlers<typeof findApi> = {
  'analysis.query': (cx, input) => runQuery(cx.project(), input),
  'analysis.checkQuery': (cx, input) => checkQuery(cx.project(), input.codes),
  'analysis.search': (cx, input) => search(cx.project(), input),
  'analysis.codeHits': (cx, input) => codeHitsCommand(cx.project(), input, cx.log),
  'analysis.codeSpeaker': (cx, input) => codeSpeakerCommand(cx.project(), input, cx.log),
  'export.segments': (cx, input) => exportSegments(cx.project(), input),
  'export.searchHits': (cx, input) => exportSearchHits(cx.project(), input),
};
