import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChorusError, ErrorCode } from '../../shared/errors.js';
import { countWords, decodeBytes, decodeText, isNfcStable, NFC_SKIPPED_RANGES, normalizeText } from '../../electron/core/documents/decode.js';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const concat = (...parts: (number[] | Uint8Array)[]) => new Uint8Array(parts.flatMap((p) => [...p]));

function utf16be(s: string): Uint8Array {
  const le = Buffer.from(s, 'utf16le');
  const out = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    out[i] = le[i + 1]!;
    out[i + 1] = le[i]!;
  }
  return new Uint8Array(out);
}

function decodeError(bytes: Uint8Array): ChorusError {
  try {
    decodeText(bytes, 'sample.txt');
  } catch (e) {
    expect(e).toBeInstanceOf(ChorusError);
    return e as ChorusError;
  }
  throw new Error('decodeText should have thrown');
}

const SAMPLE = 'Zoë: Café 🙂 “quoted” — ok';

describe('decodeText: encodings', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(decodeText(utf8(SAMPLE), 'a.txt')).toBe(SAMPLE);
  });

  it('reads UTF-8 with a BOM and drops the BOM', () => {
    const text = decodeText(concat([0xef, 0xbb, 0xbf], utf8(SAMPLE)), 'a.txt');
    expect(text).toBe(SAMPLE);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('reads UTF-16 LE with a BOM', () => {
    const text = decodeText(concat([0xff, 0xfe], Buffer.from(SAMPLE, 'utf16le')), 'a.txt');
    expect(text).toBe(SAMPLE);
  });

  it('reads UTF-16 BE with a BOM', () => {
    const text = decodeText(concat([0xfe, 0xff], utf16be(SAMPLE)), 'a.txt');
    expect(text).toBe(SAMPLE);
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', () => {
    // “Café” – 80 € … in Windows-1252: 0x93 Caf 0xE9 0x94 0x96 80 0x80 0x85
    const bytes = concat([0x93], utf8('Caf'), [0xe9, 0x94, 0x20, 0x96, 0x20], utf8('80 '), [0x80, 0x20, 0x85]);
    expect(decodeText(bytes, 'a.txt')).toBe('“Café” – 80 € …');
  });

  it('maps every Windows-1252 byte from 0x80 to 0x9F to its character, not to a C1 control', () => {
    const bytes = new Uint8Array(32).map((_, i) => 0x80 + i);
    const text = decodeText(concat(utf8('x'), [0xe9], bytes), 'a.txt');
    expect(text.slice(0, 2)).toBe('xé');
    // The five bytes Windows-1252 leaves undefined keep their C1 code points (WHATWG index).
    expect(text.slice(2)).toBe(
      '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ',
    );
  });

  it('reads Latin-1 letters through the Windows-1252 fallback', () => {
    expect(decodeText(new Uint8Array([0x4d, 0x61, 0xef, 0x74, 0xe9]), 'a.txt')).toBe('Maïté');
  });
});

