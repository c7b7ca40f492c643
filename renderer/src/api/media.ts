/**
 * Where the player gets a linked recording's bytes: the one function that knows. The desktop app
 * serves them on its own `chorus-media:` scheme (electron/main/media-protocol.ts), browser mode at
 * `/api/media/<guid>` with the page's token cookie. Both answer Range requests, so the player can
 * seek; both find the file by the recording's guid in the open project, never by a path.
 */
import { MEDIA_SCHEME } from '../../../shared/media';
import { transport } from './transport';

export function recordingUrl(mediaGuid: string): string {
  const guid = encodeURIComponent(mediaGuid);
  return transport() === 'ipc' ? `${MEDIA_SCHEME}://recording/${guid}` : `/api/media/${guid}`;
}
