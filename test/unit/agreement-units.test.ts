/**
 * The units of agreement (`electron/core/team/agreement/units.ts`) against the obvious,
 * slow definitions: a per-character array, every turn checked against every coding, every
 * segment compared with every other. Random spans from a fixed seed.
 */
import { describe, expect, it } from 'vitest';
import {
  characterDistribution,
  hasSameSegment,
  sameSegment,
  segmentDistribution,
  turnDistribution,
  turnIndex,
  type Distribution,
  type Span,
} from '../../electron/core/team/agreement/units.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomSpans(r: () => number, count: number, length: number): Span[] {
  return Array.from({ length: count }, () => {
    const start = Math.floor(r() * (length - 1));
    return { start, end: start + 1 + Math.floor(r() * Math.min(60, length - start - 1)) };
  });
}

const asObject = (d: Distribution) => Object.fromEntries([...d].filter(([, w]) => w > 0).sort(([a], [b]) => a - b));

describe('units of agreement', () => {
  it('counts characters by coder pattern exactly as a per-character array does', () => {
    const r = rng(7);
    for (let round = 0; round < 200; round++) {
      const length = 50 + Math.floor(r() * 300);
      const coders = 2 + Math.floor(r() * 3);
      const byCoder = Array.from({ length: coders }, () => randomSpans(r, Math.floor(r() * 6), length));
      const slow = new Map<number, number>();
      for (let ch = 0; ch < length; ch++) {
        let mask = 0;
        byCoder.forEach((spans, c) => {
          if (spans.some((s) => s.start <= ch && ch < s.end)) mask |= 1 << c;
        });
        slow.set(mask, (slow.get(mask) ?? 0) + 1);
      }
      expect(asObject(characterDistribution(byCoder, length))).toEqual(asObject(slow));
    }
  });

  it('counts turns as coded when any character is, as checking every pair does', () => {
    const r = rng(11);
    for (let round = 0; round < 100; round++) {
      const turns: Span[] = [];
      for (let at = 0; turns.length < 12; ) {
        const start = at + Math.floor(r() * 4); // gaps for labels, and now and then an empty turn
        const end = start + Math.floor(r() * 30);
        turns.push({ start, end });
        at = end;
      }
      const length = turns[turns.length - 1]!.end + 5;
      const byCoder = [randomSpans(r, 4, length), randomSpans(r, 4, length)];
      const slow = new Map<number, number>();
      for (const t of turns) {
        let mask = 0;
        byCoder.forEach((spans, c) => {
          if (spans.some((s) => s.start < t.end && s.end > t.start && t.end > t.start)) mask |= 1 << c;
        });
        slow.set(mask, (slow.get(mask) ?? 0) + 1);
      }
      expect(asObject(turnDistribution(byCoder, turnIndex(turns)))).toEqual(asObject(slow));
    }
  });

  it('finds the same segment at every threshold exactly as comparing with every segment does', () => {
    const r = rng(13);
    for (let round = 0; round < 300; round++) {
      const threshold = 1 + Math.floor(r() * 100);
      const byCoder = [randomSpans(r, 6, 200), randomSpans(r, 6, 200)].map((s) => s.sort((a, b) => a.start - b.start));
      for (const s of byCoder[0]!) {
        expect(hasSameSegment(s, byCoder[1]!, threshold)).toBe(byCoder[1]!.some((t) => sameSegment(s, t, threshold)));
      }
      const dist = segmentDistribution(byCoder, threshold);
      expect([...dist.values()].reduce((a, b) => a + b, 0)).toBe(12);
    }
  });

  it('measures overlap as shared characters over the union, in whole numbers', () => {
    expect(sameSegment({ start: 0, end: 100 }, { start: 0, end: 90 }, 90)).toBe(true);
    expect(sameSegment({ start: 0, end: 100 }, { start: 1, end: 90 }, 90)).toBe(false);
    expect(sameSegment({ start: 0, end: 100 }, { start: 0, end: 90 }, 91)).toBe(false);
    expect(sameSegment({ start: 0, end: 10 }, { start: 10, end: 20 }, 1)).toBe(false);
    expect(sameSegment({ start: 0, end: 20 }, { start: 5, end: 15 }, 50)).toBe(true);
  });
});
