/**
 * Text positions at the REFI-QDA boundary.
 *
 * Chorus counts UTF-16 code units into its stored text (NFC, `\n` line ends). REFI-QDA counts
 * Unicode code points into the source file as written (spec §10.2), and real tools differ:
 * NVivo counts UTF-16 code units with CRLF as two, ATLAS.ti counts CRLF as one (see the fixtures'
 * FORMAT.md §5). Everything that converts lives here:
 *
 * - `CodePoints`: UTF-16 offsets <-> code-point offsets over one text (export, and import of
 *   files whose text is already what Chorus stores);
 * - `SourceTextMap`: a vendor's text as written -> the text Chorus stores, with offsets in the
 *   vendor's unit mapped to Chorus offsets, so that the same characters stay coded when the
 *   import normalises line ends and composes combining marks.
 */
import { normalizeText } from '../../documents/decode.js';
import { partitionPoint } from '../../../../shared/partition-point.js';

/** What a vendor's offsets count. */
export type OffsetUnit = 'codepoint' | 'utf16';

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** UTF-16 offsets where a surrogate pair starts (in order). */
function astralStarts(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length - 1; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
      out.push(i);
      i++;
    }
  }
  return out;
}

/** How many entries of a sorted array are < x. */
function countBelow(sorted: number[], x: number): number {
  return partitionPoint(sorted.length, (i) => sorted[i]! < x);
}

/** Converts offsets over one text between UTF-16 code units and code points, in O(log n) each. */
export class CodePoints {
  /** UTF-16 offsets of astral characters. */
  private readonly astral16: number[];
  /** The same characters' code-point offsets. */
  private readonly astralCp: number[];
  readonly length16: number;
  readonly lengthCp: number;

  constructor(readonly text: string) {
    this.astral16 = astralStarts(text);
    this.astralCp = this.astral16.map((u, i) => u - i);
    this.length16 = text.length;
    this.lengthCp = text.length - this.astral16.length;
  }

  /** A UTF-16 offset as a code-point offset; an offset inside a pair counts the pair as before it. */
  toCodePoint(offset16: number): number {
    return offset16 - countBelow(this.astral16, offset16 - 1);
  }

  /** A code-point offset as a UTF-16 offset. */
  toUtf16(offsetCp: number): number {
    return offsetCp + countBelow(this.astralCp, offsetCp);
  }

  /** Whether a UTF-16 offset falls between the two halves of a surrogate pair. */
  splitsPair(offset16: number): boolean {
    return (
      offset16 > 0 &&
      offset16 < this.text.length &&
      isLowSurrogate(this.text.charCodeAt(offset16)) &&
      isHighSurrogate(this.text.charCodeAt(offset16 - 1))
    );
  }
}

/** A line end and a character with the combining marks that follow it: what NFC works within. */
const CLUSTER = /\r\n|[^][\p{M}\u200d]*/gu;

/**
 * A source text as a vendor wrote it, the text Chorus stores for it, and the mapping between
 * offsets in the two. Offsets inside a cluster that normalisation merges (between `\r` and `\n`,
 * between a letter and its accent) widen to the whole cluster: a start moves back, an end forward.
 */
export class SourceTextMap {
  /** The text Chorus stores: NFC, `\n`. */
  readonly text: string;
  /** Cluster starts in the vendor's unit, and where each starts in `text`; both end with the totals. */
  private readonly vendorStarts: number[] | null;
  private readonly chorusStarts: number[] | null;
  private readonly simple: CodePoints | null;
  readonly vendorLength: number;

  constructor(
    raw: string,
    readonly unit: OffsetUnit,
  ) {
    const normalized = normalizeText(raw);
    if (normalized === raw) {
      // Nothing moves: only the unit may differ.
      this.text = raw;
      this.simple = new CodePoints(raw);
      this.vendorStarts = this.chorusStarts = null;
      this.vendorLength = unit === 'utf16' ? raw.length : this.simple.lengthCp;
      return;
    }
    this.simple = null;
    const vendorStarts: number[] = [];
    const chorusStarts: number[] = [];
    const pieces: string[] = [];
    let v = 0;
    let c = 0;
    for (const m of raw.matchAll(CLUSTER)) {
      const cluster = m[0];
      const piece = normalizeText(cluster);
      vendorStarts.push(v);
      chorusStarts.push(c);
      pieces.push(piece);
      v += unit === 'utf16' ? cluster.length : codePointCount(cluster);
      c += piece.length;
    }
    vendorStarts.push(v);
    chorusStarts.push(c);
    const joined = pieces.join('');
    // NFC composes across our clusters only in rare scripts (Hangul jamo, some Indic marks); then
    // the whole text is normalised and offsets keep the cluster mapping, which is close.
    this.text = joined === normalized ? joined : normalized;
    this.vendorStarts = vendorStarts;
    this.chorusStarts = chorusStarts;
    this.vendorLength = v;
  }

  /** A vendor's start offset in Chorus units (moved back to the start of its cluster). */
  start(vendorOffset: number): number {
    if (this.simple) {
      const u = this.unit === 'utf16' ? vendorOffset : this.simple.toUtf16(vendorOffset);
      return this.simple.splitsPair(u) ? u - 1 : u;
    }
    const i = countBelow(this.vendorStarts!, vendorOffset + 1) - 1;
    return Math.min(this.chorusStarts![Math.max(0, i)]!, this.text.length);
  }

  /** A vendor's end offset in Chorus units (moved forward to the end of its cluster). */
  end(vendorOffset: number): number {
    if (this.simple) {
      const u = this.unit === 'utf16' ? vendorOffset : this.simple.toUtf16(vendorOffset);
      return this.simple.splitsPair(u) ? u + 1 : u;
    }
    const i = countBelow(this.vendorStarts!, vendorOffset);
    return Math.min(this.chorusStarts![Math.min(i, this.chorusStarts!.length - 1)]!, this.text.length);
  }

  /** Whether an offset of the vendor's falls on a character boundary of its text. */
  isBoundary(vendorOffset: number): boolean {
    if (vendorOffset < 0 || vendorOffset > this.vendorLength) return false;
    if (this.simple) {
      return this.unit !== 'utf16' || !this.simple.splitsPair(vendorOffset);
    }
    return true;
  }
}

export function codePointCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    if (isHighSurrogate(s.charCodeAt(i)) && isLowSurrogate(s.charCodeAt(i + 1))) {
      n--;
      i++;
    }
  }
  return n;
}
