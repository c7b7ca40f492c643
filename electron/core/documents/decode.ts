import { ChorusError, ErrorCode } from '../../../shared/errors.js';

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

/**
 * Turns a file's bytes into Chorus text: decoded (UTF-8 with or without BOM; UTF-16 LE/BE by BOM,
 * or without one when every other byte is zero as in mostly-ASCII text; else Windows-1252), NFC,
 * `\n` line ends. The result is what positions count in, and it never changes after import.
 */
export function decodeBytes(bytes: Uint8Array, name: string): DecodedText {
  if (bytes.length === 0) throw new ChorusError(ErrorCode.INVALID_INPUT, `${name} is empty.`);
  let text: string;
  let encoding: TextEncodingName;
  if (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0 && bytes.length >= 4) {
    throw new ChorusError(
      ErrorCode.UNSUPPORTED_FORMAT,
      `${name} is in UTF-32, which Chorus does not read; save it as UTF-8 and import it again.`,
    );
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
    encoding = 'utf-16le';
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
    encoding = 'utf-16be';
  } else if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    // A BOM says UTF-8: bytes that are not are replaced (U+FFFD) rather than read as another code.
    text = new TextDecoder('utf-8').decode(bytes.subarray(3));
    encoding = 'utf-8-bom';
  } else {
    const utf16 = sniffUtf16(bytes);
    if (utf16) {
      text = new TextDecoder(utf16).decode(bytes);
      encoding = utf16;
    } else {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        encoding = 'utf-8';
      } catch {
        text = decodeWindows1252(bytes);
        encoding = 'windows-1252';
      }
    }
  }
  if (looksBinary(text)) {
    throw new ChorusError(ErrorCode.UNSUPPORTED_FORMAT, `${name} looks like a binary file, not a text transcript.`);
  }
  // A second byte-order mark (files converted twice) is not text either.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text: normalizeText(text), encoding };
}

/** decodeBytes without the encoding. */
export function decodeText(bytes: Uint8Array, name: string): string {
  return decodeBytes(bytes, name).text;
}

/**
 * UTF-16 without a BOM, recognised by its zeros: in text that is mostly Latin letters, one byte
 * of nearly every pair is 0 (the high byte: the second in LE, the first in BE).
 */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return null;
  const n = Math.min(bytes.length, 1 << 16);
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero >= pairs * 0.6 && evenZero <= pairs * 0.1) return 'utf-16le';
  if (evenZero >= pairs * 0.6 && oddZero <= pairs * 0.1) return 'utf-16be';
  return null;
}

// eslint-disable-next-line no-control-regex
const BINARY_CONTROLS = /[\u0001-\u0008\u000B\u000E-\u0019\u001B-\u001F]/g;

/**
 * Binary data read as text: any NUL, or more than a few control characters (other than tab, line
 * feed, carriage return, form feed and the DOS end-of-file mark).
 */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const limit = Math.max(8, text.length / 200);
  let controls = 0;
  BINARY_CONTROLS.lastIndex = 0;
  while (BINARY_CONTROLS.exec(text) !== null) if (++controls > limit) return true;
  return false;
}

/** WHATWG index-windows-1252 for bytes 0x80–0x9F; every other byte is its own code point. */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/**
 * Windows-1252 by table: Node's TextDecoder('windows-1252') decodes it as Latin-1 since 20.18.3
 * (nodejs/node#60888), turning curly quotes and dashes into C1 control characters.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const CHUNK = 8192;
  for (let from = 0; from < bytes.length; from += CHUNK) {
    const part = bytes.subarray(from, from + CHUNK);
    const units = new Array<number>(part.length);
    for (let i = 0; i < part.length; i++) {
      const b = part[i]!;
      units[i] = b >= 0x80 && b <= 0x9f ? WINDOWS_1252_C1.charCodeAt(b - 0x80) : b;
    }
    chunks.push(String.fromCharCode(...units));
  }
  return chunks.join('');
}

/** NFC, and every line end (CRLF, CR, U+2028, U+2029) as `\n`. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/\r\n?|[\u2028\u2029]/g, '\n');
}

export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}
