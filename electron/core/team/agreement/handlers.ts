import type { agreementApi } from '../../../../shared/api-team-agreement.js';
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import type { Handlers } from '../../handlers.js';

/** Agreement between the coders of the open project (`shared/api-team-agreement.ts`). */
export const agreementHandlers: Handlers<typeof agreementApi> = {
  'team.agreement': () => {
    throw new ChorusError(ErrorCode.INTERNAL, 'Agreement is not available yet.');
  },
  'team.disagreements': () => {
    throw new ChorusError(ErrorCode.INTERNAL, 'Agreement is not available yet.');
  },
  'export.agreement': () => {
    throw new ChorusError(ErrorCode.INTERNAL, 'Agreement is not available yet.');
  },
};
