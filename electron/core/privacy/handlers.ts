import type { privacyApi } from '../../../shared/api-privacy.js';
import type { Handlers } from '../handlers.js';
import { proposePseudonyms } from './propose.js';
import {
  addPseudonymsCommand,
  listPseudonyms,
  listRedactions,
  redactCommand,
  removePseudonymCommand,
  unredactCommand,
  updatePseudonymCommand,
} from './service.js';

/** Pseudonyms and redactions (`shared/api-privacy.ts`). */
export const privacyHandlers: Handlers<typeof privacyApi> = {
  'privacy.pseudonyms': (cx) => listPseudonyms(cx.project()),
  'privacy.addPseudonyms': (cx, input) => addPseudonymsCommand(cx.project(), input, cx.log),
  'privacy.updatePseudonym': (cx, input) => updatePseudonymCommand(cx.project(), input, cx.log),
  'privacy.removePseudonym': (cx, input) => removePseudonymCommand(cx.project(), input, cx.log),
  'privacy.propose': (cx) => proposePseudonyms(cx.project()),
  'privacy.redactions': (cx, input) => listRedactions(cx.project(), input),
  'privacy.redact': (cx, input) => redactCommand(cx.project(), input, cx.log),
  'privacy.unredact': (cx, input) => unredactCommand(cx.project(), input, cx.log),
};
