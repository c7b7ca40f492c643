/**
 * Word documents (.docx): paragraphs become lines with a blank line between them, and then the
 * plain-text rules find the speakers (a Teams transcript, `Alvarez, Tomas   0:03` above each turn's
 * paragraph, is read like an Otter one); a transcript laid out as a table (time | speaker | text,
 * speaker | text, with or without a header row) gives one turn per row, with its timestamp.
 *
 * A .docx is a zip of XML parts, and neither is trusted. Before mammoth sees the file:
 * - the zip's directory is read (JSZip, as mammoth itself does) and refused with TOO_LARGE when it
 *   has too many entries, declares entries too large, or a compression ratio only a zip bomb has;
 * - every XML part mammoth may read is inflated as a stream that is cut off at a hard limit (a
 *   directory can lie about sizes), and refused when it holds a DTD (`<!DOCTYPE`, `<!ENTITY`),
 *   which Word never writes: no entity expansion, no external entities.
 * Images are never read (mammoth is given an image converter that ignores them), and mammoth does
 * not follow links to external files. mammoth's HTML is walked with fast-xml-parser.
 */
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { XMLParser } from 'fast-xml-parser';
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import { TranscriptBuilder, cleanPiece, fillEndTimes } from './builder.js';
import { cleanLabel, isNonSpeech, isPlausibleLabel, isTypicalLabel } from './labels.js';
import { findTextTurns } from './text.js';
import { TS, formatTimestamp, timeRange } from './timestamps.js';
import type { SpeakerCandidate, TurnsOf } from './types.js';
import { checkZipDirectory, hasDtd, inflateBounded, MB, sizesOf, zipTooLarge, type ZipLimits } from './zip-safety.js';

export type { ZipLimits } from './zip-safety.js';

export const DOCX_LIMITS: ZipLimits = {
  maxEntries: 5000,
  maxPartBytes: 64 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 8 * 1024 * 1024,
};

const WORD = 'a Word transcript';

function reason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/\s+/gu, ' ').slice(0, 160);
}

async function openDocx(
  bytes: Uint8Array,
  fileName: string,
  claimedDocx: boolean,
  limits: ZipLimits,
): Promise<void> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false, createFolders: false });
  } catch (e) {
    if (claimedDocx) {
      throw new ChorusError(ErrorCode.CORRUPT_FILE, `${fileName} is damaged: it is not a readable Word document (${reason(e)}).`);
    }
    throw new ChorusError(
      ErrorCode.UNSUPPORTED_FORMAT,
      `${fileName} is not a transcript: it holds binary data (a damaged zip archive), not text.`,
    );
  }
  const entries = Object.values(zip.files).filter((f) => !f.dir);
  checkZipDirectory(entries, fileName, limits, WORD);

  if (!zip.file('word/document.xml')) {
    const kind = zip.file('xl/workbook.xml')
      ? 'an Excel workbook'
      : zip.file('ppt/presentation.xml')
        ? 'a PowerPoint presentation'
        : zip.file('content.xml') && zip.file('mimetype')
          ? 'an OpenDocument file (save it as .docx)'
          : 'a zip archive';
    throw new ChorusError(
      claimedDocx ? ErrorCode.CORRUPT_FILE : ErrorCode.UNSUPPORTED_FORMAT,
      `${fileName} is ${kind}, not a Word document: it has no word/document.xml.`,
    );
  }

  let inflated = 0;
  for (const entry of entries) {
    if (!/\.(?:xml|rels)$/iu.test(entry.name)) continue;
    const { uncompressed } = sizesOf(entry);
    if (uncompressed > limits.maxPartBytes) {
      throw zipTooLarge(fileName, `its part ${entry.name.slice(0, 80)} unpacks to ${MB(uncompressed)}`, WORD);
    }
    const data = await inflateBounded(entry, Math.min(limits.maxPartBytes, limits.maxTotalBytes - inflated), fileName, WORD);
    if (data === null) continue;
    inflated += data.length;
    if (hasDtd(data)) {
      throw new ChorusError(
        ErrorCode.CORRUPT_FILE,
        `${fileName} is not a normal Word document: ${entry.name.slice(0, 80)} declares a DTD, which Chorus refuses to read.`,
      );
    }
  }
}

