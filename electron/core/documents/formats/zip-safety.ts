/**
 * Reading zip packages and the XML inside them without trusting either: shared by the .docx
 * reader and the REFI-QDA (.qdpx) reader.
 *
 * - The zip's directory is checked before anything is inflated: entry count, declared sizes, and
 *   a compression ratio only a zip bomb has (TOO_LARGE).
 * - An entry is inflated as a stream that is cut off at a hard limit, since a directory can lie
 *   about sizes (TOO_LARGE).
 * - XML holding a DTD (`<!DOCTYPE`, `<!ENTITY`) is refused by callers: no entity expansion and no
 *   external entities, whatever the XML parser would do with them.
 */
import type { Readable } from 'node:stream';
import type JSZip from 'jszip';
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';

export interface ZipLimits {
  /** Entries in the archive. */
  maxEntries: number;
  /** Uncompressed bytes of one part that is read. */
  maxPartBytes: number;
  /** Uncompressed bytes of all entries (as declared) and of the parts read (as inflated). */
  maxTotalBytes: number;
  /** Compression ratio above which an entry larger than ratioFloorBytes is taken for a bomb. */
  maxRatio: number;
  ratioFloorBytes: number;
}

export const MB = (n: number) => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 0)} MB`;

/** The private `_data` of an entry loaded by JSZip: sizes from the zip's central directory. */
interface EntrySizes {
  compressedSize?: number;
  uncompressedSize?: number;
}

export function sizesOf(entry: JSZip.JSZipObject): { compressed: number; uncompressed: number } {
  const data = (entry as unknown as { _data?: EntrySizes })._data;
  // JSZip reads the 32-bit fields as signed: 0xFFFFFFF0 comes back as -16.
  const unsigned = (n: number | undefined) => (typeof n !== 'number' || !Number.isFinite(n) ? 0 : n < 0 ? n + 2 ** 32 : n);
  return { compressed: unsigned(data?.compressedSize), uncompressed: unsigned(data?.uncompressedSize) };
}

/**
 * A refusal for size. `kind` says what the file should have been ("a Word transcript"), so the
 * researcher learns why a real one is never this large.
 */
export function zipTooLarge(fileName: string, what: string, kind: string): ChorusError {
  return new ChorusError(
    ErrorCode.TOO_LARGE,
    `${fileName} was refused: ${what}. It may be a "zip bomb"; ${kind} is never this large.`,
  );
}

/** Checks the zip's directory (entry count, declared sizes, compression ratios); inflates nothing. */
export function checkZipDirectory(entries: JSZip.JSZipObject[], fileName: string, limits: ZipLimits, kind: string): void {
  if (entries.length > limits.maxEntries) throw zipTooLarge(fileName, `it holds ${entries.length} files`, kind);
  let declared = 0;
  for (const entry of entries) {
    const { compressed, uncompressed } = sizesOf(entry);
    declared += uncompressed;
    if (declared > limits.maxTotalBytes) throw zipTooLarge(fileName, `it unpacks to more than ${MB(limits.maxTotalBytes)}`, kind);
    if (uncompressed > limits.ratioFloorBytes && uncompressed > limits.maxRatio * Math.max(1, compressed)) {
      throw zipTooLarge(fileName, `its part ${entry.name.slice(0, 80)} is compressed more than ${limits.maxRatio} to 1`, kind);
    }
  }
}

/**
 * Inflates an entry as a stream, stopping as soon as it passes `limit` bytes (TOO_LARGE). An
 * entry that cannot be inflated gives null; the caller decides whether it needed it.
 */
export function inflateBounded(
  entry: JSZip.JSZipObject,
  limit: number,
  fileName: string,
  kind: string,
): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const stream = entry.nodeStream('nodebuffer') as Readable;
    const fail = (e: unknown) => {
      if (done) return;
      done = true;
      stream.destroy();
      reject(e);
    };
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        fail(zipTooLarge(fileName, `its part ${entry.name.slice(0, 80)} unpacks to more than ${MB(limit)}`, kind));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('error', () => {
      if (done) return;
      done = true;
      resolve(null);
    });
    stream.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
  });
}

/** `<!DOCTYPE` or `<!ENTITY` in UTF-8 or UTF-16 bytes (zero bytes skipped). */
export function hasDtd(bytes: Uint8Array): boolean {
  for (let i = bytes.indexOf(0x3c); i !== -1; i = bytes.indexOf(0x3c, i + 1)) {
    let j = i + 1;
    while (bytes[j] === 0) j++;
    if (bytes[j] !== 0x21) continue; // !
    j++;
    while (bytes[j] === 0) j++;
    const c = bytes[j]! | 0x20;
    if (c === 0x64 || c === 0x65) return true; // d, e
  }
  return false;
}

/**
 * A path inside an archive that could escape the folder it is unpacked to, or name another
 * drive: absolute, `..` segments, backslashes, a drive letter. JSZip quietly strips a leading
 * `../` from names, so the name as written in the archive is what is checked.
 */
export function isUnsafeEntryName(name: string): boolean {
  return (
    name.startsWith('/') ||
    name.includes('\\') ||
    /^[a-zA-Z]:/u.test(name) ||
    name.split('/').some((part) => part === '..') ||
    name.includes('\u0000')
  );
}

/** The name of an entry as written in the archive (before JSZip's own clean-up). */
export function writtenName(entry: JSZip.JSZipObject): string {
  return (entry as unknown as { unsafeOriginalName?: string }).unsafeOriginalName ?? entry.name;
}
