import type { analysisApi } from '../../../shared/api-analysis.js';
import type { Handlers } from '../handlers.js';
import { cooccurrence, cooccurrenceCell } from './cooccurrence.js';
import { exportAnalysis } from './export.js';
import { findHandlers } from './find-handlers.js';
import { codeMatrix, matrixCell } from './matrix.js';
import { similarPassages } from './similar.js';
import { talkTime, voice } from './voice.js';
import { distinctiveWords, wordFrequencies } from './words.js';

/** Finding and comparing (`shared/api-analysis.ts`). */
export const analysisHandlers: Handlers<typeof analysisApi> = {
  // Finding: retrieval, search, auto-coding, exports (find-handlers.ts).
  ...findHandlers,
  // Comparing: frequencies, matrices, co-occurrence, voice
  'analysis.words': (cx, input) => wordFrequencies(cx.project(), input),
  'analysis.distinctive': (cx, input) => distinctiveWords(cx.project(), input),
  'analysis.matrix': (cx, input) => codeMatrix(cx.project(), input),
  'analysis.matrixCell': (cx, input) => matrixCell(cx.project(), input),
  'analysis.cooccurrence': (cx, input) => cooccurrence(cx.project(), input),
  'analysis.cooccurrenceCell': (cx, input) => cooccurrenceCell(cx.project(), input),
  'analysis.voice': (cx, input) => voice(cx.project(), input),
  'analysis.talkTime': (cx, input) => talkTime(cx.project(), input),
  'analysis.similar': (cx, input) => similarPassages(cx.project(), input),
  'export.analysis': (cx, input) => exportAnalysis(cx.project(), input),
};