// --- mammoth's HTML to blocks ------------------------------------------------------------------

/** A paragraph (boldLabel: it opens with a bold `Name:`), or a table's rows of cell texts. */
type Block = { kind: 'para'; text: string; boldLabel?: boolean } | { kind: 'table'; rows: string[][] };
type XNode = Record<string, unknown>;

const BLOCK_TAGS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'blockquote', 'div', 'pre', 'dl', 'dt', 'dd',
  'hr', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'section', 'article', 'header', 'footer', 'aside',
]);

function tagOf(node: XNode): string | null {
  for (const key of Object.keys(node)) if (key !== ':@') return key;
  return null;
}

function childrenOf(node: XNode, tag: string): XNode[] {
  const c = node[tag];
  return Array.isArray(c) ? (c as XNode[]) : [];
}

function flush(out: Block[], buf: string[]): void {
  if (buf.length === 0) return;
  const text = cleanPiece(buf.join('')).trim();
  buf.length = 0;
  if (text.length > 0) out.push({ kind: 'para', text });
}

function collect(nodes: XNode[], out: Block[], buf: string[]): void {
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === null) continue;
    if (tag === '#text') {
      buf.push(String(node['#text']));
      continue;
    }
    if (tag === 'br') {
      buf.push('\n');
      continue;
    }
    const children = childrenOf(node, tag);
    if (tag === 'table') {
      flush(out, buf);
      out.push({ kind: 'table', rows: tableRows(children) });
    } else if (BLOCK_TAGS.has(tag)) {
      flush(out, buf);
      const first = out.length;
      collect(children, out, buf);
      flush(out, buf);
      const para = out[first];
      if (out.length === first + 1 && para?.kind === 'para' && opensWithBoldLabel(children, para.text)) para.boldLabel = true;
    } else {
      collect(children, out, buf);
    }
  }
}

function plainText(nodes: XNode[]): string {
  const out: string[] = [];
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === '#text') out.push(String(node['#text']));
    else if (tag !== null) out.push(plainText(childrenOf(node, tag)));
  }
  return out.join('');
}

/** The paragraph starts with bold type that holds its label: `<strong>Name:</strong> …`, `<strong>Name</strong>: …`. */
function opensWithBoldLabel(children: XNode[], text: string): boolean {
  const bold: string[] = [];
  for (const node of children) {
    const tag = tagOf(node);
    if (tag === 'strong') bold.push(plainText(childrenOf(node, tag)));
    else if (tag === '#text' && bold.length === 0 && String(node['#text']).trim() === '') continue;
    else break;
  }
  const label = cleanPiece(bold.join('')).trim().replace(/:$/u, '').trim();
  const colon = text.indexOf(':');
  return label.length > 0 && colon > 0 && text.slice(0, colon).trim() === label;
}

function cellText(nodes: XNode[]): string {
  const blocks: Block[] = [];
  const buf: string[] = [];
  collect(nodes, blocks, buf);
  flush(blocks, buf);
  return blocks
    .map((b) => (b.kind === 'para' ? b.text : b.rows.map((r) => r.filter(Boolean).join('\t')).join('\n')))
    .join('\n');
}

function tableRows(nodes: XNode[]): string[][] {
  const rows: string[][] = [];
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === 'thead' || tag === 'tbody' || tag === 'tfoot') rows.push(...tableRows(childrenOf(node, tag)));
    else if (tag === 'tr') {
      const cells: string[] = [];
      for (const cell of childrenOf(node, tag)) {
        const t = tagOf(cell);
        if (t === 'td' || t === 'th') cells.push(cellText(childrenOf(cell, t)));
      }
      rows.push(cells);
    }
  }
  return rows;
}

