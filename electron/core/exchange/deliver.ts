/**
 * How every export hands over its file: written to the path the caller named (the desktop's save
 * dialog, the CLI's -o), or returned as content when there is none (browser mode, where the page
 * offers it as a download). The file is written beside its destination and renamed into place,
 * so a failed export never leaves half a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { ExportResult } from '../../../shared/types.js';

export interface ExportedFile {
  /** Text is returned as is; bytes as base64. */
  content: string | Uint8Array;
  mediaType: string;
  /** The name offered for a download (or a save dialog), whether or not a path was given. */
  fileName: string;
}

export function writeAtomically(file: string, content: Uint8Array | string): string {
  const target = path.resolve(file);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, target);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw new ChorusError(ErrorCode.IO_ERROR, `Could not write ${file}: ${(e as Error).message}`);
  }
  return target;
}

export function deliverExport(file: ExportedFile, destination: string | undefined): ExportResult {
  const encoding = typeof file.content === 'string' ? 'utf8' : 'base64';
  if (destination) {
    const written = writeAtomically(destination, file.content);
    return { path: written, content: null, encoding, mediaType: file.mediaType, fileName: file.fileName };
  }
  const content = typeof file.content === 'string' ? file.content : Buffer.from(file.content).toString('base64');
  return { path: null, content, encoding, mediaType: file.mediaType, fileName: file.fileName };
}

/** A file name made from a project's title: characters no file system accepts become spaces. */
export function exportFileName(title: string, fallback: string, suffix: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (title || fallback).replace(/[\u0000-\u001f<>:"/\\|?*]+/g, ' ').replace(/\s+/g, ' ').trim() || fallback;
  return `${base}${suffix}`;
}
