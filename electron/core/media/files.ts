/**
 * Reading recordings on disk: is a file the format its name says, audio or video, how long, its
 * SHA-256, and is it still where it was linked. Recordings are large (a two-hour video is gigabytes),
 * so nothing here reads a whole file into memory: the format is told from its first and last
 * kilobytes and the hash is streamed.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import { extensionOf, MEDIA_FORMATS, type MediaKind, type MediaState, type MediaStatus } from '../../../shared/media.js';
import type { MediaRow } from '../store/media.js';

const PROBE_BYTES = 64 * 1024;

export interface RecordingFile {
  path: string;
  name: string;
  kind: MediaKind;
  mime: string;
  size: number;
  sha256: string;
  duration: number | null;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = fs.readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}

/** Whether the bytes start as the format of `ext` says (magic numbers). */
function looksLike(ext: string, head: Buffer): boolean {
  const ascii = (at: number, s: string) => head.subarray(at, at + s.length).toString('latin1') === s;
  switch (ext) {
    case '.mp3':
      // An ID3 tag, or straight into an MPEG audio frame (11 sync bits).
      return ascii(0, 'ID3') || (head.length > 1 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0);
    case '.wav':
      return ascii(0, 'RIFF') && ascii(8, 'WAVE');
    case '.m4a':
    case '.mp4':
      return ascii(4, 'ftyp');
    case '.webm':
      return head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3;
    case '.ogg':
    case '.oga':
    case '.opus':
      return ascii(0, 'OggS');
    default:
      return false;
  }
}

/**
 * Audio or video, for the containers that can hold either. WebM: a TrackType element (0x83) of
 * value 1 is a video track. MP4: a handler box (`hdlr`) of type `vide`; the `moov` box holding it
 * is at the start of a file made for streaming and at the end of most others, so both ends are
 * looked at. Unknown: the extension's default.
 */
function kindOf(ext: string, head: Buffer, tail: Buffer): MediaKind {
  const fallback = MEDIA_FORMATS[ext]!.kind;
  if (ext === '.webm') {
    const tracks = head.indexOf(Buffer.from([0x16, 0x54, 0xae, 0x6b]));
    if (tracks < 0) return fallback;
    return head.indexOf(Buffer.from([0x83, 0x81, 0x01]), tracks) >= 0 ? 'video' : 'audio';
  }
  if (ext === '.mp4' || ext === '.m4a') {
    let sawSound = false;
    for (const part of [head, tail]) {
      for (let at = part.indexOf('hdlr'); at >= 0; at = part.indexOf('hdlr', at + 4)) {
        const type = part.subarray(at + 12, at + 16).toString('latin1');
        if (type === 'vide') return 'video';
        if (type === 'soun') sawSound = true;
      }
    }
    return sawSound ? 'audio' : fallback;
  }
  return fallback;
}

/** A WAV file's length in seconds, from its header (data size over byte rate); null if not found. */
function wavDuration(head: Buffer, size: number): number | null {
  let byteRate = 0;
  for (let at = 12; at + 8 <= head.length; ) {
    const id = head.subarray(at, at + 4).toString('latin1');
    const len = head.readUInt32LE(at + 4);
    if (id === 'fmt ' && at + 16 <= head.length) byteRate = head.readUInt32LE(at + 16);
    if (id === 'data') {
      if (!byteRate) return null;
      // Streams written on the fly give 0 or 0xFFFFFFFF: the rest of the file is the data then.
      const data = len === 0 || len === 0xffffffff ? size - at - 8 : Math.min(len, size - at - 8);
      return Math.round((data / byteRate) * 1000) / 1000;
    }
    at += 8 + len + (len % 2);
  }
  return null;
}

