import type { agreementApi } from '../../../../shared/api-team-agreement.js';
import type { Handlers } from '../../handlers.js';
import { disagreements } from './disagreements.js';
import { exportAgreement } from './export.js';
import { agreementReport } from './report.js';

/** Agreement between the coders of the open project (`shared/api-team-agreement.ts`). */
export const agreementHandlers: Handlers<typeof agreementApi> = {
  'team.agreement': (cx, input) => agreementReport(cx.project(), input, { signal: cx.signal, progress: cx.progress }),
  'team.disagreements': (cx, input) => disagreements(cx.project(), input),
  'export.agreement': (cx, input) => exportAgreement(cx.project(), input, { signal: cx.signal, progress: cx.progress }),
};
