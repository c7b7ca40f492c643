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
      text = new TextDecoder('windows-1252').decode(bytes);
    }
  }
  if (text.includes('\u0000')) {
    throw new ChorusError(ErrorCode.UNSUPPORTED_FORMAT, `${name} looks like a binary file, not a text transcript.`);
  }
  return normalizeText(text);
}

export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n');
}

export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}
