/**
 * Recordings beside transcripts: the formats Chorus links, what the contract answers about a
 * linked recording, and which turn is being spoken at a moment of it. Pure, shared by the core and
 * the renderer.
 */
import { partitionPoint } from './partition-point.js';

export type MediaKind = 'audio' | 'video';

/**
 * The desktop app's scheme for linked recordings: `chorus-media://recording/<guid>` (served by
 * electron/main/media-protocol.ts, allowed by the CSP's media-src).
 */
export const MEDIA_SCHEME = 'chorus-media';

/**
 * The formats a recording may have, by extension: what Chromium (Electron's and the browser's)
 * plays without extra codecs. `.webm` and `.mp4` may hold sound only; the core looks inside to
 * tell (`kind` here is the default).
 */
export const MEDIA_FORMATS: Readonly<Record<string, { mime: string; kind: MediaKind; label: string }>> = {
  '.mp3': { mime: 'audio/mpeg', kind: 'audio', label: 'MP3' },
  '.m4a': { mime: 'audio/mp4', kind: 'audio', label: 'M4A' },
  '.wav': { mime: 'audio/wav', kind: 'audio', label: 'WAV' },
  '.ogg': { mime: 'audio/ogg', kind: 'audio', label: 'Ogg' },
  '.oga': { mime: 'audio/ogg', kind: 'audio', label: 'Ogg' },
  '.opus': { mime: 'audio/ogg', kind: 'audio', label: 'Opus' },
  '.mp4': { mime: 'video/mp4', kind: 'video', label: 'MP4' },
  '.webm': { mime: 'video/webm', kind: 'video', label: 'WebM' },
};

/** The extension of a file name, lower case with its dot ('' when it has none). */
export function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

export function isMediaFileName(name: string): boolean {
  return extensionOf(name) in MEDIA_FORMATS;
}

/** A recording linked to a transcript. The file stays where it is; Chorus keeps its path and hash. */
export interface MediaInfo {
  guid: string;
  /** The transcript's document guid. */
  document: string;
  kind: MediaKind;
  /** Absolute path where the file was last found. */
  path: string;
  /** Its file name, to ask for it again by name when it moved. */
  name: string;
  mime: string;
  size: number;
  /** SHA-256 of the file, hex; '' when it was never read (a link imported from another tool). */
  sha256: string;
  /** Seconds, when known. */
  duration: number | null;
  createdAt: string;
  createdBy: string;
}

/**
 * Whether a document's recording can be played:
 * - `none`: no recording linked;
 * - `found`: the file is at its path with the size it had;
 * - `missing`: nothing is at the path any more (moved, renamed, a drive not mounted);
 * - `changed`: a file is there but of another size: not the recording that was linked.
 * `missing` and `changed` ask the researcher for the file again (`media.relocate`).
 */
export type MediaState = 'none' | 'found' | 'missing' | 'changed';

export interface MediaStatus {
  document: string;
  state: MediaState;
  media: MediaInfo | null;
  /** What to tell the researcher when the recording cannot be played; null when it can. */
  message: string | null;
}

/** A recording the caller may link: one in the folder beside the project (or browser mode's folder). */
export interface MediaCandidate {
  name: string;
  /** The path to give `media.link` or `media.relocate`. */
  path: string;
  size: number;
}

/**
 * The turn being spoken at `time` (seconds): the last turn, in document order, whose start time is
 * at or before it, among the turns that have one. -1 before the first timed turn, or when none has
 * a time. Turns whose times run backwards (a time set by hand out of order) are skipped, so the
 * starts searched are increasing and a binary search finds the answer: O(log n) per tick of the
 * player, on a two-hour group of thousands of turns.
 */
export class TurnClock {
  private readonly starts: number[] = [];
  private readonly turns: number[] = [];

  constructor(times: readonly (number | null)[]) {
    times.forEach((t, i) => {
      if (t === null || !Number.isFinite(t)) return;
      const last = this.starts[this.starts.length - 1];
      if (last !== undefined && t < last) return;
      this.starts.push(t);
      this.turns.push(i);
    });
  }

  /** Whether any turn has a time. */
  get timed(): boolean {
    return this.starts.length > 0;
  }

  turnAt(time: number): number {
    const k = partitionPoint(this.starts.length, (i) => this.starts[i]! <= time);
    return k === 0 ? -1 : this.turns[k - 1]!;
  }
}

/** Playback speeds the speed key cycles through, in order. */
export const PLAYBACK_RATES = [1, 1.25, 1.5, 2, 0.75] as const;

export function nextPlaybackRate(rate: number): number {
  const i = PLAYBACK_RATES.findIndex((r) => Math.abs(r - rate) < 1e-6);
  return PLAYBACK_RATES[(i + 1) % PLAYBACK_RATES.length]!;
}
