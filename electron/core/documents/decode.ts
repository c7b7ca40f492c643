import { ChorusError, ErrorCode } from '../../../shared/errors.js';

/**
 * Turns a file's bytes into Chorus text: decoded (UTF-8 with or without BOM, UTF-16 LE/BE by
 * BOM, else Windows-1252), NFC, `\n` line ends. The result is what positions count in, and it
 * never changes after import.
 */
export function decodeText(bytes: Uint8Array, name: string): string {
  if (bytes.length === 0) throw new ChorusError(ErrorCode.INVALID_INPUT, `${name} is empty.`);
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    try {
      // TextDecoder drops a UTF-8 BOM by itself.
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = decodeWindows1252(bytes);
    }
  }
  if (text.includes('\u0000')) {
    throw new ChorusError(ErrorCode.UNSUPPORTED_FORMAT, `${name} looks like a binary file, not a text transcript.`);
  }
  return normalizeText(text);
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

export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n');
}

export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}