describe('decodeBytes: reports the encoding it used', () => {
  it.each([
    ['UTF-8', utf8(SAMPLE), 'utf-8'],
    ['UTF-8 with BOM', concat([0xef, 0xbb, 0xbf], utf8(SAMPLE)), 'utf-8-bom'],
    ['UTF-16 LE with BOM', concat([0xff, 0xfe], Buffer.from(SAMPLE, 'utf16le')), 'utf-16le'],
    ['UTF-16 BE with BOM', concat([0xfe, 0xff], utf16be(SAMPLE)), 'utf-16be'],
    ['UTF-16 LE without BOM', new Uint8Array(Buffer.from(SAMPLE, 'utf16le')), 'utf-16le'],
    ['UTF-16 BE without BOM', utf16be(SAMPLE), 'utf-16be'],
  ] as const)('%s', (_name, bytes, encoding) => {
    expect(decodeBytes(bytes, 'a.txt')).toEqual({ text: SAMPLE, encoding });
  });

  it('Windows-1252', () => {
    expect(decodeBytes(new Uint8Array([0x93, 0x61, 0x94]), 'a.txt')).toEqual({ text: '“a”', encoding: 'windows-1252' });
  });

  it('reads UTF-16 without a BOM when every other byte is zero (short texts too)', () => {
    expect(decodeText(new Uint8Array(Buffer.from('Moderator: hi', 'utf16le')), 'a.txt')).toBe('Moderator: hi');
    expect(decodeText(utf16be('P1: ok'), 'a.txt')).toBe('P1: ok');
  });

  it('does not take UTF-8 text for UTF-16', () => {
    expect(decodeBytes(utf8('ab'), 'a.txt').encoding).toBe('utf-8');
    expect(decodeBytes(utf8('Moderator: hi!'), 'a.txt').encoding).toBe('utf-8');
  });

  it('drops a doubled byte-order mark', () => {
    expect(decodeText(concat([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], utf8('WEBVTT')), 'a.txt')).toBe('WEBVTT');
  });

  it('replaces invalid bytes after a UTF-8 BOM instead of switching code pages', () => {
    expect(decodeText(concat([0xef, 0xbb, 0xbf], utf8('ok '), [0xff]), 'a.txt')).toBe('ok \uFFFD');
  });
});

describe('decodeText: normalisation', () => {
  it('turns CRLF and lone CR into \\n', () => {
    expect(decodeText(utf8('a\r\nb\rc\n\r\nd\r\r'), 'a.txt')).toBe('a\nb\nc\n\nd\n\n');
  });

  it('turns CRLF into \\n in UTF-16 and Windows-1252 files as well', () => {
    expect(decodeText(concat([0xff, 0xfe], Buffer.from('a\r\nb', 'utf16le')), 'a.txt')).toBe('a\nb');
    expect(decodeText(new Uint8Array([0x93, 0x61, 0x94, 0x0d, 0x0a, 0x62]), 'a.txt')).toBe('“a”\nb');
  });

  it('composes to NFC (e + U+0301 becomes é)', () => {
    const text = decodeText(utf8('Cafe\u0301 Zoe\u0308'), 'a.txt');
    expect(text).toBe('Caf\u00e9 Zo\u00eb');
    expect(text.length).toBe(8);
  });

  it('keeps characters outside the BMP as surrogate pairs', () => {
    const text = decodeText(utf8('a😀b'), 'a.txt');
    expect(text.length).toBe(4);
    expect(text.codePointAt(1)).toBe(0x1f600);
  });

  it('normalizeText does the same to a string', () => {
    expect(normalizeText('e\u0301\r\nx\r')).toBe('é\nx\n');
  });

  it('turns the Unicode line and paragraph separators into \\n', () => {
    expect(normalizeText('a\u2028b\u2029c')).toBe('a\nb\nc');
  });
});

describe('decodeText: refusals', () => {
  it('refuses bytes with NUL as UNSUPPORTED_FORMAT (a binary file)', () => {
    const e = decodeError(concat(utf8('PK'), [0x03, 0x04, 0x00, 0x00, 0x14], utf8('word/document.xml')));
    expect(e.code).toBe(ErrorCode.UNSUPPORTED_FORMAT);
    expect(e.message).toContain('sample.txt');
  });

  it('refuses binary data that is not NUL-free as UNSUPPORTED_FORMAT (control characters)', () => {
    const bytes = new Uint8Array(400).map((_, i) => (i % 5 === 0 ? 0x41 : (i * 31) % 0x1f || 1));
    expect(decodeError(bytes).code).toBe(ErrorCode.UNSUPPORTED_FORMAT);
  });

  it('refuses UTF-32 with its BOM as UNSUPPORTED_FORMAT, saying so', () => {
    const e = decodeError(new Uint8Array([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]));
    expect(e.code).toBe(ErrorCode.UNSUPPORTED_FORMAT);
    expect(e.message).toMatch(/UTF-32/);
  });

  it('refuses an empty file as INVALID_INPUT', () => {
    const e = decodeError(new Uint8Array(0));
    expect(e.code).toBe(ErrorCode.INVALID_INPUT);
    expect(e.message).toContain('sample.txt');
  });
});

