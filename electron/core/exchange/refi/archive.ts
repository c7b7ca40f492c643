/**
 * The REFI-QDA containers. A .qdpx is a zip with one `*.qde` at its root (the spec says
 * `project.qde`; ATLAS.ti names it after the project) and the sources under `sources/` (NVivo
 * writes `Sources/`). A .qde or .qdc is the XML alone.
 *
 * Nothing in a zip is trusted: entries whose names could escape a folder (absolute, `..`,
 * backslashes, drive letters) make the whole archive refused; the directory is checked for zip
 * bombs before anything is inflated; every entry read is inflated with a hard limit; XML with a
 * DTD is refused (zip-safety.ts, shared with the .docx reader).
 */
import zlib from 'node:zlib';
import JSZip from 'jszip';
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import {
  checkZipDirectory,
  inflateBounded,
  isUnsafeEntryName,
  MB,
  writtenName,
  zipTooLarge,
  type ZipLimits,
} from '../../documents/formats/zip-safety.js';
import { decodeXml } from './xml.js';

export const QDPX_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxPartBytes: 256 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 8 * 1024 * 1024,
};

const KIND = 'a REFI-QDA project';

export interface RefiPackage {
  /** The project or codebook XML, without a byte-order mark. */
  xml: string;
  /** The text of an `internal://` (or bare) source path; null when the package does not hold it. */
  readText(path: string): Promise<string | null>;
  /**
   * The same, still packed when it can be unpacked elsewhere (`unpackSourceText`, on the parser
   * thread): the text itself only when JSZip has to unpack it.
   */
  packedText(path: string): Promise<PackedEntry | string | null>;
  /**
   * Counts bytes unpacked elsewhere against the archive's total limit; throws TOO_LARGE past it.
   * (Each part is held to its own limit as it is unpacked.)
   */
  account(bytes: number): void;
}

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);
}