function htmlBlocks(html: string, fileName: string): Block[] {
  let tree: unknown;
  try {
    const parser = new XMLParser({
      preserveOrder: true,
      ignoreAttributes: true,
      trimValues: false,
      parseTagValue: false,
      processEntities: true,
      htmlEntities: false,
      maxNestedTags: 1000,
    });
    tree = parser.parse(`<root>${html}</root>`);
  } catch (e) {
    throw new ChorusError(ErrorCode.CORRUPT_FILE, `${fileName} could not be read: its content is malformed (${reason(e)}).`);
  }
  const root = Array.isArray(tree) ? (tree as XNode[]).find((n) => tagOf(n) === 'root') : undefined;
  const out: Block[] = [];
  const buf: string[] = [];
  if (root) collect(childrenOf(root, 'root'), out, buf);
  flush(out, buf);
  return out;
}

// --- tables laid out as transcripts ------------------------------------------------------------

const TIME_CELL = new RegExp(
  String.raw`^[\[(]?${TS}(?:[ \t]{0,3}(?:-{1,2}>?|–|—|to)[ \t]{0,3}${TS})?[\])]?$`,
  'u',
);
const HEADER_CELL =
  /^(?:time(?:stamp|code)?s?|time ?code|start(?: time)?|end(?: time)?|in|out|tc|speakers?(?: name)?|name|participant|who|person|role|text|transcript(?:ion)?|content|utterance|dialogue|speech|said|what was said|comments?|line|#|no\.?|nr\.?|id)$/iu;
const SPEAKER_HEADER = /speaker|name|participant|who|person|role/iu;

interface TableLayout {
  header: boolean;
  time: number | null;
  speaker: number | null;
  text: number;
}

/** A speaker cell's label (`Moderator:` → `Moderator`), or null if the cell cannot be one. */
function speakerLabel(cell: string): string | null {
  if (cell.length === 0 || cell.length > 80) return null;
  const label = cleanLabel(cell.replace(/:\s*$/u, ''));
  if (label.length === 0 || /[?!;"“”\n]/u.test(label) || label.endsWith('.') || TIME_CELL.test(label)) return null;
  return isPlausibleLabel(label, 8) && !isNonSpeech(label) ? label : null;
}

function analyzeTable(rows: string[][]): TableLayout | null {
  let width = 0;
  for (const r of rows) width = Math.max(width, r.length);
  if (width < 2 || rows.length === 0) return null;
  const cell = (r: string[], c: number) => (r[c] ?? '').trim();
  const first = rows[0]!;
  const named = first.filter((c) => c.trim()).length;
  let header = named >= 2 && first.every((c) => !c.trim() || HEADER_CELL.test(c.trim().slice(0, 40)));

  const probe = rows.length >= 2 ? rows.slice(1) : rows;
  let time: number | null = null;
  for (let c = 0; c < width && time === null; c++) {
    const n = probe.filter((r) => TIME_CELL.test(cell(r, c).slice(0, 60))).length;
    if (n >= Math.max(1, 0.8 * probe.length)) time = c;
  }
  if (time !== null && rows.length >= 2 && !TIME_CELL.test(cell(first, time).slice(0, 60))) header = true;
  const body = header ? rows.slice(1) : rows;
  if (body.length === 0) return null;

  let speaker: number | null = null;
  let speakerByHeader = false;
  for (let c = 0; c < width; c++) {
    if (c === time) continue;
    const cells = body.map((r) => cell(r, c)).filter(Boolean);
    if (cells.length === 0 || cells.length < 0.5 * body.length) continue;
    const labels = cells.map(speakerLabel);
    if (labels.some((l) => l === null)) continue;
    const saysSpeaker = header && SPEAKER_HEADER.test(cell(first, c));
    const repeated = new Set(labels).size < labels.length;
    const typical = labels.every((l) => isTypicalLabel(l!));
    const ok = saysSpeaker || time !== null || (body.length >= 2 && (repeated || typical));
    if (!ok) continue;
    if (speaker === null || (saysSpeaker && !speakerByHeader)) {
      speaker = c;
      speakerByHeader = saysSpeaker;
    }
  }

  let text: number | null = null;
  let longest = 0;
  for (let c = 0; c < width; c++) {
    if (c === time || c === speaker) continue;
    const total = body.reduce((n, r) => n + cell(r, c).length, 0);
    if (total > longest) {
      longest = total;
      text = c;
    }
  }
  if (text === null) return null;
  if (speaker === null && time === null) return null;
  return { header, time, speaker, text };
}

// --- the document ------------------------------------------------------------------------------

export async function parseDocx(
  bytes: Uint8Array,
  fileName: string,
  options: { detectSpeakers: boolean; claimedDocx: boolean; extraLabels?: readonly string[] },
  limits: ZipLimits = DOCX_LIMITS,
): Promise<{ text: string } & TurnsOf> {
  await openDocx(bytes, fileName, options.claimedDocx, limits);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
        externalFileAccess: false,
        includeEmbeddedStyleMap: false,
        ignoreEmptyParagraphs: true,
      },
    );
    html = result.value;
  } catch (e) {
    if (e instanceof ChorusError) throw e;
    throw new ChorusError(ErrorCode.CORRUPT_FILE, `${fileName} is damaged: its text could not be read (${reason(e)}).`);
  }

  const detectSpeakers = options.detectSpeakers;
  const extraLabels = options.extraLabels ?? [];
  const out = new TranscriptBuilder();
  const candidates = new Map<string, SpeakerCandidate>();
  let paragraphs: string[] = [];
  let boldLabels = new Set<number>();
  let offset = 0;
  const addParagraph = (text: string, boldLabel = false) => {
    if (paragraphs.length > 0) offset += 2;
    if (boldLabel) boldLabels.add(offset);
    paragraphs.push(text);
    offset += text.length;
  };
  const flushText = () => {
    if (paragraphs.length === 0) return;
    const text = paragraphs.join('\n\n');
    const found = findTextTurns(text, { detectSpeakers, boldLineStarts: boldLabels, extraLabels });
    out.addBlock(text, found);
    for (const c of found.candidates ?? []) {
      const known = candidates.get(c.label);
      if (known) known.count += c.count;
      else candidates.set(c.label, { ...c });
    }
    paragraphs = [];
    boldLabels = new Set();
    offset = 0;
  };

  for (const block of htmlBlocks(html, fileName)) {
    if (block.kind === 'para') {
      addParagraph(block.text, block.boldLabel);
      continue;
    }
    const layout = analyzeTable(block.rows);
    const cell = (r: string[], c: number | null) => (c === null ? '' : (r[c] ?? '').trim());
    if (!layout) {
      // A table that is not a transcript: its rows as lines of text.
      const text = block.rows
        .map((r) => r.map((c) => c.trim()).filter(Boolean).join('\t'))
        .filter(Boolean)
        .join('\n');
      if (text) addParagraph(text);
      continue;
    }
    const body = layout.header ? block.rows.slice(1) : block.rows;
    if (layout.speaker === null) {
      // time | text: the rows as timestamped paragraphs; labels inside them are found as in text.
      for (const r of body) {
        const said = cell(r, layout.text);
        if (!said) continue;
        const [t0] = timeRange(cell(r, layout.time));
        addParagraph(t0 === null ? said : `[${formatTimestamp(t0)}] ${said}`);
      }
      continue;
    }
    flushText();
    let rowsAdded = 0;
    for (const r of body) {
      const said = cell(r, layout.text);
      if (!said) continue;
      const label = speakerLabel(cell(r, layout.speaker));
      const [t0, t1] = timeRange(cell(r, layout.time));
      const stamp = t0 === null ? '' : `[${formatTimestamp(t0)}] `;
      if (label === null) {
        // No speaker in the row: the turn above goes on.
        if (rowsAdded > 0 && out.continueTurn('\n', said, t1)) continue;
        out.addTurn(stamp, said, { speaker: null, timeStart: t0, timeEnd: t1 });
      } else if (detectSpeakers) {
        out.addTurn(`${stamp}${label}: `, said, { speaker: label, timeStart: t0, timeEnd: t1 });
      } else {
        out.addTurn(stamp, `${label}: ${said}`, { speaker: null, timeStart: t0, timeEnd: t1 });
      }
      rowsAdded++;
    }
  }
  flushText();
  const built = out.build();
  fillEndTimes(built.turns);
  // A label taken as a speaker in one block of text is no possible speaker elsewhere.
  const speakers = new Set(built.speakers);
  return { ...built, candidates: [...candidates.values()].filter((c) => !speakers.has(c.label)) };
}
