import { isUtf8 } from 'node:buffer';
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
      // Validated first, then decoded: cheaper than a TextDecoder that validates as it goes.
      if (isUtf8(bytes)) {
        text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
        encoding = 'utf-8';
      } else {
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
  // Nearly every file has no zero byte at all: found natively, that answers at once.
  if (bytes.subarray(0, n).indexOf(0) === -1) return null;
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
  const nfc = toNfc(text);
  return /[\r\u2028\u2029]/u.test(nfc) ? nfc.replace(/\r\n?|[\u2028\u2029]/gu, '\n') : nfc;
}

/**
 * `text.normalize('NFC')`, skipping the pass through ICU (as costly as decoding the file) when no
 * character of the text could change: the usual case for a transcript in English, even with curly
 * quotes and dashes. (Normalising only the stretches around such characters was tried: building
 * the string from its pieces cost as much as the whole pass.)
 */
function toNfc(text: string): string {
  // Without the `u` flag the pattern looks at UTF-16 units, which is several times faster; an
  // astral character stops it at its high surrogate and is judged by its whole code point.
  const scan = new RegExp(MAYBE_UNSTABLE, 'g');
  for (let m = scan.exec(text); m !== null; m = scan.exec(text)) {
    if (!isNfcStable(text.codePointAt(m.index)!)) return text.normalize('NFC');
  }
  return text;
}

/**
 * Characters worth a closer look: all but those below U+0300, general punctuation from U+2002
 * (spaces, dashes, curly quotes; U+2000 and U+2001 decompose) and the CJK unified ideographs,
 * none of which NFC ever changes (a unit test checks every one), and which a transcript is mostly
 * made of.
 */
export const NFC_SKIPPED_RANGES: readonly [number, number][] = [
  [0x0000, 0x02ff],
  [0x2002, 0x206f],
  [0x4e00, 0x9fff],
];
const hex4 = (n: number) => `\\u${n.toString(16).padStart(4, '0')}`;
const MAYBE_UNSTABLE = `[^${NFC_SKIPPED_RANGES.map(([a, b]) => `${hex4(a)}-${hex4(b)}`).join('')}]`;

/**
 * Per code point: can NFC change it, alone or with the character before it? Characters NFC
 * replaces (singletons such as U+2000, U+212B), combining marks (they compose with or reorder
 * against what precedes them) and Hangul vowel and final jamo (they join the syllable before
 * them) can; these are the characters whose NFC quick check is not Yes, or which combine. A
 * precomposed letter (é, ά, ễ) is already NFC and stays so unless a mark follows it, and then
 * the mark is the one found. Decided once per code point and kept.
 */
const nfcStable = new Map<number, boolean>();
const MARK = /^\p{M}$/u;

export function isNfcStable(cp: number): boolean {
  let stable = nfcStable.get(cp);
  if (stable === undefined) {
    const ch = String.fromCodePoint(cp);
    const hangulJamo = (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0xa960 && cp <= 0xa97f) || (cp >= 0xd7b0 && cp <= 0xd7ff);
    stable = !hangulJamo && !MARK.test(ch) && ch.normalize('NFC') === ch;
    nfcStable.set(cp, stable);
  }
  return stable;
}

/** Letters and digits; a word is a run of them, joined across one straight or curly apostrophe. */
const ALNUM = /^[\p{L}\p{N}]$/u;
const alnumCache = new Map<number, boolean>();

function isAlnum(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  let is = alnumCache.get(cp);
  if (is === undefined) {
    is = ALNUM.test(String.fromCodePoint(cp));
    alnumCache.set(cp, is);
  }
  return is;
}

const isApostrophe = (c: number) => c === 0x27 || c === 0x2019;

/**
 * Words in text[start, end): as many as `/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*\/gu` finds in
 * that slice, counted in place. Import counts every turn's words, and slicing each turn and
 * collecting every match cost more than storing the transcript.
 */
export function countWords(text: string, start = 0, end = text.length): number {
  let words = 0;
  // What the previous two code points were: a letter or digit, an apostrophe, or anything else.
  let prevAlnum = false;
  let prevApostropheAfterAlnum = false;
  for (let i = start; i < end; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < end) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (isAlnum(cp)) {
      if (!prevAlnum && !prevApostropheAfterAlnum) words++;
      prevAlnum = true;
      prevApostropheAfterAlnum = false;
    } else {
      prevApostropheAfterAlnum = prevAlnum && isApostrophe(cp);
      prevAlnum = false;
    }
  }
  return words;
}
