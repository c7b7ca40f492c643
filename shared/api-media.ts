/**
 * The contract for recordings: linking an audio or video file to a transcript, finding it again
 * when it moved, and the turns' timings that keep the two in step. Joined into the one table in
 * `api.ts`.
 *
 * A recording is linked, never copied: the project keeps its path, size and SHA-256, so a moved or
 * replaced file is noticed and asked for again. The bytes are served to the player by the front
 * doors (browser mode: `GET /api/media/<guid>`; the desktop app: the `chorus-media:` scheme), by
 * the recording's guid, never by a path the page names.
 */
import { z } from 'zod';
import { command, guid, query, recordingPath } from './api-kit.js';
import type { MediaCandidate, MediaStatus } from './media.js';
import type { Turn } from './types.js';

const documentRef = z.object({ document: guid });

export const mediaApi = {
  /**
   * The recording of a transcript and whether it can be played: at its path with the size it
   * had (`found`), gone (`missing`) or another file there now (`changed`). Reads no more than the
   * file's size; the hash is checked when a file is linked or relocated.
   */
  'media.get': query<MediaStatus>()(documentRef),
  /**
   * Links a recording (mp3, m4a, wav, ogg/opus, mp4, webm) to a transcript; a recording already
   * linked is replaced. The file is read once to check its format and hash it (SHA-256); it stays
   * where it is. UNSUPPORTED_FORMAT for another kind of file, or one whose content is not what its
   * name says.
   */
  'media.link': command<MediaStatus>(['media', 'history'])(z.object({ document: guid, path: recordingPath })),
  /**
   * Finds a moved recording again: the file at `path` must be the same recording (same SHA-256),
   * else CONFLICT naming what differs, unless `replace` says to link the other file instead.
   */
  'media.relocate': command<MediaStatus>(['media', 'history'])(
    z.object({ document: guid, path: recordingPath, replace: z.boolean().default(false) }),
  ),
  /** Takes the recording off a transcript (the file is not touched). */
  'media.unlink': command<MediaStatus>(['media', 'history'])(documentRef),
  /**
   * Recordings the caller may link: audio and video files in the folder beside the open project
   * (in browser mode, the one folder it works in), and its subfolders one level down.
   */
  'media.candidates': query<{ folder: string | null; files: MediaCandidate[] }>()(z.object({})),
  /**
   * Sets when a turn starts in the recording (seconds), by hand: a transcript without timings is
   * synchronised while it plays. `null` clears it. One undo step.
   */
  'media.setTurnTime': command<Turn>(['documents.get', 'history'])(
    z.object({
      turn: guid,
      time: z
        .number()
        .min(0, 'A time is counted from the start of the recording, so it cannot be negative.')
        .max(7 * 24 * 3600, 'That time is longer than any recording.')
        .nullable(),
    }),
  ),
} as const;
