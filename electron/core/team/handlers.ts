import type { teamApi } from '../../../shared/api-team.js';
import type { Handlers } from '../handlers.js';
import { agreementHandlers } from './agreement/handlers.js';
import { listCoders } from './coders.js';
import { codingCounts } from './coding-counts.js';
import { mergeCommand, previewMerge } from './merge/service.js';
import { reliabilityReport } from './statistics/report.js';

/** Co-coders: merge, agreement, consensus (`shared/api-team.ts`). */
export const teamHandlers: Handlers<typeof teamApi> = {
  'team.coders': (cx) => listCoders(cx.project()),
  'team.reliability': (_cx, input) => reliabilityReport(input.table, input.statistics, input.level, input.order),
  ...agreementHandlers,
  'team.previewMerge': (cx, input) => previewMerge(cx.project(), input),
  'team.merge': (cx, input) => mergeCommand(cx.project(), input, cx.log),
  'team.codingCounts': (cx) => codingCounts(cx.project()),
};