/** SHA-256 of a file, streamed; stops with CANCELLED when `signal` aborts. */
export function hashFile(file: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const stream = fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
    const onAbort = () => stream.destroy(new ChorusError(ErrorCode.CANCELLED, 'Reading the recording was cancelled.'));
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk) => hash.update(chunk));
    stream.on('error', (e) => {
      signal?.removeEventListener('abort', onAbort);
      reject(e instanceof ChorusError ? e : new ChorusError(ErrorCode.IO_ERROR, `The recording could not be read: ${e.message}`));
    });
    stream.on('end', () => {
      signal?.removeEventListener('abort', onAbort);
      resolve(hash.digest('hex'));
    });
  });
}

const FORMAT_LIST = [...new Set(Object.values(MEDIA_FORMATS).map((f) => f.label))].join(', ');

/**
 * Reads a recording to link: checks it is a file of a format Chorus plays and that its content is
 * that format, then hashes it. UNSUPPORTED_FORMAT, NOT_FOUND or IO_ERROR otherwise.
 */
export async function readRecording(file: string, signal?: AbortSignal): Promise<RecordingFile> {
  const name = path.basename(file);
  const ext = extensionOf(name);
  const format = MEDIA_FORMATS[ext];
  if (!format) {
    throw new ChorusError(
      ErrorCode.UNSUPPORTED_FORMAT,
      `"${name}" is not a recording Chorus can play. Link an audio or video file: ${FORMAT_LIST}.`,
    );
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ChorusError(ErrorCode.NOT_FOUND, `There is no file at ${file}.`);
  }
  if (!stat.isFile()) throw new ChorusError(ErrorCode.INVALID_INPUT, `${file} is a folder, not a recording.`);
  if (stat.size === 0) throw new ChorusError(ErrorCode.CORRUPT_FILE, `"${name}" is empty.`);
  let head: Buffer;
  let tail: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      head = readAt(fd, 0, Math.min(PROBE_BYTES, stat.size));
      tail = stat.size > PROBE_BYTES ? readAt(fd, stat.size - PROBE_BYTES, PROBE_BYTES) : Buffer.alloc(0);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    throw new ChorusError(ErrorCode.IO_ERROR, `"${name}" could not be read: ${(e as Error).message}`);
  }
  if (!looksLike(ext, head)) {
    throw new ChorusError(ErrorCode.UNSUPPORTED_FORMAT, `"${name}" is not an ${format.label} file, whatever its name says.`);
  }
  const kind = kindOf(ext, head, tail);
  const sha256 = await hashFile(file, signal);
  return {
    path: path.resolve(file),
    name,
    kind,
    // A WebM or MP4 holding sound only is played as audio, and said to be so.
    mime: kind === 'audio' && format.kind === 'video' ? format.mime.replace('video/', 'audio/') : format.mime,
    size: stat.size,
    sha256,
    duration: ext === '.wav' ? wavDuration(head, stat.size) : null,
  };
}

/** Whether a linked recording is still where it was, with the size it had (no hashing: cheap). */
export function stateOf(media: Pick<MediaRow, 'path' | 'size' | 'sha256'>): { state: Exclude<MediaState, 'none'>; size: number | null } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(media.path);
  } catch {
    return { state: 'missing', size: null };
  }
  if (!stat.isFile()) return { state: 'missing', size: null };
  // A link from another tool's file that was not there to read: whatever is at the path now is it.
  if (media.sha256 === '') return { state: 'found', size: stat.size };
  return { state: stat.size === media.size ? 'found' : 'changed', size: stat.size };
}

export function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The contract's answer about a document's recording, with the message for the researcher. */
export function statusOf(document: string, media: MediaRow | undefined): MediaStatus {
  if (!media) return { document, state: 'none', media: null, message: null };
  const { id: _id, documentId: _doc, ...info } = media;
  const { state, size } = stateOf(media);
  const message =
    state === 'missing'
      ? `The recording "${media.name}" is no longer at ${media.path}. It may have been moved or renamed, or its drive is not connected: choose the file again.`
      : state === 'changed'
        ? `The file at ${media.path} is not the recording that was linked (it was ${megabytes(media.size)}, it is ${megabytes(size ?? 0)} now): it was moved or changed. Choose the recording again.`
        : null;
  return { document, state, media: info, message };
}
