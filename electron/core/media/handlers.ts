import type { mediaApi } from '../../../shared/api-media.js';
import type { Handlers } from '../handlers.js';
import { linkCommand, mediaCandidates, mediaStatus, relocateCommand, setTurnTimeCommand, unlinkCommand } from './service.js';

/** Recordings beside transcripts (`shared/api-media.ts`). */
export const mediaHandlers: Handlers<typeof mediaApi> = {
  'media.get': (cx, input) => mediaStatus(cx.project(), input.document),
  'media.link': (cx, input) => linkCommand(cx.project(), input, cx.log, cx.signal),
  'media.relocate': (cx, input) => relocateCommand(cx.project(), input, cx.log, cx.signal),
  'media.unlink': (cx, input) => unlinkCommand(cx.project(), input, cx.log),
  'media.candidates': (cx) => mediaCandidates(cx.project(), cx.files),
  'media.setTurnTime': (cx, input) => setTurnTimeCommand(cx.project(), input, cx.log),
};