/** `internal://x.txt` (or a bare `x.txt`, as some tools write it) as a file name inside `sources/`. */
export function internalName(path: string): string | null {
  const p = path.trim();
  if (/^internal:\/\//iu.test(p)) return p.replace(/^internal:\/\/\/?/iu, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//iu.test(p)) return null;
  return p;
}

function decodeSourceText(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The private `_data` of an entry JSZip loaded from bytes: its compressed bytes, method and CRC. */
interface LoadedEntryData {
  compressedContent?: unknown;
  uncompressedSize?: number;
  compression?: { magic?: string };
  crc32?: number;
}

const STORED = '\x00\x00';
const DEFLATED = '\x08\x00';

/** An entry's bytes as they lie in the zip, with what it takes to unpack them apart from the archive. */
export interface PackedEntry {
  name: string;
  /** The archive's name, for messages. */
  fileName: string;
  method: 'stored' | 'deflated';
  /** A copy of the compressed bytes (not a view into the whole archive). */
  content: Uint8Array;
  /** The size the directory declares, which may be a lie. */
  declaredSize: number;
  crc32: number;
  /** The most bytes it may unpack to. */
  limit: number;
}

/** An entry as stored or deflated bytes; undefined when it is neither, for the caller to fall back on JSZip. */
function packedEntry(entry: JSZip.JSZipObject, limit: number, fileName: string): PackedEntry | undefined {
  const data = (entry as unknown as { _data?: LoadedEntryData })._data;
  const content = data?.compressedContent;
  const method = data?.compression?.magic;
  if (!(content instanceof Uint8Array) || typeof data?.crc32 !== 'number' || (method !== STORED && method !== DEFLATED)) {
    return undefined;
  }
  return {
    name: entry.name,
    fileName,
    method: method === STORED ? 'stored' : 'deflated',
    // A copy: the entry's bytes are a view into the whole archive (Buffer.slice would be one too),
    // and a view sent to the parser thread takes all of its buffer along.
    content: new Uint8Array(content),
    declaredSize: typeof data.uncompressedSize === 'number' ? data.uncompressedSize : 0,
    crc32: data.crc32,
    limit,
  };
}

/**
 * Unpacks an entry with Node's zlib, with the same hard limit as `inflateBounded`: JSZip inflates
 * in JavaScript, several times slower on the tens of MB of a large .qdpx. The CRC is checked here
 * (the archive is loaded without JSZip's own check, which inflated every entry a first time, unread
 * ones too, before the directory was even looked at). Null when the entry is damaged.
 */
export function unpackEntry(packed: PackedEntry): Uint8Array | null {
  const { limit, content } = packed;
  const tooLarge = () => zipTooLarge(packed.fileName, `its part ${packed.name.slice(0, 80)} unpacks to more than ${MB(limit)}`, KIND);
  let out: Uint8Array;
  if (packed.method === 'stored') {
    if (content.length > limit) throw tooLarge();
    out = content;
  } else {
    try {
      // maxOutputLength stops zlib as soon as the output would pass the limit. Output comes in
      // chunks of the size the directory declares (bounded): zlib's default of 16 kB made a
      // project.qde of 30 MB two thousand chunks to be copied together again.
      const chunkSize = Math.min(Math.max(packed.declaredSize + 1, 64 * 1024), limit + 1, 64 * 1024 * 1024);
      out = zlib.inflateRawSync(content, { maxOutputLength: Math.max(1, limit), chunkSize });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
      return null;
    }
    if (out.length > limit) throw tooLarge();
  }
  return zlib.crc32(out) === packed.crc32 >>> 0 ? out : null;
}

/** A source's text from its packed entry: unpacked, checked and decoded (on the parser thread), and its size unpacked. */
export function unpackSourceText(packed: PackedEntry): { text: string; bytes: number } {
  const bytes = unpackEntry(packed);
  if (bytes === null) throw damaged(packed.fileName, packed.name);
  return { text: decodeSourceText(bytes), bytes: bytes.length };
}

function damaged(fileName: string, entryName: string): ChorusError {
  return new ChorusError(ErrorCode.CORRUPT_FILE, `${fileName} is damaged: ${entryName.slice(0, 80)} cannot be unpacked.`);
}

/** Opens a .qdpx, .qde or .qdc from its bytes. */
export async function openRefiPackage(bytes: Uint8Array, fileName: string, limits: ZipLimits = QDPX_LIMITS): Promise<RefiPackage> {
  if (bytes.length === 0) throw new ChorusError(ErrorCode.INVALID_INPUT, `${fileName} is empty.`);
  if (!isZip(bytes)) {
    return { xml: decodeXml(bytes, fileName), readText: () => Promise.resolve(null), packedText: () => Promise.resolve(null), account: () => {} };
  }
  let zip: JSZip;
  try {
    // CRCs are checked as entries are read (inflateNative).
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false, createFolders: false });
  } catch (e) {
    throw new ChorusError(ErrorCode.CORRUPT_FILE, `${fileName} is damaged: it is not a readable zip archive (${(e as Error).message.slice(0, 120)}).`);
  }
  const all = Object.values(zip.files);
  const unsafe = all.find((f) => isUnsafeEntryName(writtenName(f)));
  if (unsafe) {
    throw new ChorusError(
      ErrorCode.CORRUPT_FILE,
      `${fileName} was refused: it holds a file named "${writtenName(unsafe).slice(0, 100)}", which points outside the archive.`,
    );
  }
  const entries = all.filter((f) => !f.dir);
  checkZipDirectory(entries, fileName, limits, KIND);

  const qdes = entries.filter((f) => !f.name.includes('/') && /\.qde$/iu.test(f.name));
  const qde = qdes.find((f) => f.name.toLowerCase() === 'project.qde') ?? (qdes.length === 1 ? qdes[0] : undefined);
  if (!qde) {
    throw new ChorusError(
      qdes.length === 0 ? ErrorCode.UNSUPPORTED_FORMAT : ErrorCode.CORRUPT_FILE,
      qdes.length === 0
        ? `${fileName} is not a REFI-QDA project: it has no project.qde.`
        : `${fileName} holds several projects (${qdes.map((q) => q.name).join(', ')}) and none is project.qde.`,
    );
  }
  let inflated = 0;
  const limit = () => Math.min(limits.maxPartBytes, limits.maxTotalBytes - inflated);
  const account = (bytes: number) => {
    inflated += bytes;
    if (inflated > limits.maxTotalBytes) throw zipTooLarge(fileName, `it unpacks to more than ${MB(limits.maxTotalBytes)}`, KIND);
  };
  const read = async (entry: JSZip.JSZipObject): Promise<Uint8Array> => {
    const packed = packedEntry(entry, limit(), fileName);
    const data = packed === undefined ? await inflateBounded(entry, limit(), fileName, KIND) : unpackEntry(packed);
    if (data === null) throw damaged(fileName, entry.name);
    account(data.length);
    return data;
  };
  const xml = decodeXml(await read(qde), `${fileName} (${qde.name})`);
  const sources = new Map<string, JSZip.JSZipObject>();
  for (const e of entries) {
    const m = /^sources\/(.+)$/iu.exec(e.name);
    if (m) sources.set(m[1]!.toLowerCase(), e);
  }
  return {
    xml,
    readText: async (path) => {
      const name = internalName(path);
      const entry = name === null ? undefined : sources.get(name.toLowerCase());
      return entry ? decodeSourceText(await read(entry)) : null;
    },
    packedText: async (path) => {
      const name = internalName(path);
      const entry = name === null ? undefined : sources.get(name.toLowerCase());
      if (!entry) return null;
      return packedEntry(entry, limit(), fileName) ?? decodeSourceText(await read(entry));
    },
    account,
  };
}
