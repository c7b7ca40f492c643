/**
 * What the front doors need to stream a linked recording to the player: the file of a recording of
 * the open project, found by its guid (never by a path the page names), and the byte range a
 * request asks for. Seeking in `<audio>`/`<video>` is a Range request, answered 206 with just those
 * bytes; a server that answers 200 with the whole file leaves the player unable to seek.
 */
import fs from 'node:fs';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import { extensionOf, MEDIA_FORMATS } from '../../../shared/media.js';
import type { Project } from '../project.js';
import { mediaByGuid } from '../store/media.js';
import { stateOf } from './files.js';

export interface ServedRecording {
  path: string;
  mime: string;
  size: number;
}

/**
 * The file behind recording `guid` of `project`, when it may be played: linked in this project,
 * still a file of a recording format, and the size it was linked with. NOT_FOUND otherwise (a page
 * cannot tell "not linked" from "moved", and needs neither: `media.get` says which).
 */
export function recordingToServe(project: Project | null, guid: string): ServedRecording {
  const media = project && /^[0-9a-f-]{36}$/i.test(guid) ? mediaByGuid(project.db, guid) : undefined;
  // The extension is checked again: a link imported from another tool's file could name any file.
  if (!media || !(extensionOf(media.path) in MEDIA_FORMATS)) {
    throw new ChorusError(ErrorCode.NOT_FOUND, 'That recording is not linked in the open project.');
  }
  const { state, size } = stateOf(media);
  if (state !== 'found' || size === null) throw new ChorusError(ErrorCode.NOT_FOUND, `The recording "${media.name}" is not where it was linked.`);
  return { path: media.path, mime: media.mime, size };
}

/** Inclusive byte offsets of a single range, as in `Content-Range`. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The range a `Range` header asks of a file of `size` bytes (RFC 9110 §14): `bytes=a-b`,
 * `bytes=a-` or the last n bytes `bytes=-n`, with an end past the file cut to it. `null` means the
 * whole file (no header, another unit, several ranges, or a header that does not parse: all may be
 * answered 200 with everything); `'unsatisfiable'` a range wholly past the end (416).
 */
export function byteRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}

export interface RecordingResponse {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  /** The bytes to send (absent for 416 and HEAD). */
  body: fs.ReadStream | null;
}

/**
 * The answer to a GET (or HEAD) of a recording: status, headers and a stream of the bytes asked
 * for. Shared by browser mode's HTTP route and the desktop app's `chorus-media:` protocol.
 */
export function recordingResponse(file: ServedRecording, rangeHeader: string | undefined, head = false): RecordingResponse {
  const base = { 'Accept-Ranges': 'bytes', 'Content-Type': file.mime, 'Cache-Control': 'no-store' };
  const range = byteRange(rangeHeader, file.size);
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { ...base, 'Content-Range': `bytes */${file.size}` }, body: null };
  }
  if (range === null) {
    return {
      status: 200,
      headers: { ...base, 'Content-Length': String(file.size) },
      body: head ? null : fs.createReadStream(file.path),
    };
  }
  return {
    status: 206,
    headers: {
      ...base,
      'Content-Length': String(range.end - range.start + 1),
      'Content-Range': `bytes ${range.start}-${range.end}/${file.size}`,
    },
    body: head ? null : fs.createReadStream(file.path, { start: range.start, end: range.end }),
  };
}
