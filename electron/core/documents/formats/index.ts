/**
 * One entry point for every transcript format Chorus imports: parseSource(bytes, fileName).
 *
 * The format is found from the content first and the file name second: a zip with
 * word/document.xml is a .docx whatever its name, a text starting with `WEBVTT` is WebVTT even
 * in a .txt, a text opening with an SRT cue is SRT; otherwise .md / .markdown is Markdown and
 * anything else is plain text. Known binary formats (old .doc, PDF, RTF, audio, video, images)
 * are refused by name.
 *
 * The result is the text Chorus stores (NFC, `\n` line ends; for subtitles and Word tables a
 * readable transcript generated from them), its turns as spans of that text, the speakers, and the
 * labels that open a paragraph but were not taken (`candidates`; `extraLabels` takes them).
 * Every failure is a ChorusError naming the file: UNSUPPORTED_FORMAT, CORRUPT_FILE, INVALID_INPUT
 * (empty, no text), TOO_LARGE (zip bombs); an unexpected error inside the parser is reported as
 * INTERNAL, never thrown as anything else.
 */
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import { decodeBytes } from '../decode.js';
import { parseDocx } from './docx.js';
import { hasCueTimings, looksLikeSrt, looksLikeWebVtt, parseSubtitles } from './subtitles.js';
import { findTextTurns } from './text.js';
import type { ParsedSource, ParseOptions, SourceFormat } from './types.js';

export type { ParsedSource, ParseOptions, SourceFormat, SourceTurn } from './types.js';

function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/u).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

function startsWith(bytes: Uint8Array, signature: number[], at = 0): boolean {
  return signature.every((b, i) => bytes[at + i] === b);
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** Binary formats researchers drop by mistake, with what to do instead. */
const KNOWN_BINARIES: { test: (b: Uint8Array) => boolean; what: string }[] = [
  {
    test: (b) => startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    what: 'an old Word (.doc) or Office file; save it as .docx and import that',
  },
  { test: (b) => startsWith(b, ascii('%PDF')), what: 'a PDF; export the transcript as .docx or .txt' },
  { test: (b) => startsWith(b, ascii('{\\rtf')), what: 'an RTF document; save it as .docx or .txt' },
  {
    test: (b) =>
      startsWith(b, ascii('ID3')) ||
      startsWith(b, ascii('fLaC')) ||
      startsWith(b, ascii('OggS')) ||
      (startsWith(b, ascii('RIFF')) && (startsWith(b, ascii('WAVE'), 8) || startsWith(b, ascii('AVI '), 8))) ||
      startsWith(b, ascii('ftyp'), 4) ||
      startsWith(b, [0x1a, 0x45, 0xdf, 0xa3]) ||
      (b[0] === 0xff && b[1] !== undefined && (b[1] & 0xe0) === 0xe0 && b[1] !== 0xfe && b[1] !== 0xff),
    what: 'a recording (audio or video); Chorus imports transcripts, not recordings',
  },
  {
    test: (b) =>
      startsWith(b, [0x89, 0x50, 0x4e, 0x47]) ||
      startsWith(b, [0xff, 0xd8, 0xff]) ||
      startsWith(b, ascii('GIF8')),
    what: 'an image',
  },
  { test: (b) => startsWith(b, ascii('SQLite format 3\u0000')), what: 'a database (perhaps a Chorus project)' },
];

function isZip(bytes: Uint8Array): boolean {
  return (
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    ((bytes[2] === 0x03 && bytes[3] === 0x04) || (bytes[2] === 0x05 && bytes[3] === 0x06) || (bytes[2] === 0x07 && bytes[3] === 0x08))
  );
}

const DOCX_EXTENSIONS = new Set(['docx', 'docm', 'dotx', 'dotm']);
const MARKDOWN_EXTENSIONS = new Set(['md', 'markdown', 'mdown', 'mkd']);

async function parse(bytes: Uint8Array, fileName: string, options: ParseOptions): Promise<ParsedSource> {
  if (!(bytes instanceof Uint8Array)) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, `${fileName}: no file content was given.`);
  }
  if (bytes.length === 0) throw new ChorusError(ErrorCode.INVALID_INPUT, `${fileName} is empty.`);
  const detectSpeakers = options.detectSpeakers ?? true;
  const extraLabels = options.extraLabels ?? [];
  const ext = extensionOf(fileName);

  if (isZip(bytes)) {
    const doc = await parseDocx(bytes, fileName, { detectSpeakers, claimedDocx: DOCX_EXTENSIONS.has(ext), extraLabels });
    if (doc.text.trim().length === 0) throw new ChorusError(ErrorCode.INVALID_INPUT, `${fileName} has no text.`);
    return { format: 'docx', encoding: 'docx', ...doc };
  }
  const binary = KNOWN_BINARIES.find((k) => k.test(bytes));
  if (binary) throw new ChorusError(ErrorCode.UNSUPPORTED_FORMAT, `${fileName} is ${binary.what}.`);
  if (DOCX_EXTENSIONS.has(ext)) {
    throw new ChorusError(ErrorCode.CORRUPT_FILE, `${fileName} is not a valid Word document: a .docx is a zip package, and this file is not one.`);
  }

  const { text, encoding } = decodeBytes(bytes, fileName);
  if (text.trim().length === 0) throw new ChorusError(ErrorCode.INVALID_INPUT, `${fileName} has no text.`);

  let format: SourceFormat;
  if (looksLikeWebVtt(text)) format = 'vtt';
  else if (ext === 'vtt' || ext === 'srt') {
    if (!hasCueTimings(text)) {
      throw new ChorusError(
        ErrorCode.CORRUPT_FILE,
        `${fileName} is not a valid ${ext === 'vtt' ? 'WebVTT' : 'SRT'} file: it has no cue timings (00:00:01.000 --> 00:00:04.000).`,
      );
    }
    format = ext;
  } else if (looksLikeSrt(text)) format = 'srt';
  else format = MARKDOWN_EXTENSIONS.has(ext) ? 'md' : 'txt';

  if (format === 'vtt' || format === 'srt') {
    return { format, encoding, ...parseSubtitles(text, format, fileName, detectSpeakers) };
  }
  const found = findTextTurns(text, { detectSpeakers, markdown: format === 'md', extraLabels });
  return { format, encoding, text, ...found };
}

/** Spans inside the text, in order, not overlapping, not splitting a surrogate pair. */
function checkTurns(result: ParsedSource, fileName: string): ParsedSource {
  const { text, turns } = result;
  let previousEnd = 0;
  const splits = (i: number) => {
    const c = text.charCodeAt(i);
    return i > 0 && i < text.length && c >= 0xdc00 && c <= 0xdfff && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800;
  };
  for (const t of turns) {
    if (t.start < previousEnd || t.end < t.start || t.end > text.length || splits(t.start) || splits(t.end)) {
      throw new ChorusError(ErrorCode.INTERNAL, `${fileName}: the transcript's turns came out inconsistent; please report this file.`);
    }
    previousEnd = t.end;
  }
  return result;
}

/**
 * Reads a transcript file of any supported format. Never throws anything but a ChorusError.
 */
export async function parseSource(bytes: Uint8Array, fileName: string, options: ParseOptions = {}): Promise<ParsedSource> {
  try {
    return checkTurns(await parse(bytes, fileName, options), fileName);
  } catch (e) {
    if (e instanceof ChorusError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new ChorusError(ErrorCode.INTERNAL, `${fileName} could not be read: ${message.slice(0, 200)}`);
  }
}
