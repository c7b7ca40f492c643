/**
 * The REFI-QDA position boundary: code points (and vendors' UTF-16 / CRLF variants) over the
 * text as a tool wrote it, against UTF-16 offsets over the text Chorus stores (NFC, `\n`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../electron/core/documents/decode.js';
import { CodePoints, SourceTextMap } from '../../electron/core/exchange/refi/positions.js';
import { mapSourceText } from '../../electron/core/exchange/refi/source-text.js';
import type { RefiSelection } from '../../electron/core/exchange/refi/model.js';

const cpSlice = (s: string, a: number, b: number) => Array.from(s).slice(a, b).join('');

describe('CodePoints', () => {
  it('counts an emoji as one code point and two UTF-16 units', () => {
    const text = 'a😀b👍🏽c';
    const cp = new CodePoints(text);
    expect(cp.lengthCp).toBe(Array.from(text).length);
    expect(cp.toCodePoint(text.indexOf('b'))).toBe(2);
    expect(cp.toUtf16(2)).toBe(text.indexOf('b'));
    expect(cp.toUtf16(cp.lengthCp)).toBe(text.length);
    expect(cp.splitsPair(2)).toBe(true);
    expect(cp.splitsPair(3)).toBe(false);
  });

  it('converts back and forth at every character boundary (property)', () => {
    const chars = fc.constantFrom('a', 'é', 'e\u0301', '😀', '\n', '𝒳', '中', ' ');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const cp = new CodePoints(text);
        let u = 0;
        for (let i = 0; i <= Array.from(text).length; i++) {
          expect(cp.toUtf16(i)).toBe(u);
          expect(cp.toCodePoint(u)).toBe(i);
          if (i < Array.from(text).length) u += Array.from(text)[i]!.length;
        }
      }),
    );
  });
});

describe('SourceTextMap', () => {
  it('keeps the same characters coded in a CRLF source with emoji (code points)', () => {
    const raw = 'Moderator: Hello 😀\r\nP1: Thanks\r\nP2: Ça va\r\n';
    const map = new SourceTextMap(raw, 'codepoint');
    expect(map.text).toBe(normalizeText(raw));
    const start = Array.from(raw).indexOf('T');
    const end = start + 'Thanks'.length;
    expect(map.text.slice(map.start(start), map.end(end))).toBe('Thanks');
    const s2 = Array.from(raw).findIndex((c, i) => c === 'Ç' && i > 0);
    expect(map.text.slice(map.start(s2), map.end(s2 + 5))).toBe('Ça va');
  });

  it('composes combining marks and keeps the coded characters', () => {
    const raw = 'Cafe\u0301 au lait, cre\u0300me bru\u0302le\u0301e';
    const map = new SourceTextMap(raw, 'codepoint');
    expect(map.text).toBe(raw.normalize('NFC'));
    const start = Array.from(raw).indexOf('c');
    const end = Array.from(raw).length;
    expect(map.text.slice(map.start(start), map.end(end))).toBe('crème brûlée');
    // An end between a letter and its accent widens to the whole character.
    const e = Array.from(raw).indexOf('\u0301');
    expect(map.text.slice(0, map.end(e))).toBe('Café');
  });

  it('reads NVivo-style UTF-16 offsets with CRLF counted as two', () => {
    const raw = 'P1: 👍 good\r\nP2: 😀 fine\r\n';
    const map = new SourceTextMap(raw, 'utf16');
    const start = raw.indexOf('😀');
    const end = raw.indexOf('fine') + 4;
    expect(map.text.slice(map.start(start), map.end(end))).toBe('😀 fine');
  });

  it('maps every code-point selection of a random CRLF text to the same normalised text (property)', () => {
    const chars = fc.constantFrom('a', 'b', ' ', 'é', 'e\u0301', '😀', '\r\n', '\n', '中');
    fc.assert(
      fc.property(
        fc.array(chars, { minLength: 1, maxLength: 30 }),
        fc.nat(),
        fc.nat(),
        (parts, x, y) => {
          // Whole "parts" are the units a selection can cover without splitting a cluster.
          const raw = parts.join('');
          const cuts = [0];
          for (const p of parts) cuts.push(cuts[cuts.length - 1]! + Array.from(p).length);
          const a = cuts[x % cuts.length]!;
          const b = cuts[y % cuts.length]!;
          const [start, end] = a <= b ? [a, b] : [b, a];
          const map = new SourceTextMap(raw, 'codepoint');
          expect(map.text.slice(map.start(start), map.end(end))).toBe(normalizeText(cpSlice(raw, start, end)));
        },
      ),
    );
  });
});

describe('choosing the unit of a vendor', () => {
  const sel = (start: number, end: number, name = ''): RefiSelection => ({
    guid: '00000000-0000-4000-8000-000000000001', name, start, end, creator: null, createdAt: null,
    description: '', codings: [], noteRefs: [],
  });

  it('uses UTF-16 for NVivo and code points for others', () => {
    const raw = '😀😀😀 hello';
    const u16 = raw.indexOf('hello');
    expect(mapSourceText(raw, 'NVivo for Windows 12.6', [sel(u16, u16 + 5)]).rule.unit).toBe('utf16');
    const cp = Array.from(raw).indexOf('h');
    expect(mapSourceText(raw, 'QualCoder 3.5', [sel(cp, cp + 5, 'hello')]).rule.unit).toBe('codepoint');
  });

  it('falls back to the rule under which the selections name their own text', () => {
    const raw = 'one\r\ntwo\r\nthree\r\n';
    // ATLAS.ti counts CRLF as one: "three" starts at 8, not 10.
    const m = mapSourceText(raw, 'Some tool', [sel(8, 13, 'three')]);
    expect(m.rule.crlfAsOne).toBe(true);
    expect(m.map.text.slice(m.map.start(8), m.map.end(13))).toBe('three');
  });
});