describe('countWords', () => {
  it.each([
    ['', 0],
    ['one', 1],
    ["don't stop", 2],
    ['Zoë’s café, 42 times — really?', 5],
    ['🙂 🙂', 0],
    ['co-residents', 2],
  ])('%j has %d words', (text, n) => {
    expect(countWords(text)).toBe(n);
  });
});

/**
 * Pieces that matter to word counting and to NFC: letters from several scripts, digits, both
 * apostrophes, combining marks (alone and after a letter), precomposed and decomposable letters,
 * compatibility and singleton decompositions (Ω U+2126, Å U+212B, U+2000, U+F900), Hangul syllables
 * and jamo, emoji and astral letters and a decomposable astral symbol, line ends of every kind.
 */
const PIECES = [
  'a', 'Z', 'é', 'e\u0301', '\u0301', '\u0307', 'q\u0307', 'ñ', 'n\u0303', '9', '٣', "'", '’', '-', ' ', '\n', '\r\n', '\r',
  '\u2028', '\u2029', '東', '京', 'Ł', 'ß', '\u2126', '\u212b', '\u2000', '\uf900', '한', '\u1100', '\u1161', '\u11a8',
  '🙂', '🤷\u200d♀️', '𝒜', '\u{1d15e}', '\u{2f800}', '.', ',', 'ǅ', 'ﬁ', '\u0344', '\u0958', 'ά', '\u03b1\u0301', 'ễ', 'e\u0302\u0303', '\u0315', '\u0323',
  // Pieces NFC joins across: an astral letter and its astral vowel sign (Kaithi), an Oriya vowel
  // and its length mark, a Hangul syllable and a final jamo, and a lone surrogate.
  '\u{11099}', '\u{110ba}', '\u0b47', '\u0b3e', '가', '\ud834',
];
const pieceText = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((p) => p.join(''));

describe('counting words and normalising in place', () => {
  it('counts the words of any stretch as the word pattern finds them in its slice', () => {
    const pattern = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
    fc.assert(
      fc.property(pieceText, fc.nat(), fc.nat(), (text, a, b) => {
        const start = Math.min(a, b) % (text.length + 1);
        const end = Math.max(start, Math.max(a, b) % (text.length + 1));
        expect(countWords(text, start, end)).toBe(text.slice(start, end).match(pattern)?.length ?? 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('normalises exactly as NFC with \\n line ends, whether or not it could skip the NFC pass', () => {
    fc.assert(
      fc.property(pieceText, (text) => {
        expect(normalizeText(text)).toBe(text.normalize('NFC').replace(/\r\n?|[\u2028\u2029]/gu, '\n'));
      }),
      { numRuns: 2000 },
    );
    expect(normalizeText('Ω and e\u0301')).toBe('Ω and é');
    expect(normalizeText('\u1100\u1161')).toBe('가');
    expect(normalizeText('Cafe\u0301 and e\u0301clair')).toBe('Café and éclair');
    expect(normalizeText('\u{11099}\u{110ba}')).toBe('\u{1109a}');
  });
});

describe('the characters normalisation skips', () => {
  it('are each left alone by NFC wherever they stand', () => {
    for (const [from, to] of NFC_SKIPPED_RANGES) {
      for (let cp = Math.max(from, 0x300); cp <= to; cp++) expect(isNfcStable(cp), cp.toString(16)).toBe(true);
    }
    expect(isNfcStable(0x2000)).toBe(false);
    expect(isNfcStable(0x0301)).toBe(false);
    expect(isNfcStable(0x1161)).toBe(false);
  });
});
